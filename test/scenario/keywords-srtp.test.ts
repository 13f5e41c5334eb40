import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioXml } from '../../src/scenario/index.ts';

function uacWith(keyword: string): string {
  return `<?xml version="1.0"?>
<scenario name="srtp">
  <send><![CDATA[
    INVITE sip:[service]@[remote_ip] SIP/2.0
    Content-Length: [len]

    v=0
    m=audio [media_port] RTP/SAVP 8
    ${keyword}
  ]]></send>
</scenario>`;
}

test('[srtp_crypto] loads, with or without a suite we key', () => {
  for (const k of [
    '[srtp_crypto]',
    '[srtp_crypto suite=AES_CM_128_HMAC_SHA1_32]',
    '[srtp_crypto suite=AES_CM_128_HMAC_SHA1_80]',
  ]) {
    const s = loadScenarioXml(uacWith(k), 'srtp.xml');
    assert.equal(s.commands.length, 1, k);
  }
});

test('[srtp_crypto] with an unknown suite or parameter is a load error naming it', () => {
  assert.throws(
    () => loadScenarioXml(uacWith('[srtp_crypto suite=AEAD_AES_256_GCM]'), 'srtp.xml'),
    /srtp\.xml.*\[srtp_crypto\]: suite "AEAD_AES_256_GCM" is not one Gossipper keys/s,
  );
  assert.throws(
    () => loadScenarioXml(uacWith('[srtp_crypto suit=AES_CM_128_HMAC_SHA1_80]'), 'srtp.xml'),
    /\[srtp_crypto\]: unknown parameter "suit" \(did you mean "suite"\?\)/,
  );
});
