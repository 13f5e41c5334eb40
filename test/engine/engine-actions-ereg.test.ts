// The ereg action on the fake clock: what each search_in reads, how matches land in variables,
// and what check_it / check_it_inverse count. Expected values were measured on SIPp 3.6.1 with
// the same message and patterns (the log lines are the ones SIPp wrote to -trace_logs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SipMessage } from '../../src/sip/index.ts';
import type { ReplyFn, ScriptedPeer } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';

/** Answers every request with a 200 carrying the headers and body the patterns look at. */
class RichAnswer implements ScriptedPeer {
  receive(msg: SipMessage, reply: ReplyFn): void {
    if (!msg.isRequest || msg.method === 'ACK') return;
    const body = 'body line ONE 77\r\n';
    const text = [
      'SIP/2.0 200 OK',
      `Via: ${msg.header('Via')}`,
      `From: ${msg.header('From')}`,
      `To: ${msg.header('To')};tag=srv`,
      `Call-ID: ${msg.callId()}`,
      `CSeq: ${msg.header('CSeq')}`,
      'Subject: hello World 42',
      'X-Foo: first one',
      'x-foo: second one',
      'Content-Type: text/plain',
      `Content-Length: ${body.length}`,
      '',
      body,
    ].join('\r\n');
    reply(Buffer.from(text, 'latin1'), 1);
  }
}

function run(body: string): EngineHarness {
  const h = new EngineHarness({
    scenario: clientXml(body),
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
    peer: new RichAnswer(),
  });
  h.run(400);
  return h;
}

const recvWith = (actions: string): string =>
  `${sendRequest('MESSAGE')}\n<recv response="200"><action>${actions}</action></recv>`;

test('ereg search_in hdr/body/msg: the values SIPp 3.6.1 logged for the same message', () => {
  const h = run(
    recvWith(`
      <ereg regexp=".*" search_in="hdr" header="X-Foo:" assign_to="h1"/>
      <ereg regexp=".*" search_in="hdr" header="X-Foo:" occurrence="2" assign_to="h2"/>
      <ereg regexp=".*" search_in="hdr" header="X-Foo:" case_indep="true" occurrence="2" assign_to="h3"/>
      <ereg regexp=".*" search_in="hdr" header="x-foo:" case_indep="1" occurence="2" assign_to="h4"/>
      <ereg regexp=".*" search_in="hdr" header="first" start_line="true" assign_to="h5"/>
      <ereg regexp=".*" search_in="hdr" header="first" assign_to="h7"/>
      <ereg regexp="[A-Z]+ ([0-9]+)" search_in="body" assign_to="b1,b2"/>
      <ereg regexp="^SIP.*OK" search_in="msg" assign_to="m1"/>
      <ereg regexp="OK..Via" search_in="msg" assign_to="m2"/>
      <ereg regexp="Hello" search_in="hdr" header="Subject:" case_indep="true" assign_to="h6"/>
      <log message="h1=|[$h1]| h2=|[$h2]| h3=|[$h3]| h4=|[$h4]| h5=|[$h5]| h7=|[$h7]| b=|[$b1]|[$b2]| m1=|[$m1]| m2=|[$m2]| h6=|[$h6]|"/>`),
  );
  assert.deepEqual(h.trace.logs, [
    'h1=| first one| h2=|| h3=| second one| h4=| second one| h5=|| h7=| one| b=|ONE 77|77| ' +
      'm1=|SIP/2.0 200 OK| m2=|OK\r\nVia| h6=||',
  ]);
  assert.equal(h.counters().SuccessfulCall, 1);
});

test('ereg search_in var: POSIX classes, GNU escapes, unset sub-expressions, failed matches', () => {
  const h = run(
    recvWith(`
      <assignstr assign_to="v" value="abc 123 def"/>
      <ereg regexp="[[:digit:]]+" search_in="var" variable="v" assign_to="d1"/>
      <ereg regexp="\\d" search_in="var" variable="v" assign_to="d2"/>
      <ereg regexp="a(x)?b" search_in="var" variable="v" assign_to="d3,d3a"/>
      <ereg regexp="zzz" search_in="var" variable="v" assign_to="d1"/>
      <ereg regexp="\\&lt;def" search_in="var" variable="v" assign_to="d4"/>
      <log message="d1=[$d1]|d2=[$d2]|d3=[$d3]|d3a=[$d3a]|d4=[$d4]|"/>`),
  );
  // d2: glibc reads \\d as a plain "d"; d1 keeps "123" because a failed match assigns nothing.
  assert.deepEqual(h.trace.logs, ['d1=123|d2=d|d3=ab|d3a=|d4=def|']);
});

test('ereg on a send searches the message just sent', () => {
  const send = sendRequest('MESSAGE').replace(
    'Max-Forwards: 70',
    'Max-Forwards: 70\nSubject: hello world 42',
  );
  const h = run(
    send.replace(
      ']]></send>',
      ']]><action><ereg regexp="hello ([a-z]+)" search_in="msg" assign_to="s1,s1a"/>' +
        '<log message="|[$s1]|[$s1a]|"/></action></send>',
    ) + '\n<recv response="200"/>',
  );
  assert.deepEqual(h.trace.logs, ['|hello world|world|']);
});

/** One check_it failure: counted, warned, the rest of the block skipped, the call goes on. */
function checkFailure(actions: string): EngineHarness {
  return run(
    `${recvWith(`${actions}<log message="after"/>`)}\n` +
      '<nop><action><log message="continued"/></action></nop>',
  );
}

test('check_it on a missing header: FailedRegexpHdrNotFound, and the call goes on failed', () => {
  const h = checkFailure(
    '<ereg regexp="zz" search_in="hdr" header="X-Nope:" check_it="true" assign_to="n"/>' +
      '<log message="[$n]"/>',
  );
  const c = h.counters();
  assert.equal(c.FailedRegexpHdrNotFound, 1);
  assert.equal(c.FailedCall, 1);
  assert.equal(c.SuccessfulCall, 0, 'the end of a failed call is no success');
  assert.deepEqual(h.trace.logs, ['continued']);
  assert.ok(
    h.trace.warnings.some((w) =>
      w.startsWith('Failed regexp match: header X-Nope: not found in message\nSIP/2.0 200 OK'),
    ),
  );
});

test('check_it on a pattern that does not match: FailedRegexpDoesntMatch', () => {
  const h = checkFailure(
    '<ereg regexp="nothing" search_in="hdr" header="X-Foo:" check_it="true" assign_to="n"/>' +
      '<log message="[$n]"/>',
  );
  assert.equal(h.counters().FailedRegexpDoesntMatch, 1);
  assert.ok(
    h.trace.warnings.some((w) =>
      w.startsWith("Failed regexp match: looking in ' first one', with regexp 'nothing'"),
    ),
  );
});

test('check_it_inverse on a match: FailedRegexpShouldntMatch', () => {
  const h = checkFailure(
    '<ereg regexp="first" search_in="hdr" header="X-Foo:" check_it_inverse="true" assign_to="n"/>' +
      '<log message="[$n]"/>',
  );
  const c = h.counters();
  assert.equal(c.FailedRegexpShouldntMatch, 1);
  assert.equal(c.FailedCall, 1);
  assert.deepEqual(h.trace.logs, ['continued']);
  assert.ok(
    h.trace.warnings.some((w) =>
      w.startsWith("Regexp matched but should not: looking in ' first one', with regexp 'first'"),
    ),
  );
});

test('check_it that holds changes nothing', () => {
  const h = checkFailure(
    '<ereg regexp="first" search_in="hdr" header="X-Foo:" check_it="true" assign_to="n"/>' +
      '<log message="[$n]"/>',
  );
  assert.deepEqual(h.trace.logs, ['first', 'after', 'continued']);
  assert.equal(h.counters().SuccessfulCall, 1);
  assert.equal(h.counters().FailedCall, 0);
});
