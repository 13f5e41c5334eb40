import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDtlsSdp, withMids } from '../../../src/media/webrtc/dtls-sdp.ts';

const SESSION = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n';

test('withMids: a DTLS offer without a=mid (baresip 1.0) gets one per media description', () => {
  const sdp =
    SESSION +
    'm=audio 4000 UDP/TLS/RTP/SAVP 0\r\na=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\n' +
    'm=video 4002 UDP/TLS/RTP/SAVP 96\r\na=rtpmap:96 VP8/90000\r\n';
  assert.ok(isDtlsSdp(sdp));
  const out = withMids(sdp);
  assert.equal(
    out,
    SESSION +
      'm=audio 4000 UDP/TLS/RTP/SAVP 0\r\na=mid:0\r\na=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\n' +
      'm=video 4002 UDP/TLS/RTP/SAVP 96\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n',
  );
});

test("withMids: an answer reuses the offer's mids; present mids and sessions without media stay", () => {
  const lf = SESSION.replaceAll('\r\n', '\n');
  const answer = lf + 'm=audio 4000 UDP/TLS/RTP/SAVP 0\na=setup:active\n';
  assert.equal(
    withMids(answer, ['audio']),
    lf + 'm=audio 4000 UDP/TLS/RTP/SAVP 0\na=mid:audio\na=setup:active\n',
  );
  const hasMid = SESSION + 'm=audio 4000 UDP/TLS/RTP/SAVP 0\r\na=mid:x\r\n';
  assert.equal(withMids(hasMid, ['y']), hasMid);
  assert.equal(withMids(SESSION), SESSION);
});
