import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig } from '../../src/config/index.ts';
import { FakeClock, SeededRng, warmUpBySelfCalls } from '../../src/engine/index.ts';
import type { RunContext } from '../../src/engine/index.ts';
import { loadBuiltinScenario, loadScenarioXml } from '../../src/scenario/index.ts';

function ctx(): RunContext {
  return {
    clock: new FakeClock(0),
    rng: new SeededRng(7),
    pid: 77,
    engineId: '77',
    service: 'service',
    remoteIp: '127.0.0.1',
    remoteHost: '127.0.0.1',
    remotePort: 5060,
    localIp: '127.0.0.1',
    localIpType: 4,
    mediaIp: '127.0.0.1',
    mediaIpType: 4,
    mediaPort: 6000,
    baseCseq: 0,
    userKeywords: {},
    globals: new Map([['g', 'before']]),
    globalNames: new Set(['g']),
  };
}

test('a client scenario places its self-calls against the built-in uas, all in process', () => {
  const c = ctx();
  const config = { ...defaultRunConfig(), defaultPauseMs: 10_000 };
  assert.equal(warmUpBySelfCalls(loadBuiltinScenario('uac'), config, c, 50), 50);
  assert.equal(c.clock.now(), 0, "the run's own clock is not moved");
});

test('a server scenario answers self-calls from the built-in uac', () => {
  // The count is of calls the (built-in) client placed; the server's work is what gets warm.
  assert.equal(warmUpBySelfCalls(loadBuiltinScenario('uas'), defaultRunConfig(), ctx(), 40), 40);
});

test('a scenario the opposite built-in cannot satisfy still ends, bounded, without touching globals', () => {
  const xml = `<scenario>
    <send><![CDATA[
      OPTIONS sip:[service]@[remote_ip] SIP/2.0
      Call-ID: [call_id]
      CSeq: [cseq] OPTIONS
      Content-Length: 0
    ]]></send>
    <recv response="200"><action><assignstr assign_to="g" value="changed"/></action></recv>
    <Reference variables="g"/>
  </scenario>`;
  const c = ctx();
  const started = Date.now();
  warmUpBySelfCalls(loadScenarioXml(xml, 'options.xml'), defaultRunConfig(), c, 20);
  assert.ok(Date.now() - started < 10_000, 'bounded in wall time');
  assert.equal(c.globals.get('g'), 'before', 'warm-up works on a copy of the globals');
});

test('the warm-up draws its own random numbers: a -seed run replays with or without it', () => {
  const xml = `<scenario>
    <send lost="50"><![CDATA[
      OPTIONS sip:[service]@[remote_ip] SIP/2.0
      Call-ID: [call_id]
      CSeq: [cseq] OPTIONS
      Content-Length: 0
    ]]></send>
    <pause min="1" max="5"/>
  </scenario>`;
  let draws = 0;
  const c: RunContext = {
    ...ctx(),
    rng: {
      next: () => {
        draws++;
        return 0.5;
      },
    },
  };
  assert.equal(warmUpBySelfCalls(loadScenarioXml(xml, 'lossy.xml'), defaultRunConfig(), c, 20), 20);
  assert.equal(draws, 0);
});
