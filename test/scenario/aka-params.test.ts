/**
 * `[authentication aka_K=... aka_OP=... aka_AMF=...]`: a literal key of the wrong size is a
 * load error naming the file, line and parameter (sipp pads or cuts it in silence and every
 * AKA challenge then fails); a key made of keywords is left to the call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioXml } from '../../src/scenario/index.ts';

function scenario(auth: string): string {
  return `<scenario name="aka">
  <send><![CDATA[
REGISTER sip:[remote_ip] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:u@[local_ip]>;tag=1
To: <sip:u@[local_ip]>
Call-ID: [call_id]
CSeq: 1 REGISTER
${auth}
Content-Length: 0

]]></send>
</scenario>`;
}

const OP = 'aka_OP=0xCDC202D5123E20F62B6D676AC72CB318';

test('well-formed literal keys load', () => {
  const xml = scenario(
    `[authentication username=u aka_K=0x465B5CE8B199B49FAA5F0A2EE238A6BC ${OP} aka_AMF=0xB9B9]`,
  );
  assert.doesNotThrow(() => loadScenarioXml(xml, 'aka.xml'));
});

test('a literal key of the wrong size is a load error with its place', () => {
  const xml = scenario(`[authentication username=u aka_K=0x465B ${OP}]`);
  assert.throws(
    () => loadScenarioXml(xml, 'aka.xml'),
    /aka\.xml:\d+:\d+.*aka_K="0x465B" is not a 16-byte key/s,
  );
  const amf = scenario(`[authentication aka_K=0123456789abcdef ${OP} aka_AMF=0xB9B9B9]`);
  assert.throws(() => loadScenarioXml(amf, 'aka.xml'), /aka_AMF="0xB9B9B9" is not a 2-byte key/);
});

test('a key with a keyword in it is not checked at load', () => {
  const xml = scenario(`[authentication aka_K=[$k] ${OP}]`).replace(
    '<send>',
    '<nop><action><assignstr assign_to="k" value="0x00" /></action></nop><send>',
  );
  assert.doesNotThrow(() => loadScenarioXml(xml, 'aka.xml'));
});
