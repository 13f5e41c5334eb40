// `<sendCmd>` / `<recvCmd>` (3PCC) at load time: their fields, the mode and twin role they give a
// scenario, and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioError } from '../../src/errors.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import type { RecvCmdCommand, SendCmdCommand } from '../../src/scenario/index.ts';
import { loadBuiltinScenario } from '../../src/scenario/builtins/index.ts';

function loadError(xml: string): ScenarioError {
  try {
    loadScenarioXml(xml, 'x.xml');
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `expected ScenarioError, got ${String(err)}`);
    return err;
  }
  return assert.fail('the scenario loaded without error');
}

test('the four 3PCC built-ins load, with the modes and twin roles SIPp gives them', () => {
  const roles = ['3pcc-C-A', '3pcc-C-B', '3pcc-A', '3pcc-B'].map((n) => {
    const s = loadBuiltinScenario(n);
    return [n, s.mode, s.twin];
  });
  assert.deepEqual(roles, [
    ['3pcc-C-A', 'client', 'sends-first'],
    ['3pcc-C-B', 'server', 'receives-first'],
    ['3pcc-A', 'server', undefined],
    ['3pcc-B', 'server', undefined],
  ]);
});

test('sendCmd: cleaned CDATA without the SIP first-line rule, dest=; recvCmd: src, optional, timeout', () => {
  const s = loadScenarioXml(
    `<scenario>
  <recvCmd src="master" timeout="2000" optional="false" />
  <sendCmd dest="s2">
    <![CDATA[
      Call-ID: [call_id]
      From: s1

    ]]>
  </sendCmd>
</scenario>`,
    'x.xml',
  );
  const recv = s.commands[0] as RecvCmdCommand;
  const send = s.commands[1] as SendCmdCommand;
  assert.equal(recv.kind, 'recvCmd');
  assert.equal(recv.src, 'master');
  assert.equal(recv.timeoutMs, 2000);
  assert.equal(recv.optional, 'no');
  assert.equal(send.kind, 'sendCmd');
  assert.equal(send.dest, 's2');
  const text = send.template.parts
    .map((p) => (Buffer.isBuffer(p) ? p.toString('latin1') : `[${p.name}]`))
    .join('');
  assert.equal(text, 'Call-ID: [call_id]\r\nFrom: s1');
  assert.equal(s.mode, 'server');
  assert.equal(s.twin, 'receives-first');
});

test('a scenario that starts with sendCmd is a client that connects to its twin', () => {
  const s = loadScenarioXml(
    `<scenario><sendCmd><![CDATA[Call-ID: [call_id]]]></sendCmd><recvCmd/></scenario>`,
    'x.xml',
  );
  assert.equal(s.mode, 'client');
  assert.equal(s.twin, 'sends-first');
});

test('load errors of sendCmd and recvCmd name the file, line and element', () => {
  assert.equal(
    loadError(`<scenario>\n  <sendCmd/>\n</scenario>`).message,
    'x.xml:2:3 <sendCmd>: no command: put its text inside <![CDATA[ ... ]]>',
  );
  assert.equal(
    loadError(`<scenario>\n  <sendCmd><![CDATA[X-Foo: 1]]></sendCmd>\n</scenario>`).message,
    'x.xml:2:3 <sendCmd>: the command has no Call-ID: header',
  );
  assert.match(
    loadError(`<scenario>\n  <recvCmd optional="maybe"/>\n</scenario>`).message,
    /^x\.xml:2:3 <recvCmd>: optional="maybe" must be true, false or global/,
  );
  assert.match(
    loadError(`<scenario>\n  <sendCmd><![CDATA[Call-ID: [no_such_kw]]]></sendCmd>\n</scenario>`)
      .message,
    /^x\.xml:2:\d+ <sendCmd>: .*no_such_kw/,
  );
});

test('a variable set by an action and used only in a sendCmd counts as used twice', () => {
  const s = loadScenarioXml(
    `<scenario>
  <recvCmd><action><ereg regexp="a" search_in="msg" assign_to="v"/></action></recvCmd>
  <sendCmd><![CDATA[Call-ID: [call_id]
[$v]]]></sendCmd>
</scenario>`,
    'x.xml',
  );
  assert.equal(s.commands.length, 2);
});

test('dest= on a recvCmd (a sendCmd attribute) is an unknown attribute, warned about', () => {
  const s = loadScenarioXml(`<scenario>\n  <recvCmd dest="x"/>\n</scenario>`, 'x.xml');
  assert.deepEqual(s.warnings, [
    'x.xml:2:3 <recvCmd>: unknown attribute "dest" ignored (did you mean "test"?)',
  ]);
});
