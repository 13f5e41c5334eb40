/**
 * The engine over a stream transport (TCP): no retransmissions (SIPp's docs, "Transport mode"),
 * recv timeouts still apply, and a lost connection fails the calls on it (FailedTcpClosed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RemoteAddress, Transport } from '../../src/transport/transport.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

/** Stands in for a per-call TCP connection: the harness's memory transport under a TCP name. */
class StreamStandIn implements Transport {
  readonly protocol = 'TCP' as const;
  readonly isReliable = true;
  closed = false;
  constructor(private readonly inner: Transport) {}
  get localAddress(): RemoteAddress {
    return this.inner.localAddress;
  }
  send(buf: Buffer, to: RemoteAddress): void {
    this.inner.send(buf, to);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** Built-in uac calls, each on its own stream stand-in (as `-t tn` gives them). */
function streamCalls(
  script: UasScript,
  calls: number,
  o: Partial<HarnessOptions> = {},
): { h: EngineHarness; sockets: StreamStandIn[] } {
  const sockets: StreamStandIn[] = [];
  let h: EngineHarness | undefined;
  h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(script),
    ...o,
    config: { maxCalls: calls, ...o.config },
    openCallSocket: () => {
      const s = new StreamStandIn((h as EngineHarness).transport);
      sockets.push(s);
      return Promise.resolve(s);
    },
  });
  return { h, sockets };
}

async function settle(h: EngineHarness, ms: number): Promise<void> {
  // The per-call socket opens through a promise: let it resolve between simulated milliseconds.
  for (let i = 0; i < ms; i += 50) {
    h.run(50);
    await Promise.resolve();
  }
}

test('over TCP an unanswered INVITE is sent once: no retransmission, no FailedMaxUDPRetrans', async () => {
  const { h } = streamCalls({ ignoreInvites: Infinity }, 1);
  await settle(h, 40_000);
  assert.equal(h.transport.sentOf('INVITE').length, 1);
  const c = h.counters();
  assert.equal(c.Retransmissions, 0);
  assert.equal(c.FailedMaxUDPRetrans, 0);
  assert.equal(h.engine.currentCalls, 1, 'without a recv timeout the call still waits');
});

test('over TCP the recv timeout still ends a silent call', async () => {
  const { h } = streamCalls({ ignoreInvites: Infinity }, 1, {
    config: { maxCalls: 1, recvTimeoutMs: 2000 },
  });
  await settle(h, 3000);
  const c = h.counters();
  assert.equal(c.FailedTimeoutOnRecv, 1);
  assert.equal(c.Retransmissions, 0);
  assert.equal(h.transport.sentOf('INVITE').length, 1);
});

test('a lost connection fails only the calls on it, as FailedTcpClosed', async () => {
  // Long calls (the uac pauses 10 s after ACK) so both are up when the first connection drops.
  const { h, sockets } = streamCalls({}, 2, { config: { maxCalls: 2, defaultPauseMs: 10_000 } });
  await settle(h, 1000);
  assert.equal(sockets.length, 2);
  assert.equal(h.engine.currentCalls, 2);
  assert.equal(h.engine.failCallsOn(sockets[0]), 1);
  let c = h.counters();
  assert.equal(c.FailedCall, 1);
  assert.equal(c.FailedTcpClosed, 1);
  assert.equal(h.engine.currentCalls, 1);
  assert.equal(h.engine.failCallsOn(sockets[0]), 0, 'nothing left on that connection');
  await settle(h, 12_000);
  c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.deepEqual(h.done, ['drained']);
});

test('a call in its timewait when the connection drops has succeeded', async () => {
  const xml = clientXml(`${sendRequest('OPTIONS')}
<recv response="200"/>
<timewait milliseconds="4000"/>`);
  const { h, sockets } = streamCalls({}, 1, { scenario: xml });
  await settle(h, 500);
  assert.equal(h.engine.currentCalls, 1);
  assert.equal(h.engine.failCallsOn(sockets[0]), 0);
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(c.FailedCall, 0);
});
