import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hasRtcpMux,
  rtcpCandidateAddresses,
  sipLocalSdp,
} from '../../../src/media/webrtc/ice-sdp.ts';

/** werift 0.24's answer as it makes it: JSEP discard addresses, candidates on two interfaces. */
const WERIFT = [
  'v=0',
  'o=- 11705267 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 8 0',
  'c=IN IP4 0.0.0.0',
  'a=candidate:aa 1 udp 2116026367 192.0.2.2 40001 typ host generation 0 ufrag 1e48',
  'a=candidate:bb 1 udp 2116026111 198.51.100.1 42367 typ host generation 0 ufrag 1e48',
  'a=end-of-candidates',
  'a=ice-ufrag:1e48',
  'a=setup:active',
  'a=mid:0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=rtcp-mux',
  'a=rtpmap:8 PCMA/8000',
  '',
].join('\r\n');

/** baresip 1.0's offer with `rtcp_mux no`: RTCP on its own port and ICE component. */
const BARESIP = [
  'v=0',
  'o=- 1465306640 357263302 IN IP4 198.51.100.1',
  's=-',
  'c=IN IP4 198.51.100.1',
  't=0 0',
  'a=setup:actpass',
  'm=audio 30002 UDP/TLS/RTP/SAVPF 8 0 101',
  'a=rtcp:30003 IN IP4 198.51.100.1',
  'a=candidate:c6336401 1 UDP 2113929471 198.51.100.1 30002 typ host',
  'a=candidate:c6336401 2 UDP 2113929470 198.51.100.1 30003 typ host',
  '',
].join('\r\n');

test('sipLocalSdp: c=, m= and a=rtcp name the default candidate on the media IP (RFC 8839)', () => {
  const sdp = sipLocalSdp(WERIFT, { ip: '198.51.100.1', isRtcpMuxed: true });
  const lines = sdp.split('\r\n');
  assert.ok(lines.includes('m=audio 42367 UDP/TLS/RTP/SAVPF 8 0'), sdp);
  assert.ok(lines.includes('c=IN IP4 198.51.100.1'));
  assert.ok(lines.includes('a=rtcp:42367 IN IP4 198.51.100.1'));
  assert.ok(lines.includes('a=rtcp-mux'));
  // Only the media IP's candidate, and no RTCP component when RTCP is multiplexed.
  assert.deepEqual(
    lines.filter((l) => l.startsWith('a=candidate:')),
    ['a=candidate:bb 1 udp 2116026111 198.51.100.1 42367 typ host generation 0 ufrag 1e48'],
  );
  // The session's origin line is left as werift wrote it.
  assert.ok(lines.includes('o=- 11705267 0 IN IP4 0.0.0.0'));
});

test('sipLocalSdp: answering without rtcp-mux, the RTP address is the RTCP component too', () => {
  const sdp = sipLocalSdp(WERIFT, { ip: '198.51.100.1', isRtcpMuxed: false });
  const lines = sdp.split('\r\n');
  assert.ok(!lines.includes('a=rtcp-mux'), sdp);
  assert.ok(lines.includes('a=rtcp:42367 IN IP4 198.51.100.1'));
  assert.deepEqual(
    lines.filter((l) => l.startsWith('a=candidate:')),
    [
      'a=candidate:bb 1 udp 2116026111 198.51.100.1 42367 typ host generation 0 ufrag 1e48',
      'a=candidate:bb 2 udp 2116026110 198.51.100.1 42367 typ host generation 0 ufrag 1e48',
    ],
  );
});

test('sipLocalSdp: IPv6, and an SDP without a candidate on the media IP, kept as made', () => {
  const v6 = WERIFT.replace('198.51.100.1 42367', '2001:db8::1 42367');
  const sdp = sipLocalSdp(v6, { ip: '2001:db8::1', isRtcpMuxed: true });
  assert.match(sdp, /^c=IN IP6 2001:db8::1$/m);
  assert.match(sdp, /^a=rtcp:42367 IN IP6 2001:db8::1$/m);
  const none = sipLocalSdp(WERIFT, { ip: '203.0.113.9', isRtcpMuxed: true });
  assert.match(none, /^m=audio 9 /m);
  assert.match(none, /^c=IN IP4 0\.0\.0\.0$/m);
  assert.doesNotMatch(none, /a=candidate/);
});

test('hasRtcpMux reads the audio description; rtcpCandidateAddresses its component 2', () => {
  assert.equal(hasRtcpMux(BARESIP), false);
  assert.equal(hasRtcpMux(WERIFT), true);
  assert.equal(hasRtcpMux('v=0\r\na=rtcp-mux\r\nm=video 9 RTP/AVP 96\r\na=rtcp-mux\r\n'), false);
  assert.equal(hasRtcpMux('v=0\r\n'), false);
  assert.deepEqual([...rtcpCandidateAddresses(BARESIP)], ['198.51.100.1:30003']);
  assert.deepEqual([...rtcpCandidateAddresses(WERIFT)], []);
});
