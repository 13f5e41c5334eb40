import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { localMediaPort, parseRemoteMedia, planMedia, sdpBody } from '../../src/media/index.ts';

const SDP = [
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 10.1.1.1',
  's=-',
  'c=IN IP4 192.0.2.7',
  't=0 0',
  'm=audio 40000 RTP/AVP 8 0 101',
  'm=video 40002 RTP/AVP 96',
  'm=image 40004 udptl t38',
  '',
].join('\r\n');

test('remote media: c= address and the first m=audio, m=video and m=image ports', () => {
  const msg = Buffer.from(`SIP/2.0 200 OK\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`);
  const body = sdpBody(msg);
  assert.ok(body !== null);
  const remote = parseRemoteMedia(body);
  assert.deepEqual(remote, {
    address: '192.0.2.7',
    audioPort: 40000,
    videoPort: 40002,
    imagePort: 40004,
    audioPayloadType: 8,
  });
});

test('IPv6 connection lines, media-level c=, and messages without media', () => {
  const v6 = parseRemoteMedia('v=0\r\nm=audio 5004 RTP/AVP 0\r\nc=IN IP6 2001:db8::9\r\n');
  assert.equal(v6?.address, '2001:db8::9');
  assert.equal(v6?.audioPort, 5004);
  assert.equal(parseRemoteMedia('v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n'), null, 'no m= line');
  assert.equal(parseRemoteMedia('v=0\r\nm=audio 5004 RTP/AVP 0\r\n'), null, 'no c= line');
  assert.equal(sdpBody(Buffer.from('BYE sip:a SIP/2.0\r\nContent-Length: 0\r\n\r\n')), null);
});

function scenarioWith(mLines: string): string {
  return `<?xml version="1.0"?>
<scenario name="plan">
  <send><![CDATA[
INVITE sip:x@[remote_ip] SIP/2.0
Content-Type: application/sdp
Content-Length: [len]

v=0
c=IN IP[media_ip_type] [media_ip]
${mLines}
]]></send>
</scenario>`;
}

test('the local port plan follows [media_port] and [auto_media_port] on m= lines', () => {
  const plan = planMedia(
    loadScenarioXml(
      scenarioWith('m=audio [auto_media_port] RTP/AVP 0\nm=video [media_port+2] RTP/AVP 96'),
      'plan.xml',
    ),
  );
  assert.deepEqual(plan.audio, { perCall: true, offset: 0 });
  assert.deepEqual(plan.video, { perCall: false, offset: 2 });
  // SIPp's formula: a block of 4 ports per call, wrapping after 10000.
  assert.equal(localMediaPort(plan, 'audio', 6000, 1), 6000);
  assert.equal(localMediaPort(plan, 'audio', 6000, 3), 6008);
  assert.equal(localMediaPort(plan, 'audio', 6000, 2501), 6000);
  assert.equal(localMediaPort(plan, 'video', 6000, 3), 6002);
  const shared = planMedia(
    loadScenarioXml(scenarioWith('m=audio [media_port] RTP/AVP 0'), 'p.xml'),
  );
  assert.equal(localMediaPort(shared, 'audio', 7000, 99), 7000);
});
