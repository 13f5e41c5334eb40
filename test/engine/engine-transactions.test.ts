// start_txn / response_txn: a response step names a transaction and matches on its branch only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas } from '../peers/memory-transport.ts';
import type { ReplyFn, ScriptedPeer } from '../peers/memory-transport.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';

const SCENARIO = clientXml(
  [
    sendRequest('INVITE', 'retrans="500" start_txn="invite"', '1 INVITE'),
    '<recv response="100" optional="true" response_txn="invite"/>',
    '<recv response="180" optional="true" response_txn="invite"/>',
    '<recv response="200" response_txn="invite"/>',
    sendRequest('ACK', 'ack_txn="invite"', '1 ACK'),
  ].join('\n'),
);

/** A UAS that answers with the Via branch rewritten: no response belongs to our transaction. */
class WrongBranchUas implements ScriptedPeer {
  private readonly inner = new ScriptedUas();
  receive(msg: SipMessage, reply: ReplyFn): void {
    this.inner.receive(msg, (buf, delayMs) =>
      reply(
        Buffer.from(
          buf.toString('latin1').replace(/branch=[^;\r]+/, 'branch=z9hG4bK-other'),
          'latin1',
        ),
        delayMs,
      ),
    );
  }
}

function run(peer: ScriptedPeer): EngineHarness {
  const h = new EngineHarness({
    scenario: SCENARIO,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
    peer,
  });
  h.run(1000);
  return h;
}

test('response_txn: the 100, 180 and 200 carrying the INVITE branch match (no CSeq-method rule)', () => {
  const h = run(new ScriptedUas());
  const s = h.snapshot();
  assert.deepEqual(
    s.steps.map((st) => st.unexpected),
    [0, 0, 0, 0, 0],
  );
  assert.deepEqual(
    s.steps.slice(1, 4).map((st) => st.message),
    [1, 1, 1],
  );
  assert.equal(s.cumulative.SuccessfulCall, 1);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'ACK'],
  );
});

test('response_txn: a response with another branch does not match the transaction', () => {
  const h = run(new WrongBranchUas());
  const s = h.snapshot();
  assert.equal(s.cumulative.SuccessfulCall, 0);
  assert.equal(s.cumulative.FailedUnexpectedMessage, 1);
  assert.equal(s.steps[1].unexpected, 1, 'the 100 is unexpected on the first optional step');
});

test('late responses of a passed transaction: a 1xx is ignored, the final one gets the ack_txn ACK again', () => {
  const xml = clientXml(
    [
      sendRequest('INVITE', 'retrans="500" start_txn="invite"', '1 INVITE'),
      '<recv response="100" optional="true" response_txn="invite"/>',
      '<recv response="180" optional="true" response_txn="invite"/>',
      '<recv response="200" response_txn="invite"/>',
      sendRequest('ACK', 'ack_txn="invite"', '1 ACK'),
      sendRequest('INFO', 'retrans="500" start_txn="info"', '2 INFO'),
      '<recv response="200" response_txn="info"/>',
      '<pause milliseconds="1000"/>',
    ].join('\n'),
  );
  const uas = new ScriptedUas();
  const h = new EngineHarness({
    scenario: xml,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
    peer: uas,
  });
  h.run(400); // the INFO was answered: the call is in its pause
  const [, ringing, ok] = uas.replies;
  const sentBefore = h.transport.sent.length;
  h.transport.inject(ringing);
  h.run(1);
  assert.equal(h.transport.sent.length, sentBefore, 'the late 180 is ignored');
  h.transport.inject(ok);
  h.run(1);
  const methods = h.transport.sent.map((d) => d.msg.method);
  assert.deepEqual(methods.slice(sentBefore), ['ACK']);
  const acks = h.transport.sent.filter((d) => d.msg.method === 'ACK');
  assert.deepEqual(acks[1].raw, acks[0].raw, 'the scenario ACK, rendered as the first time');
  assert.equal(h.snapshot().cumulative.Retransmissions, 0);
  h.run(1000);
  assert.equal(h.counters().SuccessfulCall, 1);
});
