// -oocsf / -oocsn: requests of no call run through the out-of-call scenario as calls of their
// own, with their own statistics; what SIPp 3.6.1 does (observed with sipp -sn uac -oocsn ...:
// ooc_default answered OPTIONS and INVITE with 200, ooc_dummy aborted on the unexpected request
// and answered nothing; see also test/interop/out-of-call.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas, buildRequest, buildResponse } from '../peers/memory-transport.ts';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { isParseFailure, parseSipMessage } from '../../src/sip/index.ts';
import { EngineHarness, clientXml } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

/** A uac that places no call of its own (rate 0) so only out-of-call traffic is seen. */
function harness(o: Partial<HarnessOptions> = {}): EngineHarness {
  return new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 0 },
    peer: new ScriptedUas({}),
    ...o,
  });
}

test('ooc_default answers any out-of-call request with 200 and keeps the call for 4 s', () => {
  const h = harness({ outOfCallScenario: 'ooc_default' });
  h.transport.inject(buildRequest('OPTIONS', { callId: 'ooc-1', cseq: 7 }));
  h.transport.inject(buildRequest('NOTIFY', { callId: 'ooc-2', cseq: 1 }));
  h.run(1);
  const answers = h.transport.sent.map((d) => d.msg);
  assert.deepEqual(
    answers.map((m) => `${m.statusCode} ${m.header('CSeq')} ${m.callId()}`),
    ['200 7 OPTIONS ooc-1', '200 1 NOTIFY ooc-2'],
  );
  assert.match(answers[0].header('Contact') ?? '', /^<sip:127\.0\.0\.1:\d+;transport=UDP>$/);
  assert.equal(h.engine.currentCalls, 2, 'in their timewait');
  // A retransmitted request reaches its call, which answers again.
  h.transport.inject(buildRequest('OPTIONS', { callId: 'ooc-1', cseq: 7 }));
  h.run(1);
  assert.equal(h.transport.sent.length, 3);
  h.run(4100);
  assert.equal(h.engine.currentCalls, 0);

  // The run's own statistics: auto-answered, no out-of-call message, no call of the run's.
  const c = h.counters();
  assert.equal(c.AutoAnswered, 2);
  assert.equal(c.OutOfCallMsgs, 0);
  assert.equal(c.IncomingCall, 0);
  assert.equal(c.SuccessfulCall, 0);
  // The out-of-call scenario's own.
  const ooc = h.engine.outOfCallStats;
  assert.ok(ooc);
  const own = ooc.snapshot(h.clock.now()).cumulative;
  assert.equal(own.IncomingCall, 2);
  assert.equal(own.SuccessfulCall, 2);
  assert.deepEqual(
    h.trace.warnings.filter((w) => w.startsWith('Received out-of-call')),
    [
      'Received out-of-call OPTIONS message, using the out-of-call scenario',
      'Received out-of-call NOTIFY message, using the out-of-call scenario',
    ],
  );
});

test('out-of-call responses are still only counted', () => {
  const h = harness({ outOfCallScenario: 'ooc_default' });
  const request = parseSipMessage(buildRequest('INVITE', { callId: 'nobody', cseq: 1 }));
  assert.ok(!isParseFailure(request));
  h.transport.inject(buildResponse(request, 200));
  h.run(1);
  assert.equal(h.transport.sent.length, 0);
  assert.equal(h.counters().OutOfCallMsgs, 1);
  assert.equal(h.engine.currentCalls, 0);
});

test('ooc_dummy: the request is unexpected in its call, which is aborted; nothing is answered', () => {
  const h = harness({ outOfCallScenario: 'ooc_dummy' });
  h.transport.inject(buildRequest('INVITE', { callId: 'ooc-1', cseq: 1 }));
  h.run(10);
  assert.equal(h.transport.sent.length, 0);
  assert.equal(h.engine.currentCalls, 0);
  assert.ok(h.trace.errors.some((e) => e.includes("while expecting 'DUMMY' (index 0)")));
  const own = h.engine.outOfCallStats?.snapshot(h.clock.now()).cumulative;
  assert.equal(own?.FailedUnexpectedMessage, 1);
  assert.equal(h.counters().FailedUnexpectedMessage, 0, 'not in the run statistics');
});

test('a scenario of our own (-oocsf) runs with its keywords on the received request', () => {
  const h = harness({
    outOfCallScenario: clientXml(`<recv request="MESSAGE"/>
<send><![CDATA[
SIP/2.0 202 Accepted
[last_Via:]
[last_From:]
[last_To:];tag=ooc[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>`),
  });
  h.transport.inject(buildRequest('MESSAGE', { callId: 'm-1', cseq: 3 }));
  h.transport.inject(buildRequest('MESSAGE', { callId: 'm-2', cseq: 4 }));
  h.run(5);
  const answers = h.transport.sent.map((d) => d.msg);
  assert.deepEqual(
    answers.map((m) => `${m.statusCode} ${m.toTag()} ${m.callId()}`),
    ['202 ooc1 m-1', '202 ooc2 m-2'],
  );
  assert.equal(h.engine.currentCalls, 0);
});

test('without -oocsf/-oocsn nothing changes: counted and dropped', () => {
  const h = harness();
  h.transport.inject(buildRequest('OPTIONS', { callId: 'ooc-1', cseq: 1 }));
  h.run(1);
  assert.equal(h.transport.sent.length, 0);
  assert.equal(h.counters().OutOfCallMsgs, 1);
  assert.equal(h.engine.outOfCallProgram, undefined);
});

test('-oocsf and -oocsn set the run configuration', () => {
  const run = (args: string[]) => {
    const parsed = parseScenarioFlags(args, '/work');
    assert.equal(parsed.kind, 'run');
    return parsed.config.outOfCallScenario;
  };
  assert.deepEqual(run(['-oocsn', 'ooc_default', 'h']), { kind: 'builtin', name: 'ooc_default' });
  assert.deepEqual(run(['-oocsf', 'o.xml', 'h']), { kind: 'file', path: '/work/o.xml' });
  assert.equal(run(['h']), undefined);
});
