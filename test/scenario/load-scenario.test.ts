// What a loaded Scenario holds: labels, pause forms, bookkeeping names, attributes, files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GossipperError, ScenarioError } from '../../src/errors.ts';
import {
  loadScenarioFile,
  loadScenarioXml,
  renderTemplate,
  type Command,
} from '../../src/scenario/index.ts';
import { fakeSource } from './fake-source.ts';

const SEND = (method: string, extra = '') =>
  `<send${extra}><![CDATA[${method} sip:x SIP/2.0\n]]></send>`;
const load = (body: string, name = 'flow.xml') =>
  loadScenarioXml(`<scenario name="Flow">\n${body}\n</scenario>`, name);
const kinds = (commands: readonly Command[]) => commands.map((c) => c.kind);

test('labels resolve to command indexes (a trailing label points past the end)', () => {
  const s = load(
    [
      SEND('INVITE'),
      '<label id="ring"/>',
      '<recv response="180" optional="true" next="answered"/>',
      '<recv response="200" ontimeout="end" timeout="3000"/>',
      '<label id="answered"/>',
      SEND('ACK'),
      '<label id="end"/>',
    ].join('\n'),
  );
  assert.deepEqual(
    [...s.labels],
    [
      ['ring', 1],
      ['answered', 3],
      ['end', 4],
    ],
  );
  assert.equal(s.commands[1].next, 3);
  assert.equal(s.commands[2].onTimeout, 4);
  assert.equal(s.commands[2].kind === 'recv' && s.commands[2].timeoutMs, 3000);
  assert.equal(s.name, 'Flow');
  assert.equal(s.fileStem, 'flow');
});

test('pause forms and totalPauseMs (fixed ones, timewait included)', () => {
  const s = load(
    [
      '<nop/>',
      '<pause/>',
      '<recv request="INVITE"/>',
      '<pause milliseconds="1500"/>',
      '<pause variable="hold"/>',
      '<nop test="hold"/>',
      '<pause distribution="fixed" value="250.9"/>',
      '<pause distribution="uniform" min="10" max="20"/>',
      '<pause min="1" max="2"/>',
      '<timewait milliseconds="4000"/>',
    ].join('\n'),
  );
  assert.equal(s.mode, 'server');
  const durations = s.commands
    .filter((c) => c.kind === 'pause')
    .map((c) => c.kind === 'pause' && c.duration);
  assert.deepEqual(durations, [
    { kind: 'default' },
    { kind: 'fixed', ms: 1500 },
    { kind: 'variable', name: 'hold' },
    { kind: 'fixed', ms: 250.9 },
    { kind: 'uniform', minMs: 10, maxMs: 20 },
    { kind: 'uniform', minMs: 1, maxMs: 2 },
    { kind: 'fixed', ms: 4000 },
  ]);
  assert.equal(s.totalPauseMs, 1500 + 250 + 4000);
});

test('RTD and counter names in order of first appearance; rtd="true" is "1"', () => {
  const s = load(
    [
      SEND('INVITE', ' start_rtd="setup" counter="invites"'),
      '<recv response="200" rtd="setup" start_rtd="true" counter="answered"/>',
      SEND('BYE', ' counter="invites"'),
      '<recv response="200" rtd="true" repeat_rtd="1"/>',
      '<nop rtd="false"/>',
    ].join('\n'),
  );
  assert.deepEqual(s.rtdNames, ['setup', '1']);
  assert.deepEqual(s.counterNames, ['invites', 'answered']);
  const [inv, ok, , byeOk, nop] = s.commands;
  assert.deepEqual(
    [inv.startRtd, ok.rtd, ok.startRtd, byeOk.rtd, byeOk.repeatRtd, nop.rtd],
    ['setup', 'setup', '1', '1', true, undefined],
  );
});

test('client mode after leading pauses; sentMethodsBefore skips transaction-tagged sends', () => {
  const s = load(
    [
      '<pause milliseconds="5"/>',
      SEND('REGISTER'),
      '<recv response="200"/>',
      SEND('INVITE', ' start_txn="inv"'),
      '<recv response="200" response_txn="inv"/>',
      SEND('ACK', ' ack_txn="inv"'),
      SEND('BYE'),
      '<recv response="200"/>',
    ].join('\n'),
  );
  assert.equal(s.mode, 'client');
  const recvs = s.commands.filter((c) => c.kind === 'recv');
  assert.deepEqual(
    recvs.map((r) => r.kind === 'recv' && [...r.sentMethodsBefore]),
    [['REGISTER'], ['REGISTER'], ['REGISTER', 'BYE']],
  );
  assert.equal(recvs[1].kind === 'recv' && recvs[1].responseTxn, 'inv');
  const sends = s.commands.filter((c) => c.kind === 'send');
  assert.deepEqual(
    sends.map((c) => c.kind === 'send' && [c.startTxn, c.ackTxn]),
    [
      [undefined, undefined],
      ['inv', undefined],
      [undefined, 'inv'],
      [undefined, undefined],
    ],
  );
});

test('recv and common attributes are carried over', () => {
  const s = load(
    [
      '<recv request="MESSAGE|PUBLISH" regexp_match="true" rrs="true" auth="1" lost="2.5" display="in" hide="true"/>',
      '<recv request="INFO" optional="global" advance_state="false" condexec="flag" condexec_inverse="true"/>',
      '<label id="a"/>',
      '<recv response="200" next="a" test="flag" chance="0.25" crlf=""/>',
      '<nop hiderest="true"/>',
      '<nop/>',
      '<nop hide="false"/>',
    ].join('\n'),
  );
  const [r1, r2, r3, n1, n2, n3] = s.commands;
  assert.ok(
    r1.kind === 'recv' && r1.regexpMatch && r1.rrs && r1.auth && r1.request === 'MESSAGE|PUBLISH',
  );
  assert.deepEqual([r1.lostPercent, r1.display, r1.hide], [2.5, 'in', true]);
  assert.ok(
    r2.kind === 'recv' &&
      r2.optional === 'global' &&
      !r2.advanceState &&
      r2.condExec === 'flag' &&
      r2.condExecInverse,
  );
  assert.deepEqual([r3.next, r3.test, r3.chance, r3.crlf], [2, 'flag', 0.25, true]);
  assert.deepEqual([n1.hide, n2.hide, n3.hide], [true, true, false]);
});

test('actions are kept verbatim with their position', () => {
  const s = load(
    '<recv request="INVITE">\n  <action>\n    <ereg regexp="tag=([^;]*)" search_in="hdr" header="From:" assign_to="all,tag"/>\n' +
      '    <log message="got [$tag] [$all]"/>\n  </action>\n</recv>\n<nop/>',
  );
  const actions = s.commands[0].actions;
  assert.deepEqual(
    actions.map((a) => a.name),
    ['ereg', 'log'],
  );
  assert.deepEqual(actions[0].attrs, {
    regexp: 'tag=([^;]*)',
    search_in: 'hdr',
    header: 'From:',
    assign_to: 'all,tag',
  });
  assert.deepEqual(actions[1].pos, { file: 'flow.xml', line: 5, column: 5 });
  assert.deepEqual(s.commands[1].actions, []);
});

test('<Global> variables and repartitions', () => {
  const s = load(
    '<Global variables="a, b,c"/>\n<nop/>\n<recv request="X"/>\n<CallLengthRepartition value="1,2 ,3"/>',
  );
  assert.deepEqual(s.globalVariables, ['a', 'b', 'c']);
  assert.deepEqual(s.callLengthRepartition, [1, 2, 3]);
  assert.deepEqual(s.responseTimeRepartition, []);
  assert.throws(
    () => load('<recv request="X"/>\n<ResponseTimeRepartition value="10,,20"/>'),
    /^ScenarioError: flow\.xml:3:1 <ResponseTimeRepartition>: value="10,,20" must be a comma-separated list/,
  );
});

test('bare & is tolerated outside CDATA, kept raw inside it; columns still match the file', () => {
  const xml =
    '<scenario name="R&D &amp; ops">\n  <send><![CDATA[MESSAGE sip:x SIP/2.0\n\na&b &amp;\n]]></send>\n' +
    '  <nop><action><log message="x & y"/></action></nop>\n</scenario>';
  const s = loadScenarioXml(xml, 'amp.xml');
  assert.equal(s.name, 'R&D & ops');
  assert.equal(s.commands[1].actions[0].attrs.message, 'x & y');
  const send = s.commands[0];
  assert.ok(send.kind === 'send');
  assert.equal(
    renderTemplate(send.template, fakeSource()).toString('latin1'),
    'MESSAGE sip:x SIP/2.0\r\n\r\na&b &amp;\r\n',
  );
  // Unknown attributes are warnings (SIPp ignores them); the column is still the file's.
  assert.deepEqual(
    loadScenarioXml(
      '<scenario name="a & b" bogus="1">\n  <recv request="B" x="&"/>\n</scenario>',
      'amp.xml',
    ).warnings,
    [
      'amp.xml:1:1 <scenario>: unknown attribute "bogus" ignored',
      'amp.xml:2:3 <recv>: unknown attribute "x" ignored',
    ],
  );
  // saxes reports one column past the duplicate; without the `&` correction it would say 2:40.
  assert.throws(
    () =>
      loadScenarioXml('<scenario>\n  <nop display="a & b" x="1" x="2"/>\n</scenario>', 'amp.xml'),
    (err: unknown) =>
      err instanceof ScenarioError &&
      err.code === 'SCENARIO_XML' &&
      err.message.startsWith('amp.xml:2:36 <nop>: malformed XML: duplicate attribute'),
  );
});

test('loadScenarioFile: bytes pass through as latin1, stem from the basename, missing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-scenario-'));
  const path = join(dir, 'my-call.xml');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('<scenario>\n<send><![CDATA[MESSAGE sip:x SIP/2.0\n\n', 'latin1'),
      Buffer.from('caf\u00e9 \u20ac', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('\n]]></send>\n</scenario>\n', 'latin1'),
    ]),
  );
  const s = loadScenarioFile(path);
  assert.equal(s.fileStem, 'my-call');
  assert.deepEqual(kinds(s.commands), ['send']);
  const cmd = s.commands[0];
  assert.ok(cmd.kind === 'send');
  const out = renderTemplate(cmd.template, fakeSource());
  assert.ok(
    out
      .subarray(out.indexOf('\r\n\r\n') + 4)
      .equals(
        Buffer.concat([Buffer.from('caf\u00e9 \u20ac', 'utf8'), Buffer.from([0xe9, 0x0d, 0x0a])]),
      ),
  );
  assert.throws(
    () => loadScenarioFile(join(dir, 'nope.xml')),
    (err: unknown) =>
      err instanceof GossipperError &&
      err.code === 'SCENARIO_NOT_FOUND' &&
      err.message.includes('nope.xml'),
  );
});

test('userKeywords option lets -key names through', () => {
  const xml = `<scenario>\n${SEND('OPTIONS').replace('sip:x', 'sip:[callee]')}\n</scenario>`;
  const s = loadScenarioXml(xml, 'k.xml', { userKeywords: new Set(['callee']) });
  const cmd = s.commands[0];
  assert.ok(cmd.kind === 'send');
  assert.equal(
    renderTemplate(cmd.template, fakeSource({ userKeywords: { callee: 'bob' } })).toString(
      'latin1',
    ),
    'OPTIONS sip:bob SIP/2.0\r\n\r\n',
  );
});
