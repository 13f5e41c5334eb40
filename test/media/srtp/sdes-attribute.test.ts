import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatCryptoLine,
  parseCryptoLine,
  readSdpSecurity,
  SRTP_SUITES,
} from '../../../src/media/srtp/index.ts';
import { CallSrtp } from '../../../src/media/call-srtp.ts';

const KEY = Buffer.from(Array.from({ length: 30 }, (_, i) => i + 1));
const B64 = KEY.toString('base64');

function sdp(mediaLines: string[], profile = 'RTP/SAVP'): string {
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio 4000 ${profile} 0 8`,
    ...mediaLines,
    'm=video 4002 RTP/SAVP 96',
    'a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:' + Buffer.alloc(30, 7).toString('base64'),
    '',
  ].join('\r\n');
}

test('a=crypto: tag, suite and key||salt read; lifetime accepted; MKI, bad key, unknown suite not', () => {
  const got = parseCryptoLine(`a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:${B64}|2^31`);
  assert.ok(got !== null);
  assert.equal(got.tag, 3);
  assert.equal(got.suite, SRTP_SUITES.AES_CM_128_HMAC_SHA1_32);
  assert.deepEqual(got.keyAndSalt, KEY);
  assert.equal(parseCryptoLine(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${B64}|2^20|1:4`), null);
  assert.equal(parseCryptoLine(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA`), null);
  assert.equal(parseCryptoLine(`a=crypto:1 AEAD_AES_256_GCM inline:${B64}`), null);
  assert.equal(
    formatCryptoLine({ tag: 2, suite: SRTP_SUITES.AES_CM_128_HMAC_SHA1_80, keyAndSalt: KEY }),
    `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${B64}`,
  );
});

test('SDP security: first m=audio only, in order; SRTP asked by profile, crypto or fingerprint', () => {
  const sec = readSdpSecurity(
    sdp([
      `a=crypto:1 AEAD_AES_256_GCM inline:${B64}`,
      `a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:${B64}`,
      `a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:${B64}`,
    ]),
  );
  assert.equal(sec.profile, 'RTP/SAVP');
  assert.deepEqual(
    sec.cryptos.map((c) => [c.tag, c.suite.name]),
    [
      [2, 'AES_CM_128_HMAC_SHA1_32'],
      [3, 'AES_CM_128_HMAC_SHA1_80'],
    ],
  );
  assert.equal(sec.unusable.length, 1);
  assert.ok(sec.asksSrtp);
  assert.equal(readSdpSecurity(sdp([], 'RTP/AVP')).asksSrtp, false, 'm=video does not count');
  assert.equal(readSdpSecurity(sdp(['a=fingerprint:sha-256 AB:CD'], 'RTP/AVP')).asksSrtp, true);
  assert.equal(readSdpSecurity(sdp([], 'UDP/TLS/RTP/SAVPF')).asksSrtp, true);
});

test('answering: [srtp_crypto] echoes the first offered suite we key, its tag, with our own key', () => {
  const uas = new CallSrtp();
  uas.noteSdp(
    sdp([
      `a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:${B64}`,
      `a=crypto:6 AES_CM_128_HMAC_SHA1_80 inline:${B64}`,
    ]),
  );
  const line = uas.cryptoLine('');
  const ours = parseCryptoLine(line);
  assert.ok(ours !== null, line);
  assert.equal(ours.tag, 5);
  assert.equal(ours.suite.name, 'AES_CM_128_HMAC_SHA1_32');
  assert.notDeepEqual(ours.keyAndSalt, KEY);
  assert.equal(uas.cryptoLine(''), line, 'one key per call: the same line every time');
  const pair = uas.settle('ask');
  assert.ok(pair !== null);
  assert.equal(pair.tx.suite.name, 'AES_CM_128_HMAC_SHA1_32');
  // suite= picks among the offered lines.
  const picky = new CallSrtp();
  picky.noteSdp(
    sdp([
      `a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:${B64}`,
      `a=crypto:6 AES_CM_128_HMAC_SHA1_80 inline:${B64}`,
    ]),
  );
  assert.match(picky.cryptoLine('AES_CM_128_HMAC_SHA1_80'), /^a=crypto:6 AES_CM_128_HMAC_SHA1_80 /);
});

test('offering: tag 1 of the chosen suite; an answer with another tag cannot be keyed', () => {
  const uac = new CallSrtp();
  assert.match(uac.cryptoLine(''), /^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\S{40}$/);
  uac.noteSdp(sdp([`a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]));
  assert.throws(
    () => uac.settle('use'),
    /SRTP cannot be keyed with the remote SDP: its a=crypto lines \(2 AES_CM_128_HMAC_SHA1_80\) do not match ours \(1 AES_CM_128_HMAC_SHA1_80\)/,
  );
  uac.noteSdp(sdp([`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${B64}`]));
  assert.ok(uac.settle('use') !== null);
});

test('DTLS-SRTP offers (a=fingerprint only) are named, never silently cleartext', () => {
  const call = new CallSrtp();
  call.cryptoLine('');
  call.noteSdp(sdp(['a=fingerprint:sha-256 AB:CD', 'a=setup:actpass'], 'UDP/TLS/RTP/SAVP'));
  assert.throws(
    () => call.settle('use'),
    /DTLS-SRTP \(a=fingerprint\), which \[srtp_crypto\] does not: answer it with \[webrtc_answer\]/,
  );
  const unasked = new CallSrtp();
  unasked.noteSdp(sdp(['a=fingerprint:sha-256 AB:CD'], 'UDP/TLS/RTP/SAVP'));
  assert.throws(
    () => unasked.settle('ask'),
    /SRTP offered by the remote SDP \(m=audio profile UDP\/TLS\/RTP\/SAVP, a=fingerprint\)/,
  );
  assert.equal(new CallSrtp().settle('ask'), null, 'no SDP, no crypto: cleartext');
});
