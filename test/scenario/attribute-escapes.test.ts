/**
 * SIPp's backslash escapes, as sipp 3.6.1 showed them (its -trace_logs, -trace_screen and
 * -trace_msg files for the same scenario, on loopback):
 * - in every attribute value: `\n` `\r` `\t` are LF CR TAB, `\\` one backslash, `\"` a quote that
 *   does not end the value; any other backslash stays (`\q`, `\0`, `\.`, `\x41` reach the action
 *   as written). `<nop display="D:a\tb\\c\qd">` showed `D:a<TAB>b\c\qd`;
 *   `regexp="^a\\.b$"` matched "a.b" and not "aXb".
 * - in message text (bodies and the attributes SIPp expands keywords in): `\xHH` is a byte, one
 *   hex digit is enough and the character after it is swallowed (`\x4G` is byte 4), and with no
 *   hex digit `\x` and the next character vanish (`\xZZ` is `Z`). CDATA bodies keep `\\`, `\n`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, loadScenarioXml, renderTemplate } from '../../src/scenario/index.ts';
import { unescapeAttribute } from '../../src/scenario/attribute-escapes.ts';
import { fakeSource } from './fake-source.ts';

test('attribute escapes: LF, CR, TAB, backslash; other backslashes stay', () => {
  assert.equal(unescapeAttribute('a\\tb\\\\c\\qd'), 'a\tb\\c\\qd');
  assert.equal(unescapeAttribute('x\\n\\r\\0\\.\\x41\\'), 'x\n\r\\0\\.\\x41\\');
  assert.equal(unescapeAttribute('no escapes'), 'no escapes');
});

const SEND = `<send><![CDATA[
OPTIONS sip:x@[remote_ip] SIP/2.0
Call-ID: [call_id]
X-Esc: a\\\\f\\n
Content-Length: 0

]]></send>`;

function load(nop: string) {
  return loadScenarioXml(`<scenario>${SEND}${nop}</scenario>`, 'esc.xml');
}

test('every attribute is unescaped as it is read: display, message, regexp', () => {
  const s = load(
    '<nop display="D:a\\tb\\\\c\\qd"><action>' +
      '<assignstr assign_to="a" value="a.b" />' +
      '<ereg regexp="^a\\\\.b$" search_in="var" variable="a" assign_to="m" />' +
      '<log message="q:\\q|r:\\r|quote:\\"x\\"|[$m]" />' +
      '</action></nop>',
  );
  const nop = s.commands[1]!;
  assert.equal(nop.display, 'D:a\tb\\c\\qd');
  const ereg = nop.actions.find((a) => a.name === 'ereg')!;
  assert.equal(ereg.attrs.regexp, '^a\\.b$');
  assert.ok(ereg.regex?.test('a.b'));
  assert.ok(!ereg.regex?.test('aXb'));
  const log = nop.actions.find((a) => a.name === 'log')!;
  assert.equal(log.attrs.message, 'q:\\q|r:\r|quote:"x"|[$m]');
});

test('a \\" inside a value does not end it, and positions after it stay right', () => {
  const xml = `<scenario>${SEND}<nop><action><log message="say \\"hi\\"" /></action></nop>\n<bogus/></scenario>`;
  assert.throws(() => loadScenarioXml(xml, 'esc.xml'), /esc\.xml:8:1 .*bogus/s);
});

test('CDATA bodies keep their backslashes', () => {
  const s = load('');
  const raw = renderTemplate(
    (s.commands[0] as { template: Parameters<typeof renderTemplate>[0] }).template,
    fakeSource({}),
  );
  assert.match(raw.toString('latin1'), /X-Esc: a\\\\f\\n\r\n/);
});

test("\\x in message text: sipp's byte, its swallowed character, its vanishing \\x", () => {
  const t = compileTemplate('MESSAGE sip:x SIP/2.0\nX: a\\x41b\\x4Gc\\xZZd\\x5b\\x5De\n\n');
  const out = renderTemplate(t, fakeSource({})).toString('latin1');
  assert.match(out, /X: aAb\x04cZd\[\]e\r\n/);
});

test('entities in values: only &lt; &gt; &amp; &quot; are decoded, others stay as written (sipp 3.6.1)', () => {
  const s = loadScenarioXml(
    '<scenario>\n  <nop><action><log message="a &lt;&gt;&amp;&quot; b &apos;&#65;&#x42;"/></action></nop>\n' +
      '  <send><![CDATA[OPTIONS sip:x SIP/2.0\n]]></send>\n</scenario>',
    'x.xml',
  );
  assert.equal(s.commands[0].actions[0].attrs.message, 'a <>&" b &apos;&#65;&#x42;');
});
