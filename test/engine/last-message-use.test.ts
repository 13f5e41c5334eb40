import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastMessageNeededAt } from '../../src/engine/last-message-use.ts';
import { loadBuiltinScenario, loadScenarioXml } from '../../src/scenario/index.ts';
import { clientXml, sendRequest } from './engine-harness.ts';

const READS_TO = `<send><![CDATA[
MESSAGE sip:x@[remote_ip] SIP/2.0
[last_To:]
Call-ID: [call_id]
CSeq: [cseq] MESSAGE
Content-Length: 0

]]></send>`;

function neededAt(body: string): boolean[] {
  return lastMessageNeededAt(loadScenarioXml(clientXml(body), 'test.xml'));
}

test('the built-in uas reads [last_*] only right after a match, so no wait keeps the bytes', () => {
  const uas = loadBuiltinScenario('uas');
  assert.deepEqual(lastMessageNeededAt(uas).filter(Boolean), []);
});

test('a pause followed by a step reading [last_*] keeps them; one followed by a recv does not', () => {
  const needed = neededAt(`${sendRequest('INVITE')}
<recv response="200"/>
<pause milliseconds="10"/>
${READS_TO}
<recv response="200"/>
<pause milliseconds="10"/>
${sendRequest('BYE')}
<recv response="200"/>`);
  assert.deepEqual(needed, [false, false, true, false, false, false, false, false]);
});

test('a jump target reading [last_*] (ontimeout, _unexp.main) keeps the bytes at every wait', () => {
  const viaTimeout = neededAt(`${sendRequest('INVITE')}
<recv response="200" timeout="1000" ontimeout="late"/>
${sendRequest('BYE')}
<recv response="200"/>
<label id="late"/>
${READS_TO}`);
  assert.ok(viaTimeout.every(Boolean));
  const viaUnexpected = neededAt(`${sendRequest('INVITE')}
<recv response="200"/>
${sendRequest('BYE')}
<recv response="200"/>
<label id="_unexp.main"/>
${READS_TO}`);
  assert.ok(viaUnexpected.every(Boolean));
});

test('a pause whose next label leads to a reading step keeps the bytes', () => {
  const needed = neededAt(`${sendRequest('INVITE')}
<recv response="200"/>
<pause milliseconds="10" next="again"/>
${sendRequest('BYE')}
<recv response="200"/>
<label id="again"/>
${READS_TO}`);
  assert.equal(needed[2], true);
  assert.equal(needed[1], false);
});
