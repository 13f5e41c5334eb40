/**
 * A send that renders `[webrtc_offer]` waits for the media host to make its SDP (the engine side
 * of src/engine/webrtc-sdp-wait.ts), with a scripted host and a fake clock: the INVITE leaves
 * only once the host says it is ready, carrying that SDP; an SDP that cannot be made aborts the
 * call, counted as FailedMedia; a failure reported later fails the call while its SIP goes on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MediaCall, MediaHost, SdpWait } from '../../src/engine/index.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml } from './engine-harness.ts';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0';

/** A media host whose SDP is made when the test says so. */
class ScriptedHost implements MediaHost {
  readonly asks: string[] = [];
  wait: SdpWait | null = null;
  answer: string | { error: string } | null = null;
  private readonly states = new Map<MediaCall, { isMediaState: true; localSdp: string }>();

  exec(): string | null {
    return null;
  }
  setEcho(): void {}
  onReceived(): void {}
  endCall(call: MediaCall): void {
    call.media = null;
  }
  localSdp(call: MediaCall, role: 'offer' | 'answer', wait: SdpWait) {
    this.asks.push(role);
    this.wait = wait;
    const got = this.answer;
    if (typeof got === 'string') {
      const state = {
        isMediaState: true as const,
        localSdp: got,
        dtmfDigits: '',
        dtmfReceived: '',
      };
      this.states.set(call, state);
      call.media = state;
    }
    return got;
  }
}

const INVITE_WITH_OFFER = `
<send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:a@[local_ip]>;tag=[call_number]
To: <sip:[service]@[remote_ip]>
Call-ID: [call_id]
CSeq: [cseq] INVITE
Content-Type: application/sdp
Content-Length: [len]

[webrtc_offer]
]]></send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="200"/>
<send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:a@[local_ip]>;tag=[call_number]
To: <sip:[service]@[remote_ip]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Content-Length: 0
]]></send>
<pause milliseconds="1000"/>`;

function harness(host: ScriptedHost): EngineHarness {
  return new EngineHarness({
    scenario: clientXml(INVITE_WITH_OFFER),
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(),
    config: { maxCalls: 1 },
    media: host,
  });
}

function invites(h: EngineHarness) {
  return h.transport.sent.filter((d) => d.msg.method === 'INVITE');
}

test('the INVITE waits for its SDP, then leaves with it and the call completes', () => {
  const host = new ScriptedHost();
  const h = harness(host);
  h.run(300);
  assert.deepEqual(host.asks, ['offer']);
  assert.equal(invites(h).length, 0, 'nothing sent before the SDP is made');
  host.answer = SDP;
  host.wait?.ready();
  h.run(100);
  assert.equal(invites(h).length, 1);
  const body = invites(h)[0].msg.raw.toString('latin1');
  assert.ok(body.includes(`\r\n\r\n${SDP}`), body);
  assert.match(body, new RegExp(`Content-Length: +${SDP.length + 2}\\r\\n`));
  h.run(1100);
  assert.equal(h.counters().SuccessfulCall, 1);
  assert.deepEqual(h.done, ['drained']);
});

test('an SDP that cannot be made aborts the call, counted as FailedMedia and named', () => {
  const host = new ScriptedHost();
  const h = harness(host);
  h.run(50);
  host.answer = { error: 'call 1 (x): webrtc_offer: werift could not make the offer: boom' };
  host.wait?.ready();
  h.run(50);
  assert.equal(invites(h).length, 0);
  const c = h.counters();
  assert.equal(c.FailedMedia, 1);
  assert.equal(c.FailedCall, 1);
  assert.ok(h.trace.warnings.some((w) => w.includes('werift could not make the offer: boom')));
  assert.deepEqual(h.done, ['drained']);
});

test('a host that never answers: the engine asks again at its deadline', () => {
  const host = new ScriptedHost();
  const h = harness(host);
  h.run(10_050);
  assert.equal(host.asks.length, 1, 'no busy asking while waiting');
  h.run(1_000);
  assert.equal(host.asks.length, 2, 'asked again at the deadline');
});

test('a DTLS failure after the SDP went out fails the call; its SIP goes on', () => {
  const host = new ScriptedHost();
  host.answer = SDP;
  const h = harness(host);
  h.run(200);
  host.wait?.failed('call 1 (x): webrtc_offer: DTLS-SRTP: handshake failed');
  h.run(200);
  const c = h.counters();
  assert.equal(c.FailedMedia, 1);
  assert.equal(c.FailedCall, 1);
  assert.equal(c.SuccessfulCall, 0);
  assert.ok(
    h.transport.sent.some((d) => d.msg.method === 'ACK'),
    'the flow went on to its ACK',
  );
});

test('an engine without media refuses [webrtc_offer] before traffic, not an empty body', () => {
  assert.throws(
    () =>
      new EngineHarness({
        scenario: clientXml(INVITE_WITH_OFFER),
        peer: new ScriptedUas(),
        config: { maxCalls: 1 },
      }),
    /\[webrtc_offer\]\/\[webrtc_answer\] need media, which this engine has not/,
  );
});
