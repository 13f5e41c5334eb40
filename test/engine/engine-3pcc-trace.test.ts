/**
 * 3PCC commands reach the message traces: the engine hands every `<sendCmd>` it sends (framed,
 * ESC included) and every command it receives (without the ESC) to the TraceSink's command
 * hooks, which it takes with the message hooks (also again after retraceMessages(), as
 * `trace messages on` asks at run time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_DELIMITER } from '../../src/engine/index.ts';
import type { TwinLink } from '../../src/engine/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { serializeSipMessage } from '../../src/sip/index.ts';
import type { ReplyFn, ScriptedPeer } from '../peers/memory-transport.ts';
import { EngineHarness } from './engine-harness.ts';

/** Answers an INVITE with 200 and an SDP, anything else but ACK with 200. */
class SdpParty implements ScriptedPeer {
  constructor(private readonly owner: string) {}
  receive(msg: SipMessage, reply: ReplyFn): void {
    if (!msg.isRequest || msg.method === 'ACK') return;
    const body = msg.method === 'INVITE' ? `v=0\r\no=${this.owner} 1 1 IN IP4 127.0.0.1\r\n` : '';
    const headers: Array<[string, string]> = [
      ['Via', msg.header('Via') ?? ''],
      ['From', msg.header('From') ?? ''],
      ['To', `${msg.header('To') ?? ''};tag=${this.owner}-tag`],
      ['Call-ID', msg.callId()],
      ['CSeq', msg.header('CSeq') ?? ''],
    ];
    if (body !== '') headers.push(['Content-Type', 'application/sdp']);
    reply(serializeSipMessage({ startLine: 'SIP/2.0 200 OK', headers, body }), 1);
  }
}

class PipeLink implements TwinLink {
  readonly queue: Buffer[] = [];
  send(command: Buffer): boolean {
    this.queue.push(Buffer.from(command));
    return true;
  }
  flushTo(h: EngineHarness): void {
    for (const framed of this.queue.splice(0))
      h.engine.onTwinCommand(framed.subarray(0, framed.length - 1));
  }
}

test('sent and received 3PCC commands go to the command hooks once they exist', () => {
  const aLink = new PipeLink();
  const bLink = new PipeLink();
  const a = new EngineHarness({
    scenario: '3pcc-C-A',
    config: { maxCalls: 1 },
    peer: new SdpParty('alice'),
    twin: aLink,
  });
  const b = new EngineHarness({ scenario: '3pcc-C-B', peer: new SdpParty('bob'), twin: bLink });
  const seen: Array<[string, string]> = [];
  // Added after construction: only retraceMessages() makes the engine take them.
  Object.assign(a.trace, {
    commandSent: (raw: Buffer) => seen.push(['sent', raw.toString('latin1')]),
    commandReceived: (raw: Buffer) => seen.push(['received', raw.toString('latin1')]),
  });
  a.engine.retraceMessages();
  for (let i = 0; i < 4000; i++) {
    a.run(1);
    aLink.flushTo(b);
    b.run(1);
    bLink.flushTo(a);
  }
  assert.deepEqual(
    seen.map(([kind]) => kind),
    ['sent', 'received'],
  );
  const [[, sent], [, received]] = seen as [[string, string], [string, string]];
  assert.match(sent, /^Call-ID: [^\r]+\r\n/);
  assert.equal(sent.charCodeAt(sent.length - 1), COMMAND_DELIMITER, 'sent: framed');
  assert.match(received, /^Call-ID: /);
  assert.notEqual(received.charCodeAt(received.length - 1), COMMAND_DELIMITER);
  assert.match(received, /o=bob/, "the twin's command carries the other party's SDP");
});
