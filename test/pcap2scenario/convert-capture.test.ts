/**
 * A captured call to scenarios: what is templated, what is kept, the flow's shape (auth,
 * provisional answers, pause, RTP), and that both files load in our parser without a warning.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertCapture, type Conversion } from '../../src/pcap2scenario/index.ts';
import { readUdpDatagrams } from '../../src/pcap/index.ts';
import { LINK, frame, ipPacket } from '../peers/capture-writer.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { CALLEE, CALLER, CALL_ID, callCapture, type CallCaptureOptions } from './call-capture.ts';

function convert(o: CallCaptureOptions): Conversion {
  return convertCapture(callCapture(o), 'call.pcap', { sipPort: 0, link: 'auto' });
}
const xml = (c: Conversion, name: string): string => c.files.get(name)?.toString('latin1') ?? '';
/** The scenario without the comment on top (which names the captured call). */
const body = (text: string): string => text.slice(text.indexOf('<scenario'));
/** The lines of the n-th `<send>` (from 0), trimmed. */
function sendLines(text: string, n: number): string[] {
  const body = text.split('<send')[n + 1].split('</send>')[0];
  return body.split('\n').map((l) => l.trim());
}

test('the caller side: addresses, Call-ID, branch, tags, transport, SDP and length are keywords', () => {
  const c = convert({ transport: 'udp', rtpPackets: 3 });
  const uac = xml(c, 'scenario_uac.xml');
  const invite = sendLines(uac, 0);
  assert.ok(invite.includes('INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0'));
  assert.ok(
    invite.includes('Via: SIP/2.0/[transport] [local_ip]:[local_port];rport;branch=[branch]'),
  );
  assert.ok(
    invite.includes('From: "Alice" <sip:alice@[local_ip]>;tag=[pid]SIPpTag00[call_number]'),
  );
  assert.ok(invite.includes('To: <sip:[service]@[remote_ip]:[remote_port]>'));
  assert.ok(invite.includes('Call-ID: [call_id]'));
  assert.ok(invite.includes('Contact: <sip:alice@[local_ip]:[local_port];transport=[transport]>'));
  assert.ok(invite.includes('Content-Length: [len]'));
  // Kept as captured: CSeq and headers nothing in the run decides.
  assert.ok(invite.includes('CSeq: 1 INVITE'));
  assert.ok(invite.includes('User-Agent: capture-phone/1.0'));
  // SDP: origin, connection and audio port; the video section and a=rtcp dropped.
  assert.ok(invite.includes('o=- 2890844526 2890844526 IN IP[local_ip_type] [local_ip]'));
  assert.ok(invite.includes('c=IN IP[media_ip_type] [media_ip]'));
  assert.ok(invite.includes('m=audio [media_port] RTP/AVP 8 101'));
  assert.ok(!uac.includes('m=video') && !uac.includes('a=rtcp:'));
  // In-dialog requests carry the callee's tag as the run learns it.
  assert.ok(
    sendLines(uac, 1).includes('To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]'),
  );
  // Nothing captured that a replay must not repeat.
  for (const captured of [CALLER.ip, CALLEE.ip, CALL_ID, '1928301774', 'a6c85cf', 'z9hG4bK']) {
    assert.ok(!body(uac).includes(captured), captured);
    assert.ok(!body(xml(c, 'scenario_uas.xml')).includes(captured), captured);
  }
});

test("the callee side answers with [last_*:], adding its tag only to the INVITE's answers", () => {
  const uas = xml(convert({ transport: 'udp' }), 'scenario_uas.xml');
  const ringing = sendLines(uas, 1);
  assert.deepEqual(ringing.slice(3, 10), [
    'SIP/2.0 180 Ringing',
    '[last_Via:]',
    '[last_From:]',
    '[last_To:];tag=[pid]SIPpTag01[call_number]',
    '[last_Call-ID:]',
    '[last_CSeq:]',
    'Contact: <sip:bob@[local_ip]:[local_port];transport=[transport]>',
  ]);
  assert.ok(!uas.includes('Record-Route'), 'no route set of a proxy that is not there');
  const byeAnswer = sendLines(uas, 3);
  assert.ok(byeAnswer.includes('[last_To:]'));
  assert.ok(!byeAnswer.some((l) => l.includes(';tag=[pid]')));
});

test('flow: provisional answers optional, pause = ACK to BYE, RTP played after the ACK', () => {
  const c = convert({ transport: 'udp', rtpPackets: 4, callMs: 1234 });
  const uac = xml(c, 'scenario_uac.xml');
  assert.match(
    uac,
    /<recv response="100" optional="true"\/>\s*<recv response="180" optional="true"\/>\s*<recv response="200"\/>/,
  );
  assert.match(
    uac,
    /CSeq: 1 ACK[\s\S]*<exec play_pcap_audio="caller_rtp.pcap"\/>[\s\S]*<pause milliseconds="1234"\/>\s*<send retrans="500">\s*<!\[CDATA\[\s*BYE /,
  );
  const uas = xml(c, 'scenario_uas.xml');
  assert.match(
    uas,
    /<recv request="ACK"\/>\s*<nop>\s*<action>\s*<exec play_pcap_audio="callee_rtp.pcap"\/>/,
  );
  assert.ok(!uas.includes('<pause'), 'the side that did not hang up waits for the BYE');
  // Each side's RTP, in its own capture, as captured (RTCP left out).
  assert.deepEqual(c.rtpPackets, { caller: 4, callee: 4 });
  const caller = readUdpDatagrams(c.files.get('caller_rtp.pcap') as Buffer, 'caller_rtp.pcap');
  assert.deepEqual(
    caller.map((d) => [d.srcPort, d.dstPort, d.payload[1], Buffer.from(d.payload).readUInt16BE(2)]),
    [100, 101, 102, 103].map((seq) => [CALLER.media, CALLEE.media, 8, seq]),
  );
  assert.equal(caller[1].timeUs - caller[0].timeUs, 20_000, 'capture timing kept');
});

test('a 407 becomes the two-INVITE flow with [authentication]; the ACK reuses the branch', () => {
  const uac = xml(convert({ transport: 'udp', auth: true }), 'scenario_uac.xml');
  assert.match(uac, /<recv response="407" auth="true"\/>/);
  const ack = sendLines(uac, 1);
  assert.ok(ack.includes('ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0'));
  // INVITE is command 0, the 407 command 1, this ACK command 2: the INVITE's branch.
  assert.ok(
    ack.includes('Via: SIP/2.0/[transport] [local_ip]:[local_port];rport;branch=[branch-2]'),
  );
  const second = sendLines(uac, 2);
  assert.ok(second.includes('CSeq: 2 INVITE'));
  assert.ok(second.includes('[authentication]'));
  assert.ok(!body(uac).includes('Proxy-Authorization'));
  assert.match(uac, /Run: gossipper -sf scenario_uac.xml -s bob -au alice -ap PASSWORD -m 1 /);
  const uas = xml(convert({ transport: 'udp', auth: true }), 'scenario_uas.xml');
  assert.match(uas, /Proxy-Authenticate: Digest realm="example.com"/);
  assert.match(
    uas,
    /<recv request="INVITE"\/>[\s\S]*407[\s\S]*<recv request="ACK"\/>\s*<recv request="INVITE"\/>/,
  );
});

test('the first INVITE dialog only: retransmissions and other Call-IDs left out, and counted', () => {
  const c = convert({ transport: 'udp', retransmit200: true, otherDialogs: 3 });
  assert.equal(c.flow.steps.length, 7, 'INVITE 100 180 200 ACK BYE 200: the repeated 200 once');
  assert.equal(c.flow.ignoredCallIds, 3);
  assert.ok(c.notes.some((n) => n.includes('3 other dialogs')));
  assert.match(xml(c, 'scenario_uac.xml'), /3 other dialogs \(Call-IDs\) in the capture ignored/);
});

test('a proxy capture: the same Call-ID between other hosts (the other leg) is left out', () => {
  const invite = callCapture({ transport: 'udp' });
  // The proxy (the callee seen from the caller) forwarding the INVITE to 10.0.0.3.
  const payload = Buffer.from(`INVITE sip:bob@10.0.0.3 SIP/2.0\r\nCall-ID: ${CALL_ID}\r\n\r\n`);
  const leg = frame(
    LINK.ETHERNET,
    ipPacket({ timeUs: 0, src: CALLEE.ip, dst: '10.0.0.3', srcPort: 5080, dstPort: 5060, payload }),
  );
  const record = Buffer.alloc(16);
  record.writeUInt32LE(1_700_000_001, 0);
  record.writeUInt32LE(leg.length, 8);
  record.writeUInt32LE(leg.length, 12);
  const c = convertCapture(Buffer.concat([invite, record, leg]), 'proxy.pcap', {
    sipPort: 0,
    link: 'auto',
  });
  assert.equal(c.flow.otherLegMessages, 1);
  assert.equal(c.flow.steps.length, 7);
  assert.ok(c.notes.some((n) => n.startsWith('1 message(s) of this Call-ID between other hosts')));
});

test('over TCP: the same flow from reassembled segments, the caller at its Via port', () => {
  const tcp = convert({ transport: 'tcp', rtpPackets: 2 });
  const udp = convert({ transport: 'udp', rtpPackets: 2 });
  assert.equal(tcp.flow.transport, 'tcp');
  assert.deepEqual(tcp.flow.caller, { address: CALLER.ip, port: CALLER.port });
  assert.deepEqual(
    tcp.flow.steps.map((s) => s.sip.method || s.sip.status),
    udp.flow.steps.map((s) => s.sip.method || s.sip.status),
  );
  assert.match(xml(tcp, 'scenario_uac.xml'), /Run: gossipper -sf scenario_uac.xml -t t1/);
});

test('the callee hanging up: the UAS keeps the caller tag from the INVITE and sends the BYE', () => {
  const c = convert({ transport: 'udp', hangUp: 'callee', callMs: 700 });
  const uas = xml(c, 'scenario_uas.xml');
  assert.match(
    uas,
    /<recv request="INVITE">\s*<action>\s*<ereg regexp=";tag=\[\^;>, \]\+" search_in="hdr" header="From:" assign_to="caller_tag_param"\/>/,
  );
  assert.match(uas, /<pause milliseconds="700"\/>\s*<send retrans="500">/);
  const bye = sendLines(uas, 3);
  assert.ok(bye.includes('BYE sip:alice@[remote_ip]:[remote_port];transport=[transport] SIP/2.0'));
  assert.ok(
    bye.includes('From: <sip:bob@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]'),
  );
  assert.ok(bye.includes('To: "Alice" <sip:alice@[remote_ip]>[$caller_tag_param]'));
  assert.match(xml(c, 'scenario_uac.xml'), /<recv request="BYE"\/>\s*<send>/);
});

test('every generated scenario loads in our parser, with no warning', () => {
  const cases: CallCaptureOptions[] = [
    { transport: 'udp', rtpPackets: 2 },
    { transport: 'tcp', auth: true, rtpPackets: 2, otherDialogs: 1 },
    { transport: 'udp', hangUp: 'callee' },
  ];
  for (const o of cases) {
    const c = convert(o);
    for (const [name, mode] of [
      ['scenario_uac.xml', 'client'],
      ['scenario_uas.xml', 'server'],
    ]) {
      const s = loadScenarioXml(xml(c, name), name);
      assert.equal(s.mode, mode, `${JSON.stringify(o)} ${name}`);
      assert.deepEqual(s.warnings, [], `${JSON.stringify(o)} ${name}`);
    }
  }
});
