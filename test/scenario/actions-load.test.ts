// Load-time rules of actions, pauses and variables: each error names file:line:column and the
// element. SIPp 3.6.1's own wording is quoted where we keep it ("Variable $x is referenced 1
// times!"); its exit code for all of these is 1, as for every scenario error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioError } from '../../src/errors.ts';
import { distributionText, loadScenarioXml } from '../../src/scenario/index.ts';
import type { Action, Scenario } from '../../src/scenario/index.ts';

const SEND = `<send><![CDATA[
OPTIONS sip:x@[remote_ip] SIP/2.0
Call-ID: [call_id]
CSeq: 1 OPTIONS
Content-Length: 0

]]></send>`;

/** The scenario: line 1 `<scenario>`, the send on lines 2-8, `body` from line 9. */
const xml = (body: string, before = ''): string =>
  `<scenario>${before}\n${SEND}\n${body}\n</scenario>`;

const load = (body: string, before = ''): Scenario => loadScenarioXml(xml(body, before), 'a.xml');

function loadError(body: string, before = ''): string {
  try {
    load(body, before);
  } catch (err) {
    assert.ok(err instanceof ScenarioError, String(err));
    return err.message;
  }
  return assert.fail('the scenario loaded');
}

const nop = (actions: string): string => `<nop><action>${actions}</action></nop>`;

function firstAction(s: Scenario): Action {
  return s.commands[1].actions[0];
}

test('a bad ereg regexp fails the load at the ereg, with the POSIX reason', () => {
  assert.equal(
    loadError(nop('\n  <ereg regexp="(" search_in="var" variable="_" assign_to="_"/>')),
    'a.xml:10:3 <ereg>: regexp="(" is not a valid POSIX extended regular expression: ' +
      'Unmatched ( or \\(',
  );
  assert.equal(
    loadError(nop('<ereg regexp="[[:digits:]]" assign_to="_"/>')),
    'a.xml:9:14 <ereg>: regexp="[[:digits:]]" is not a valid POSIX extended regular expression: ' +
      'Invalid character class name',
  );
});

test('ereg keeps at most nine sub-expressions (ten assign_to names)', () => {
  const ten = Array(10).fill('_').join(',');
  assert.ok(load(nop(`<ereg regexp="a" assign_to="${ten}"/>`)));
  assert.match(
    loadError(nop(`<ereg regexp="a" assign_to="${ten},_"/>`)),
    /^a\.xml:9:14 <ereg>: assign_to names 11 variables: the whole match and at most nine/,
  );
});

test('ereg is compiled once at load: the RegExp and the variable list are on the action', () => {
  const a = firstAction(
    load(nop('<ereg regexp="[[:digit:]]+ (x)" search_in="msg" assign_to="_,_" check_it="1"/>')),
  );
  assert.ok(a.regex instanceof RegExp);
  assert.equal(a.regex.source, '[0-9]+ (x)');
  assert.deepEqual(a.assignTo, ['_', '_']);
  assert.equal(a.attrs.check_it, 'true', 'booleans are stored as true/false');
});

test('a variable named only once is refused, as SIPp does', () => {
  assert.equal(
    loadError(nop('<assign assign_to="a" value="1"/><assign assign_to="b" value="1"/>')),
    'a.xml:9:14 <assign>: Variable $a is referenced 1 times!',
  );
  assert.equal(
    loadError(nop('<log message="[$u]"/>')),
    'a.xml:9:14 <log>: Variable $u is referenced 1 times!',
  );
  assert.equal(
    loadError('<nop test="t" next="x"/><label id="x"/>'),
    'a.xml:9:1 <nop>: Variable $t is referenced 1 times!',
  );
  assert.equal(
    loadError('<pause variable="p"/>'),
    'a.xml:9:1 <pause>: Variable $p is referenced 1 times!',
  );
});

test('used twice, "_", Global, User, -set names and <Reference> after the use all pass', () => {
  assert.ok(load(nop('<assign assign_to="a" value="1"/><log message="[$a]"/>')));
  assert.ok(load(nop('<assign assign_to="_" value="1"/>')));
  assert.ok(load(nop('<assign assign_to="g" value="1"/>'), '<Global variables="g"/>'));
  assert.ok(load(nop('<assign assign_to="u" value="1"/>'), '<User variables="u"/>'));
  assert.ok(load(`${nop('<assign assign_to="a" value="1"/>')}<Reference variables="a"/>`));
  assert.ok(
    loadScenarioXml(xml(nop('<assign assign_to="s" value="1"/>')), 'a.xml', {
      globalNames: new Set(['s']),
    }),
  );
  assert.ok(load(nop('<jump variable="_unexp.retaddr"/>')), 'SIPp looks these up itself');
});

test('<Reference> may only name a variable referenced above it', () => {
  assert.equal(
    loadError(nop('<assign assign_to="a" value="1"/>'), '<Reference variables="a"/>'),
    'a.xml:1:11 <Reference>: could not reference non-existent variable "a" (no command above names it)',
  );
});

test('sample and pause distributions read SIPp parameter names', () => {
  const dist = (attrs: string): unknown =>
    firstAction(load(nop(`<sample assign_to="_" ${attrs}/>`))).distribution;
  assert.deepEqual(dist('distribution="normal" mean="5" stdev="1"'), {
    kind: 'normal',
    mean: 5,
    stdev: 1,
  });
  assert.deepEqual(dist('distribution="pareto" k="2" x_m="3"'), { kind: 'pareto', k: 2, xm: 3 });
  assert.deepEqual(dist('distribution="negbin" n="3" p="0.5"'), { kind: 'negbin', n: 3, p: 0.5 });
  assert.deepEqual(dist('distribution="gpareto" shape="0.1" scale="2" location="1"'), {
    kind: 'gpareto',
    shape: 0.1,
    scale: 2,
    location: 1,
  });
  const pauses = load(
    [
      '<pause distribution="exponential" mean="100"/>',
      '<pause normal="x" mean="10" stdev="2"/>',
      '<pause distribution="weibull" lambda="3" k="1.5"/>',
      '<pause distribution="gamma" k="2" theta="4"/>',
      '<pause distribution="lognormal" mean="1" stdev="0.5"/>',
    ].join('\n'),
  ).commands.map((c) => c.kind === 'pause' && c.duration);
  assert.deepEqual(pauses.slice(1), [
    { kind: 'distribution', distribution: { kind: 'exponential', mean: 100 } },
    { kind: 'distribution', distribution: { kind: 'normal', mean: 10, stdev: 2 } },
    { kind: 'distribution', distribution: { kind: 'weibull', lambda: 3, k: 1.5 } },
    { kind: 'distribution', distribution: { kind: 'gamma', k: 2, theta: 4 } },
    { kind: 'distribution', distribution: { kind: 'lognormal', mean: 1, stdev: 0.5 } },
  ]);
});

test('distribution errors: missing or bad parameters, unknown names, too long a pause', () => {
  assert.equal(
    loadError(nop('<sample assign_to="_" distribution="normal" mean="5"/>')),
    'a.xml:9:14 <sample>: missing required attribute "stdev"',
  );
  assert.equal(
    loadError('<pause distribution="exponential" mean="0"/>'),
    'a.xml:9:1 <pause>: mean="0" must be greater than 0',
  );
  assert.equal(
    loadError(nop('<sample assign_to="_" distribution="negbin" n="2" p="1.5"/>')),
    'a.xml:9:14 <sample>: p="1.5" must be in (0, 1]',
  );
  assert.match(
    loadError(nop('<sample assign_to="_" distribution="zipf"/>')),
    /^a\.xml:9:14 <sample>: unknown distribution "zipf" \(one of fixed, uniform, normal/,
  );
  assert.match(
    loadError('<pause distribution="exponential" mean="1e9"/>'),
    /^a\.xml:9:1 <pause>: the pause's 99th percentile \(\d+ ms\) exceeds 2147483647 ms$/,
  );
  assert.ok(load('<pause distribution="exponential" mean="1e9" sanity_check="false"/>'));
});

test('media actions load (the engine refuses them before traffic), urlencode takes assign_to', () => {
  const s = load(
    nop(
      '<exec play_pcap_audio="x.pcap"/><exec rtp_stream="pause"/><rtp_echo value="1"/>' +
        '<urlencode assign_to="_"/><urldecode assign_to="_"/>',
    ),
  );
  assert.deepEqual(
    s.commands[1].actions.map((a) => a.name),
    ['exec', 'exec', 'rtp_echo', 'urlencode', 'urldecode'],
  );
});

test('<init> holds nops and labels (its own), anything else is refused', () => {
  const s = load(
    '',
    '<Global variables="g"/><init><nop next="x"><action><assign assign_to="g" value="1"/>' +
      '</action></nop><nop/><label id="x"/><nop><action><log message="[$g]"/></action></nop></init>',
  );
  assert.deepEqual(
    s.init.map((c) => [c.kind, c.next]),
    [
      ['nop', 2],
      ['nop', undefined],
      ['nop', undefined],
    ],
  );
  assert.equal(s.commands.length, 1, 'init commands are not scenario commands');
  assert.equal(
    loadError('', '<init><send><![CDATA[X]]></send></init>'),
    'a.xml:1:17 <send>: invalid element in an init stanza (only <nop> and <label> may appear in <init>)',
  );
  assert.equal(
    loadError('', '<init><nop next="nowhere"/></init>'),
    'a.xml:1:17 <nop>: next="nowhere" names no <label> of <init>',
  );
});

test('init and scenario references are counted together (SIPp: no error for this)', () => {
  assert.ok(
    load(
      '<nop><action><log message="[$g]"/></action></nop>',
      '<init><nop><action><assignstr assign_to="g" value="x"/></action></nop></init>',
    ),
  );
});

test('screen labels of distributed pauses: the texts SIPp 3.6.1 shows', () => {
  const ms = (v: number): string => `${Math.round(v)}ms`;
  const labels = load(
    [
      '<pause distribution="normal" mean="10" stdev="2"/>',
      '<pause distribution="lognormal" mean="1" stdev="0.5"/>',
      '<pause distribution="exponential" mean="5"/>',
      '<pause distribution="weibull" lambda="3" k="1.5"/>',
      '<pause distribution="pareto" k="2" x_m="3"/>',
      '<pause distribution="gpareto" shape="0.1" scale="2" location="1"/>',
      '<pause distribution="gamma" k="2" theta="4"/>',
      '<pause distribution="negbin" n="3" p="0.5"/>',
    ].join('\n'),
  ).commands.flatMap((c) =>
    c.kind === 'pause' && c.duration.kind === 'distribution'
      ? [distributionText(c.duration.distribution, ms)]
      : [],
  );
  assert.deepEqual(labels, [
    'N(10ms,2ms)',
    'LN(1ms,0.50ms)',
    'Exp(5ms)',
    'Wb(3ms,1.50ms)',
    'P(2ms,3ms)',
    'P(0.10ms,2ms,1ms)',
    'G(2ms,4ms)',
    'NB(3ms,0.50ms)',
  ]);
});

test('<exec rtp_echo=...> (SIPp 3.7) is refused as sipp 3.6.1 refuses it ("illegal <exec>")', () => {
  assert.match(
    loadError(nop('<exec rtp_echo="startaudio,0,PCMU/8000"/>')),
    /^a\.xml:\d+:\d+ <exec>: <exec> needs one of command, int_cmd, play_pcap_audio, .*rtp_stream\b(?!.*rtp_echo)/,
  );
});
