import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

function oneCall(
  scenario: string,
  script: UasScript,
  o: Partial<HarnessOptions> = {},
): { h: EngineHarness; uas: ScriptedUas } {
  const uas = new ScriptedUas(script);
  const h = new EngineHarness({
    scenario,
    rate: { callsPerPeriod: 10 },
    peer: uas,
    ...o,
    config: { maxCalls: 1, ...o.config },
  });
  return { h, uas };
}

test('-recv_timeout fails a call whose answer never comes (FailedTimeoutOnRecv)', () => {
  const { h } = oneCall('uac', { ignoreInvites: Infinity }, { config: { recvTimeoutMs: 2000 } });
  h.run(2099);
  assert.equal(h.counters().FailedCall, 0);
  h.run(1);
  const s = h.snapshot();
  assert.equal(s.cumulative.FailedCall, 1);
  assert.equal(s.cumulative.FailedTimeoutOnRecv, 1);
  assert.equal(s.cumulative.FailedMaxUDPRetrans, 0);
  assert.equal(
    s.steps.reduce((n, x) => n + x.timeout, 0),
    1,
  );
  assert.ok(h.trace.errors.some((e) => e.startsWith('Aborting call on timeout for Call-ID')));
  assert.deepEqual(
    h.transport.startLines().map((l) => l.split(' ')[0]),
    ['INVITE', 'INVITE', 'INVITE'],
    'retransmissions stop with the call and no CANCEL follows an unanswered INVITE',
  );
  h.run(5000);
  assert.equal(h.transport.sent.length, 3);
  assert.deepEqual(h.done, ['drained']);
});

test('the timeout= attribute overrides -recv_timeout for its step', () => {
  const xml = clientXml(`${sendRequest('OPTIONS')}\n<recv response="200" timeout="1500"/>`);
  const { h } = oneCall(xml, { answerRequests: false }, { config: { recvTimeoutMs: 10_000 } });
  h.run(1599);
  assert.equal(h.counters().FailedTimeoutOnRecv, 0);
  h.run(1);
  assert.equal(h.counters().FailedTimeoutOnRecv, 1);
  assert.equal(h.snapshot().steps[1].timeout, 1);
});

test('ontimeout jumps to the label instead of failing the call', () => {
  const xml = clientXml(
    [
      sendRequest('OPTIONS'),
      '<recv response="200" timeout="1000" ontimeout="later"/>',
      sendRequest('MESSAGE'),
      '<label id="later"/>',
      sendRequest('INFO'),
    ].join('\n'),
  );
  const { h } = oneCall(xml, { answerRequests: false });
  h.run(1100);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['OPTIONS', 'INFO'],
  );
  assert.equal(h.transport.sentOf('INFO')[0].atMs, 1100);
  const s = h.snapshot();
  assert.equal(s.cumulative.SuccessfulCall, 1, 'running past the last command is a success');
  assert.equal(s.cumulative.FailedCall, 0);
  assert.equal(s.steps[1].timeout, 1);
  assert.equal(s.steps[2].message, 0, 'the skipped send never ran');
});

test('a message that arrives in time cancels the timeout', () => {
  const xml = clientXml(
    `${sendRequest('OPTIONS')}\n<recv response="200" timeout="1000"/>\n<pause milliseconds="3000"/>`,
  );
  const { h } = oneCall(xml, {});
  h.run(5000);
  const c = h.counters();
  assert.equal(c.FailedTimeoutOnRecv, 0);
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(h.snapshot().callLength.cumulative.minMs, 3001);
});

test('no -recv_timeout and no timeout=: a call waits without limit (bar retransmissions)', () => {
  const xml = clientXml(`${sendRequest('OPTIONS')}\n<recv response="200"/>`);
  const { h } = oneCall(xml, { answerRequests: false });
  h.run(120_000);
  assert.equal(h.engine.currentCalls, 1);
  assert.equal(h.counters().FailedCall, 0);
});

test('a recv timeout after a 2xx that is not ACKed yet sends ACK then BYE', () => {
  // The scenario holds the ACK back behind another recv, so the 200 is still un-ACKed.
  const xml = clientXml(
    [
      sendRequest('INVITE', 'retrans="500"', '1 INVITE'),
      '<recv response="200"/>',
      '<recv request="INFO" timeout="1000"/>',
      sendRequest('ACK', '', '1 ACK'),
    ].join('\n'),
  );
  const { h } = oneCall(xml, { invite: [{ status: 200, afterMs: 0 }] });
  h.run(1200);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'ACK', 'BYE'],
  );
  const [, ack, bye] = h.transport.sent.map((d) => d.msg);
  assert.equal(ack.header('CSeq'), '1 ACK');
  assert.equal(ack.toTag(), 'uas-tag-1');
  assert.equal(bye.toTag(), 'uas-tag-1');
  assert.equal(h.counters().FailedTimeoutOnRecv, 1);
});
