// `-timeout` with `-timeout_error` on injected time. Observed with sipp 3.6.1: `sipp -sn uac
// 127.0.0.1:<silent port> -m 1 -timeout 1 -timeout_error` exits 255 after 1 s, printing
// "uac timed out after '1.000' seconds"; without -timeout_error it soft-quits and waits the
// INVITE's 32 s of retransmissions. A call still in flight must not hold the fatal exit back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FakeClock } from '../../src/engine/index.ts';
import type { TraceSink } from '../../src/engine/index.ts';
import { FakeTimers } from '../../src/platform/index.ts';
import { Run, loadScenarioFor } from '../../src/run/index.ts';
import type { Ticker } from '../../src/run/index.ts';

const START_MS = 1_700_000_000_000;

/** A UAC placing one call to `port`, where nothing answers; its ticks are driven by hand. */
function fakeTimeUac(port: number, patch: Partial<RunConfig>) {
  const config: RunConfig = {
    ...defaultRunConfig(),
    scenario: { kind: 'builtin', name: 'uac' },
    localIp: '127.0.0.1',
    localPort: 0,
    remote: { host: '127.0.0.1', port },
    maxCalls: 1,
    noStdin: true,
    ...patch,
  };
  const time = new FakeTimers(START_MS);
  const errors: string[] = [];
  const trace = new Proxy({} as TraceSink, {
    get: (_t, name) => (name === 'error' ? (text: string) => errors.push(text) : () => undefined),
  });
  let tick: () => number = () => Infinity;
  const clock = new FakeClock();
  const run = new Run(config, loadScenarioFor(config), {
    clock,
    trace,
    pid: 4242,
    warmUp: false,
    wallClock: time,
    timers: time,
    startTicker(t): Ticker {
      tick = t;
      return { wake() {}, stop() {} };
    },
  });
  // Engine time and wall time move together, so the first call is due and -timeout fires.
  const advance = (ms: number) => {
    clock.advance(ms);
    time.advance(ms);
  };
  return { run, time: { advance }, tick: () => tick(), errors };
}

async function silentPeer() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: (socket.address() as AddressInfo).port };
}

test('-timeout_error ends the run at -timeout with exit 255, its call still in flight', async () => {
  const peer = await silentPeer();
  const { run, time, tick, errors } = fakeTimeUac(peer.port, {
    runTimeoutMs: 1000,
    timeoutIsError: true,
  });
  try {
    await run.start();
    time.advance(200);
    tick();
    assert.equal(run.status().currentCalls, 1, 'the INVITE is out, unanswered');
    time.advance(800);
    const result = await run.done();
    assert.equal(result.exitCode, 255);
    assert.equal(result.reason, 'fatal');
    assert.equal(result.timedOut, true);
    assert.equal(result.snapshot.takenAtMs, START_MS + 1000);
    // (The fake 800 ms jump also trips the watchdog, which reports on the same sink.)
    assert.ok(errors.includes("uac timed out after '1.000' seconds"), errors.join('\n'));
  } finally {
    run.stop();
    await run.done();
    peer.socket.close();
  }
});

test('without -timeout_error the same run only soft-quits: the call in flight keeps it open', async () => {
  const peer = await silentPeer();
  const { run, time, tick } = fakeTimeUac(peer.port, { runTimeoutMs: 1000 });
  try {
    await run.start();
    time.advance(200);
    tick();
    time.advance(800);
    tick();
    assert.equal(run.status().currentCalls, 1);
    assert.equal(run.state, 'draining');
  } finally {
    run.stop();
    await run.done();
    peer.socket.close();
  }
});
