import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PEER_ADDRESS,
  ScriptedUac,
  ScriptedUas,
  buildResponse,
} from '../peers/memory-transport.ts';
import { EngineHarness, PID } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

const CALL_ID = `1-${PID}@127.0.0.1`;

function uacCall(
  o: Partial<HarnessOptions> = {},
  uas = new ScriptedUas(),
): { h: EngineHarness; uas: ScriptedUas } {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: uas,
    ...o,
    config: { maxCalls: 1, defaultPauseMs: 1000, ...o.config },
  });
  return { h, uas };
}

const GARBAGE: Array<[string, Buffer]> = [
  ['text', Buffer.from('hello world\r\n\r\n')],
  ['empty', Buffer.alloc(0)],
  ['only CRLF', Buffer.from('\r\n\r\n')],
  ['binary', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x0d, 0x0a])],
  [
    'no Call-ID',
    Buffer.from(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 1.2.3.4\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
    ),
  ],
  ['no CSeq', Buffer.from(`SIP/2.0 200 OK\r\nCall-ID: ${CALL_ID}\r\nContent-Length: 0\r\n\r\n`)],
  ['bad status', Buffer.from(`SIP/2.0 2x0 OK\r\nCall-ID: ${CALL_ID}\r\nCSeq: 1 INVITE\r\n\r\n`)],
  ['too large', Buffer.alloc(70_000, 0x41)],
];

test('malformed datagrams are counted, handed to the TraceSink, and never throw', () => {
  const { h } = uacCall();
  for (const [, buf] of GARBAGE) h.transport.inject(buf);
  assert.doesNotThrow(() => h.run(1));
  assert.equal(h.counters().MalformedMessages, GARBAGE.length);
  assert.equal(h.trace.malformedDatagrams.length, GARBAGE.length);
  for (const [i, m] of h.trace.malformedDatagrams.entries()) {
    assert.ok(m.raw.equals(GARBAGE[i][1]), `${GARBAGE[i][0]}: the raw bytes are traced`);
    assert.deepEqual(m.from, PEER_ADDRESS);
    assert.ok(m.reason.length > 0, `${GARBAGE[i][0]}: a reason is given`);
  }
  assert.equal(h.counters().OutOfCallMsgs, 0, 'malformed is not out-of-call');
});

test('a call in progress carries on through malformed datagrams', () => {
  const { h } = uacCall();
  h.run(150); // ringing/answered, in the pause
  for (const [, buf] of GARBAGE) h.transport.inject(buf);
  h.run(2000);
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(c.FailedCall, 0);
  assert.equal(c.MalformedMessages, GARBAGE.length);
});

test('a server engine creates no call from a malformed datagram', () => {
  const h = new EngineHarness({ scenario: 'uas', peer: new ScriptedUac() });
  h.transport.inject('INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4\r\n\r\n');
  h.run(1);
  assert.equal(h.counters().IncomingCall, 0);
  assert.equal(h.counters().MalformedMessages, 1);
  assert.equal(h.transport.sent.length, 0);
});

test('property: random bytes and mutated responses never make the engine throw', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.tuple(fc.nat(400), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
            const b = Buffer.from(
              `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-${PID}-1-0\r\n` +
                `From: <sip:a@b>;tag=x\r\nTo: <sip:c@d>;tag=y\r\nCall-ID: ${CALL_ID}\r\nCSeq: 1 INVITE\r\n` +
                'Contact: <sip:peer@127.0.0.2:5070>\r\nContent-Length: 0\r\n\r\n',
              'latin1',
            );
            if (at < b.length) b[at] = byte;
            return b;
          }),
        ),
        { maxLength: 20 },
      ),
      (datagrams) => {
        // Ringing only: the call ends by -recv_timeout unless a mutated 200 still matches.
        const { h } = uacCall(
          { config: { maxCalls: 1, defaultPauseMs: 1000, recvTimeoutMs: 5000 } },
          new ScriptedUas({ invite: [{ status: 180, afterMs: 0 }] }),
        );
        h.run(150);
        for (const d of datagrams) h.transport.inject(d);
        h.run(1);
        h.run(40_000);
        const c = h.counters();
        assert.equal(c.OutgoingCall, 1);
        assert.equal(c.SuccessfulCall + c.FailedCall, 1, 'the call still ends exactly once');
      },
    ),
    { numRuns: 60 },
  );
});

test('messages for a call that ended are counted as dead-call messages, then forgotten after -deadcall_wait', () => {
  const { h, uas } = uacCall({
    config: { maxCalls: 1, defaultPauseMs: 1000, deadCallWaitMs: 2000 },
  });
  h.run(1200);
  assert.equal(h.counters().SuccessfulCall, 1);
  assert.equal(h.engine.deadCallCount, 1);
  const byeOk = uas.replies.at(-1);
  assert.ok(byeOk);
  h.transport.inject(byeOk);
  h.run(1);
  let c = h.counters();
  assert.equal(c.DeadCallMsgs, 1);
  assert.equal(c.OutOfCallMsgs, 0);
  assert.equal(c.Retransmissions, 0);
  const sentBefore = h.transport.sent.length;
  // Swept on the first sweep (every 100 ms) after the wait.
  h.run(2100);
  assert.equal(h.engine.deadCallCount, 0, 'swept after -deadcall_wait');
  h.transport.inject(byeOk);
  h.run(1);
  c = h.counters();
  assert.equal(c.DeadCallMsgs, 1);
  assert.equal(c.OutOfCallMsgs, 1);
  assert.equal(h.transport.sent.length, sentBefore, 'nothing is answered');
});

test('-deadcall_wait 0 remembers nothing', () => {
  const { h, uas } = uacCall({ config: { maxCalls: 1, defaultPauseMs: 100, deadCallWaitMs: 0 } });
  h.run(500);
  h.transport.inject(uas.replies.at(-1) as Buffer);
  h.run(1);
  assert.equal(h.counters().DeadCallMsgs, 0);
  assert.equal(h.counters().OutOfCallMsgs, 1);
});

test('server: a BYE retransmitted after the timewait is a dead-call message, not a new call', () => {
  const uac = new ScriptedUac({ holdMs: 10 });
  const h = new EngineHarness({ scenario: 'uas', peer: uac });
  h.transport.inject(uac.invite('call-A'));
  h.run(5000);
  assert.equal(h.counters().SuccessfulCall, 1);
  const bye = (uac.requests.get('call-A') ?? []).find((b) =>
    b.toString('latin1').startsWith('BYE'),
  );
  assert.ok(bye);
  const sentBefore = h.transport.sent.length;
  h.transport.inject(bye);
  h.run(1);
  const c = h.counters();
  assert.equal(c.IncomingCall, 1);
  assert.equal(c.DeadCallMsgs, 1);
  assert.equal(h.transport.sent.length, sentBefore);
});

test('a response with an unknown Call-ID on a client is out-of-call', () => {
  const { h } = uacCall();
  h.run(200);
  const invite = h.transport.sentOf('INVITE')[0].msg;
  h.transport.inject(
    buildResponse(invite, 200).toString('latin1').replace(CALL_ID, 'someone-else'),
  );
  h.run(1);
  assert.equal(h.counters().OutOfCallMsgs, 1);
  assert.equal(h.counters().DeadCallMsgs, 0);
});

test('a broken Contact in a re-sent 200 never turns into an unparsable ACK (falls back to the INVITE URI)', () => {
  const { h } = uacCall({ config: { maxCalls: 1, defaultPauseMs: 1000 } });
  h.run(150);
  const invite = h.transport.sentOf('INVITE')[0].msg;
  for (const contact of ['\x01sip:peer@127.0.0.2:5070>', 'sip:peer@host>', '<>', 'a b']) {
    const ok = buildResponse(invite, 200)
      .toString('latin1')
      .replace(/Contact: [^\r]*/, `Contact: ${contact}`);
    h.transport.inject(ok);
  }
  assert.doesNotThrow(() => h.run(1), 'the memory transport throws on any unparsable send');
  const acks = h.transport.sentOf('ACK').slice(1);
  assert.equal(acks.length, 4, 'each differing 200 is re-ACKed');
  for (const a of acks) assert.equal(a.msg.requestUri, invite.requestUri);
});
