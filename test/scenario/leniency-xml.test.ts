// Scenario XML that SIPp 3.6.1's own parser accepts (each case checked with real sipp, see
// test/interop/leniency.test.ts): loaded, with one warning naming the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioError } from '../../src/errors.ts';
import { loadScenarioXml, type Scenario } from '../../src/scenario/index.ts';

const SEND = `<send retrans="500">
    <![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]>
  </send>`;

const load = (xml: string): Scenario => loadScenarioXml(xml, 'x.xml');

test('unknown attributes are ignored with a warning naming file:line:column and the attribute', () => {
  const s = load(
    '<scenario name="n" author="me">\n  <recv rspns="200" response="200"/>\n' +
      '  <nop><action><log message="m" levle="2"/></action></nop>\n</scenario>',
  );
  assert.equal(s.commands.length, 2);
  assert.deepEqual(s.warnings, [
    'x.xml:1:1 <scenario>: unknown attribute "author" ignored',
    'x.xml:2:3 <recv>: unknown attribute "rspns" ignored (did you mean "response"?)',
    'x.xml:3:16 <log>: unknown attribute "levle" ignored',
  ]);
  assert.deepEqual(load(`<scenario>\n  ${SEND}\n</scenario>`).warnings, []);
});

test('a value opened with \' and closed with " reads as SIPp reads it', () => {
  const s = load(
    `<scenario name='odd">\n  <send retrans='250">\n    <![CDATA[\n      OPTIONS sip:x SIP/2.0\n` +
      `    ]]>\n  </send>\n  <recv response="200" x='a"/>\n</scenario>`,
  );
  assert.equal(s.name, 'odd');
  const send = s.commands[0];
  assert.ok(send.kind === 'send');
  assert.equal(send.retransMs, 250);
  assert.deepEqual(s.warnings, [
    `x.xml:1: an attribute value opens with ' and closes with " (SIPp reads it; so do we)`,
    `x.xml:2: an attribute value opens with ' and closes with " (SIPp reads it; so do we)`,
    `x.xml:7: an attribute value opens with ' and closes with " (SIPp reads it; so do we)`,
    'x.xml:7:3 <recv>: unknown attribute "x" ignored',
  ]);
});

test('a quote of the other kind inside a value is left alone', () => {
  const s = load(`<scenario name="it's">\n  <recv request="A" display='say "hi"'/>\n</scenario>`);
  assert.equal(s.name, "it's");
  const recv = s.commands[0];
  assert.ok(recv.kind === 'recv');
  assert.deepEqual(s.warnings, []);
});

test('a comment never closed: the rest of the file is ignored, with a warning', () => {
  const s = load(
    `<?xml version="1.0"?>\n<scenario name="c">\n  ${SEND}\n  <!-- never closed\n` +
      `  <pause milliseconds="x"/>\n</scenario>\n`,
  );
  assert.deepEqual(
    s.commands.map((c) => c.kind),
    ['send'],
  );
  assert.deepEqual(s.warnings, [
    'x.xml:8: comment never closed: the rest of the file is ignored, as SIPp does',
  ]);
  // Inside a command too: the command keeps what came before the comment.
  const inner = load(`<scenario>\n  <recv request="BYE">\n    <!-- oops\n  </recv>\n</scenario>`);
  assert.equal(inner.commands.length, 1);
  assert.equal(inner.warnings.length, 1);
  // A comment inside CDATA is message text, not a comment.
  const cdata = load(
    `<scenario>\n  <send><![CDATA[OPTIONS sip:x SIP/2.0\n<!-- x]]></send>\n</scenario>`,
  );
  assert.deepEqual(cdata.warnings, []);
});

test('unquoted values stay an error (SIPp misreads them: retrans=500 is "not a valid integer")', () => {
  assert.throws(
    () =>
      load(`<scenario>\n  <send retrans=500><![CDATA[OPTIONS sip:x SIP/2.0]]></send>\n</scenario>`),
    (err: unknown) => err instanceof ScenarioError && err.code === 'SCENARIO_XML',
  );
});

test('text before or after the root element is ignored with one warning (sipp 3.6.1 loads it)', () => {
  const s = load(
    `<?xml version="1.0"?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">""\n<scenario>\n  ${SEND}\n</scenario>\ntail`,
  );
  assert.equal(s.commands.length, 1);
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0], /^x\.xml:\d+: text outside the <scenario> element is ignored$/);
});

test('a "<" in an attribute value is read as sipp 3.6.1 reads it: "<<" ends the scenario', () => {
  const body = (display: string): string =>
    `<scenario>\n  ${SEND}\n  <nop display="${display}"/>\n  <pause milliseconds="10"/>\n  ${SEND}\n</scenario>`;
  // `<<` with no `>` after it: the element stays, nothing after it is read.
  const kept = load(body('>>> hold <<<'));
  assert.deepEqual(
    kept.commands.map((c) => c.kind),
    ['send', 'nop'],
  );
  assert.equal(kept.commands[1].display, '>>> hold <<<');
  assert.equal(kept.warnings.length, 1);
  // `<<` then `>`: the element goes too.
  assert.deepEqual(
    load(body('<<< hold >>>')).commands.map((c) => c.kind),
    ['send'],
  );
  // Inside an action: the command holding it is the last one.
  const nested = load(
    `<scenario>\n  ${SEND}\n  <nop><action><log message="a << b"/></action></nop>\n  <pause milliseconds="10"/>\n</scenario>`,
  );
  assert.deepEqual(
    nested.commands.map((c) => c.kind),
    ['send', 'nop'],
  );
  // A single `<` is a load error, as in SIPp ("Unexpected </scenario> (expected </nop>)").
  assert.throws(
    () => load(body('x < y')),
    (err: Error) =>
      err instanceof ScenarioError && /<nop>: a "<" inside an attribute value/.test(err.message),
  );
  // Escaped, it is plain text.
  assert.equal(load(body('x &lt;&lt; y')).commands.length, 4);
});
