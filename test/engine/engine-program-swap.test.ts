/**
 * Engine.useProgram: swapping the scenario mid-run on the fake clock. Calls in flight finish on
 * the program they started with, new calls take the new one, statistics are kept per program and
 * summed for the run, and nothing fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioError } from '../../src/errors.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { ScriptedUas, buildRequest } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml } from './engine-harness.ts';

/** A request carrying `Subject: <subject>`, so the test can tell which program rendered it. */
function send(method: string, subject: string, attrs = ''): string {
  return `<send${attrs}><![CDATA[
${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: [cseq] ${method}
Subject: ${subject}
Content-Length: 0

]]></send>`;
}

/** A: OPTIONS, its 200 (RTD 1), a 1.5 s pause, INFO, its 200. */
const PROGRAM_A = clientXml(
  [
    send('OPTIONS', 'A'),
    '<recv response="200" rtd="true"/>',
    '<pause milliseconds="1500"/>',
    send('INFO', 'A'),
    '<recv response="200"/>',
  ].join('\n'),
);

/** B: MESSAGE (counted), its 200 (RTD "b"). */
const PROGRAM_B = clientXml(
  [send('MESSAGE', 'B', ' counter="b-sent"'), '<recv response="200" rtd="b"/>'].join('\n'),
);

const SWAP_AT_MS = 1050;

function swapMidRun(): {
  h: EngineHarness;
  inFlightAtSwap: number;
  limits: [number, number];
} {
  const h = new EngineHarness({
    scenario: PROGRAM_A,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 20 },
    peer: new ScriptedUas(),
  });
  h.run(SWAP_AT_MS);
  const inFlightAtSwap = h.engine.currentCalls;
  const before = h.engine.limit;
  const program = h.engine.compile(loadScenarioXml(PROGRAM_B, 'b.xml'));
  h.engine.useProgram(program);
  const limits: [number, number] = [before, h.engine.limit];
  h.run(5000);
  return { h, inFlightAtSwap, limits };
}

function callNumberOf(callId: string): number {
  return Number(callId.split('-')[0]);
}

test('a swap mid-run: calls in flight finish on the old program, new calls use the new one', () => {
  const { h, inFlightAtSwap } = swapMidRun();
  assert.equal(inFlightAtSwap, 10, 'calls 1-10 were placed, all still in their pause');
  assert.equal(h.engine.scenario.fileStem, 'b');

  const subjects = new Map<number, string[]>();
  for (const d of h.transport.sent) {
    const n = callNumberOf(d.msg.callId());
    subjects.set(n, [...(subjects.get(n) ?? []), `${d.msg.method} ${d.msg.header('Subject')}`]);
  }
  for (let n = 1; n <= 10; n++)
    assert.deepEqual(subjects.get(n), ['OPTIONS A', 'INFO A'], `call ${n} finished on A`);
  for (let n = 11; n <= 20; n++)
    assert.deepEqual(subjects.get(n), ['MESSAGE B'], `call ${n} ran on B`);

  const s = h.counters();
  assert.equal(s.OutgoingCall, 20);
  assert.equal(s.SuccessfulCall, 20);
  assert.equal(s.FailedCall, 0);
  assert.equal(s.OutOfCallMsgs, 0);
  assert.deepEqual(h.done, ['drained']);
  assert.deepEqual(h.trace.errors, []);
});

test('statistics are kept per program and summed for the run', () => {
  const { h } = swapMidRun();
  const programs = h.stats.programSnapshots(h.clock.now());
  assert.deepEqual(
    programs.map((p) => [p.generation, p.label, p.snapshot.cumulative.SuccessfulCall]),
    [
      [1, 'test', 10],
      [2, 'b', 10],
    ],
  );
  const [a, b] = programs.map((p) => p.snapshot);
  assert.deepEqual(
    a.steps.map((x) => x.message),
    [10, 10, 10, 10, 10],
    'A counted its own five steps',
  );
  assert.deepEqual(
    b.steps.map((x) => x.message),
    [10, 10],
  );
  assert.equal(a.cumulative.OutgoingCall, 10);
  assert.equal(b.cumulative.OutgoingCall, 10);

  const run = h.snapshot();
  assert.equal(run.cumulative.SuccessfulCall, 20);
  assert.equal(run.callLength.cumulative.count, 20);
  assert.deepEqual(
    run.steps.map((x) => x.message),
    [10, 10],
    "the run's steps are the current program's",
  );
  assert.deepEqual(
    run.rtds.map((r) => [r.name, r.cumulative.count]),
    [
      ['b', 10],
      ['1', 10],
    ],
  );
  assert.deepEqual(
    run.generic.map((g) => [g.name, g.cumulative]),
    [['b-sent', 10]],
  );
});

test("SIPp's default -l follows the new program's pauses", () => {
  const { limits } = swapMidRun();
  // 3 x rate x max(total pause, 1 s): A pauses 1.5 s, B not at all.
  assert.deepEqual(limits, [45, 30]);
});

test('compile refuses a scenario of the other mode, and the engine keeps its program', () => {
  const h = new EngineHarness({ scenario: PROGRAM_A, rate: { callsPerPeriod: 10 } });
  const before = h.engine.program;
  assert.throws(
    () => h.engine.compile(loadScenarioXml(clientXml('<recv request="OPTIONS"/>'), 'srv.xml')),
    (e: unknown) =>
      e instanceof ScenarioError &&
      /"srv" answers calls, but this engine places calls/.test(e.message),
  );
  assert.equal(h.engine.program, before);
  assert.equal(h.stats.programSnapshots(0).length, 1, 'no statistics for a refused program');
});

test('a server engine: calls admitted after the swap answer with the new program', () => {
  const answer = (subject: string): string =>
    clientXml(`<recv request="OPTIONS"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[call_number]
[last_Call-ID:]
[last_CSeq:]
Subject: ${subject}
Content-Length: 0

]]></send>`);
  const h = new EngineHarness({ scenario: answer('old') });
  const options = (callId: string): Buffer => buildRequest('OPTIONS', { callId, cseq: 1 });
  h.transport.inject(options('one'));
  h.run(10);
  h.engine.useProgram(h.engine.compile(loadScenarioXml(answer('new'), 'new.xml')));
  h.transport.inject(options('two'));
  h.run(10);
  assert.deepEqual(
    h.transport.sent.map((d) => `${d.msg.callId()} ${d.msg.header('Subject')}`),
    ['one old', 'two new'],
  );
  assert.equal(h.counters().SuccessfulCall, 2);
});
