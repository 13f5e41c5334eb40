// Every load-time rule reports `file:line:col <element>: what` with a stable error code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioError } from '../../src/errors.ts';
import { loadScenarioXml, type LoadScenarioOptions } from '../../src/scenario/index.ts';

/** A valid request send, four lines long, for padding scenarios (indent 2). */
const OPTIONS_SEND = `  <send>
    <![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send>`;

function loadError(xml: string, options?: LoadScenarioOptions): ScenarioError {
  try {
    loadScenarioXml(xml, 'x.xml', options);
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `expected ScenarioError, got ${String(err)}`);
    return err;
  }
  return assert.fail('the scenario loaded without error');
}

function assertLoadError(
  xml: string,
  message: string,
  code = 'SCENARIO_INVALID',
  options?: LoadScenarioOptions,
): void {
  const err = loadError(xml, options);
  assert.equal(err.message, message);
  assert.equal(err.code, code);
}

const scenario = (body: string) => `<scenario>\n${body}\n</scenario>`;

test('root must be <scenario>', () => {
  assertLoadError(
    '<scenarios>\n</scenarios>',
    'x.xml:1:1 <scenarios>: the root element must be <scenario>',
  );
});

test('unknown top-level element, with a suggestion', () => {
  assertLoadError(
    scenario('  <sned/>'),
    'x.xml:2:3 <sned>: unknown element (did you mean "send"?)',
  );
  assertLoadError(
    scenario('  <Globals variables="a"/>'),
    'x.xml:2:3 <Globals>: unknown element (did you mean "Global"?)',
  );
});

// Unknown attributes are warnings now (SIPp ignores them): test/scenario/leniency-*.test.ts.

test('a scenario without commands is rejected', () => {
  assertLoadError(
    scenario('  <label id="1"/>'),
    'x.xml:1:1 <scenario>: the scenario has no commands (send, recv, pause, nop)',
  );
});

test('duplicate label, and next/ontimeout to an unknown label', () => {
  assertLoadError(
    scenario('  <label id="a"/>\n  <nop/>\n  <label id="a"/>'),
    'x.xml:4:3 <label>: duplicate label "a"',
  );
  assertLoadError(
    scenario('  <label id="end"/>\n  <recv request="BYE" next="ned"/>'),
    'x.xml:3:3 <recv>: next="ned" names no <label> (did you mean "end"?)',
  );
  assertLoadError(
    scenario('  <recv request="BYE" ontimeout="9"/>'),
    'x.xml:2:3 <recv>: ontimeout="9" names no <label>',
  );
});

test('<recv> needs exactly one of request and response', () => {
  assertLoadError(
    scenario('  <recv timeout="5"/>'),
    'x.xml:2:3 <recv>: needs a request or a response attribute',
  );
  assertLoadError(
    scenario('  <recv request="BYE" response="200"/>'),
    'x.xml:2:3 <recv>: has both request and response; use one',
  );
});

test('response codes must be 100-699 (recv and sent status lines)', () => {
  assertLoadError(
    scenario('  <recv response="700"/>'),
    'x.xml:2:3 <recv>: response="700" is outside 100-699',
  );
  assertLoadError(
    scenario('  <recv response="2xx"/>'),
    'x.xml:2:3 <recv>: response="2xx" is not a valid integer',
  );
  assertLoadError(
    scenario('  <recv request="INVITE"/>\n  <send><![CDATA[SIP/2.0 99 Odd]]></send>'),
    'x.xml:3:18 <send>: response code 99 is outside 100-699',
  );
});

test('optional must be true, false or global', () => {
  assertLoadError(
    scenario('  <recv response="100" optional="maybe"/>'),
    'x.xml:2:3 <recv>: optional="maybe" must be true, false or global',
  );
});

test('boolean attributes take true/false (any case) or an integer', () => {
  assertLoadError(
    scenario('  <nop hide="yes"/>'),
    'x.xml:2:3 <nop>: hide="yes" is not a boolean (expected true, false or an integer)',
  );
  assert.doesNotThrow(() =>
    loadScenarioXml(
      scenario(`${OPTIONS_SEND}\n  <nop hide="TRUE" crlf="x" hiderest="0x1"/>`),
      'x.xml',
    ),
  );
});

test('chance must be within [0, 1]', () => {
  assertLoadError(
    scenario('  <label id="a"/>\n  <recv request="BYE" next="a" chance="1.5"/>'),
    'x.xml:3:3 <recv>: chance="1.5" is outside [0, 1]',
  );
});

test('RTD rules: repeat_rtd needs rtd; a started RTD must be stopped', () => {
  assertLoadError(
    scenario('  <recv request="BYE" repeat_rtd="true"/>'),
    'x.xml:2:3 <recv>: repeat_rtd needs an rtd attribute on the same element',
  );
  assertLoadError(
    scenario('  <recv request="INVITE" start_rtd="setup"/>\n  <recv request="BYE" rtd="bye"/>'),
    'x.xml:2:3 <recv>: start_rtd="setup" is never stopped by any rtd="setup"',
  );
});

test('<timewait> must be last and cannot branch', () => {
  assertLoadError(
    scenario('  <recv request="BYE"/>\n  <timewait milliseconds="10"/>\n  <nop/>'),
    'x.xml:4:3 <nop>: <timewait> (line 3) must be the last command',
  );
  assertLoadError(
    scenario('  <label id="a"/>\n  <recv request="BYE"/>\n  <timewait next="a"/>'),
    'x.xml:4:3 <timewait>: next is not allowed on <timewait> (it must end the scenario)',
  );
  assertLoadError(
    scenario('  <label id="a"/>\n  <recv request="BYE"/>\n  <timewait ontimeout="a"/>'),
    'x.xml:4:3 <timewait>: ontimeout is not allowed on <timewait>',
  );
});

test('a run of optional recvs must end with a mandatory one', () => {
  const err = loadError(scenario(`  <recv response="100" optional="true"/>\n${OPTIONS_SEND}`));
  assert.equal(
    err.message,
    'x.xml:3:3 <send>: <recv> before <send> sequence without a mandatory message',
  );
  assert.match(err.hint ?? '', /optional/);
  assertLoadError(
    scenario('  <recv request="A" optional="global"/>\n  <pause/>'),
    'x.xml:3:3 <pause>: <recv> before <pause> sequence without a mandatory message',
  );
});

test('the method / SIP/2.0 must be literal text', () => {
  assertLoadError(
    scenario('  <send><![CDATA[[service] sip:x SIP/2.0]]></send>'),
    'x.xml:2:18 <send>: a keyword cannot stand for the method or "SIP/2.0": the first line must start with literal text',
  );
  assertLoadError(
    scenario('  <send><![CDATA[INVITE[cseq] sip:x SIP/2.0]]></send>'),
    'x.xml:2:18 <send>: a keyword cannot stand for the method or "SIP/2.0": the first line must start with literal text',
  );
});

test('unknown keyword: KEYWORD_UNKNOWN at the keyword position; -key names are accepted', () => {
  const xml = scenario(`  <send>
    <![CDATA[
      OPTIONS sip:x SIP/2.0
      X-Foo: [csq]
    ]]></send>`);
  assertLoadError(
    xml,
    'x.xml:5:14 <send>: unknown keyword [csq] (did you mean "cseq"?)',
    'KEYWORD_UNKNOWN',
  );
  const withKey = xml.replace('[csq]', '[tenant]');
  assertLoadError(withKey, 'x.xml:5:14 <send>: unknown keyword [tenant]', 'KEYWORD_UNKNOWN');
  assert.doesNotThrow(() =>
    loadScenarioXml(withKey, 'x.xml', { userKeywords: new Set(['tenant']) }),
  );
});

test('[media_port] / [auto_media_port] only on audio, video or image lines', () => {
  const xml = (line: string) =>
    scenario(`  <send><![CDATA[INVITE sip:x SIP/2.0\n\nv=0\n${line}\n]]></send>`);
  assertLoadError(
    xml('a=port:[media_port]'),
    'x.xml:5:8 <send>: [media_port] is only allowed on a line containing audio, video or image',
    // sipp 3.6.1 exits 255 at the first render of such a line, not at load.
    'RUN_FATAL',
  );
  assertLoadError(
    xml('x [auto_media_port]'),
    'x.xml:5:3 <send>: [auto_media_port] is only allowed on a line containing audio, video or image',
    'RUN_FATAL',
  );
  for (const ok of [
    'm=audio [media_port] RTP/AVP 0',
    'm=video [auto_media_port+2] RTP/AVP 96',
    'm=image [media_port] udptl t38',
  ]) {
    assert.doesNotThrow(() => loadScenarioXml(xml(ok), 'x.xml'), ok);
  }
});

test('unknown <action> child, and unknown elements inside a command', () => {
  assertLoadError(
    scenario(
      '  <nop>\n    <action>\n      <eregg regexp="a" assign_to="b"/>\n    </action>\n  </nop>',
    ),
    'x.xml:4:7 <eregg>: unknown action (did you mean "ereg"?)',
  );
  assertLoadError(
    scenario('  <nop>\n    <acton/>\n  </nop>'),
    'x.xml:3:5 <acton>: unknown element inside <nop> (did you mean "action"?) (only <action> may appear here)',
  );
  assertLoadError(
    scenario('  <nop>\n    <action>\n      <urlencode variable="a"/>\n    </action>\n  </nop>'),
    'x.xml:4:7 <urlencode>: missing required attribute "assign_to"',
  );
  assertLoadError(
    scenario('  <nop>\n    <action>\n      <ereg assign_to="a"/>\n    </action>\n  </nop>'),
    'x.xml:4:7 <ereg>: missing required attribute "regexp"',
  );
});

test('SIPp elements, distributions and keywords not implemented yet say "not available"', () => {
  for (const el of ['DefaultMessage']) {
    assertLoadError(
      scenario(`  <${el}/>`),
      `x.xml:2:3 <${el}>: <${el}> is not available in this version`,
    );
  }
  assertLoadError(
    scenario('  <pause distribution="zipf"/>'),
    'x.xml:2:3 <pause>: unknown distribution "zipf" (one of fixed, uniform, normal, lognormal, exponential, weibull, pareto, gpareto, gamma, negbin)',
  );
  for (const kw of ['tdmmap']) {
    const err = loadError(scenario(`  <send><![CDATA[INVITE sip:x SIP/2.0\nX: [${kw}]]]></send>`));
    assert.match(
      err.message,
      new RegExp(`^x\\.xml:3:4 <send>: keyword \\[${kw}\\] is not available in this version$`),
    );
  }
  assertLoadError(
    scenario('  <send><![CDATA[INVITE sip:x SIP/2.0\nX: [file name="a"]]]></send>'),
    'x.xml:3:4 <send>: keyword [file] is not available in this version',
  );
});

test('malformed XML: SCENARIO_XML naming file, line, column and element', () => {
  const err = loadError(scenario('  <recv response="200" response="100"/>'));
  assert.equal(err.code, 'SCENARIO_XML');
  assert.match(err.message, /^x\.xml:2:\d+ <recv>: malformed XML: duplicate attribute: response/);
  const unclosed = loadError('<scenario>\n  <recv response="200">\n');
  assert.equal(unclosed.code, 'SCENARIO_XML');
  assert.match(unclosed.message, /^x\.xml:\d+:\d+ <recv>: malformed XML: /);
});

test('bad keyword syntax: unterminated and empty brackets', () => {
  assertLoadError(
    scenario('  <send><![CDATA[INVITE sip:x SIP/2.0\nX: [cseq]]]></send>').replace(
      '[cseq]',
      '[cseq',
    ),
    'x.xml:3:4 <send>: unterminated keyword "[cseq" (write \\x5b for a literal "[")',
  );
  assertLoadError(
    scenario('  <send><![CDATA[INVITE sip:x SIP/2.0\nX: []]]></send>'),
    'x.xml:3:4 <send>: empty keyword "[]" (write \\x5b for a literal "[")',
  );
});
