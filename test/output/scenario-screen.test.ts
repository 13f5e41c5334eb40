import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioScreen, type ScreenInfo } from '../../src/output/index.ts';
import { Counter, RunStats, StepEvent } from '../../src/stats/index.ts';
import {
  nop,
  pause,
  recv,
  sampleLines,
  screenFrom,
  send,
  snapshotOf,
  traceInfo,
  traceSnapshot,
  uacInfo,
  uacSnapshot,
  uasInfo,
  uasSnapshot,
} from './screen-fixtures.ts';

const SCENARIO_TITLE =
  '------------------------------ Scenario Screen -------- [1-9]: Change Screen --';

test('uac scenario screen is identical to sipp 3.6.1 uac_screen.log', () => {
  const expected = screenFrom(sampleLines('uac_screen.log'), SCENARIO_TITLE);
  assert.deepEqual(scenarioScreen(uacSnapshot(), uacInfo), expected);
});

test('uas (server) scenario screen is identical to uas_screen.log', () => {
  const expected = screenFrom(sampleLines('uas_screen.log'), SCENARIO_TITLE);
  assert.deepEqual(scenarioScreen(uasSnapshot(), uasInfo), expected);
});

test('named RTDs, unexpected counts and the Last Error line match trace_client_screen.log', () => {
  const expected = screenFrom(sampleLines('trace_client_screen.log'), SCENARIO_TITLE);
  assert.deepEqual(scenarioScreen(traceSnapshot(), traceInfo), expected);
});

test('final uac screen (Test Terminated) matches uac_stdout_final_screen.txt', () => {
  const expected = screenFrom(sampleLines('uac_stdout_final_screen.txt'), SCENARIO_TITLE);
  const info: ScreenInfo = {
    ...uacInfo,
    state: 'terminated',
    tasks: { running: 0, paused: 201, wokenUp: 0 },
  };
  assert.deepEqual(scenarioScreen(uacSnapshot(), info), expected);
});

/** Rows verified against sipp 3.6.1 by running it (pause lengths, nop, hidden rows). */
test('pauses, nops, hidden commands and client-side requests render like sipp', () => {
  const scenario = {
    mode: 'client' as const,
    rtdNames: ['a'],
    commands: [
      send(0, 'OPTIONS', { startRtd: 'a' }),
      send(1, 'OPTIONS', { hide: true }),
      nop(2),
      pause(3, { kind: 'variable', name: 'v' }, { crlf: true }),
      recv(4, 'BYE'),
      pause(5, { kind: 'fixed', ms: 123456789 }),
      pause(6, { kind: 'uniform', minMs: 1000, maxMs: 2000 }),
      nop(7, { display: 'hello' }),
    ],
  };
  const snap = snapshotOf(scenario, { start: 0, reset: 0, now: 9990 }, (s) => {
    s.count(Counter.OutgoingCall);
    s.step(0, StepEvent.Message);
    s.step(3, StepEvent.Message);
    s.step(4, StepEvent.Timeout);
    s.step(5, StepEvent.Message);
  });
  const lines = scenarioScreen(snap, { ...uacInfo, scenario, state: 'terminated', rate: 10 });
  const table = lines.slice(
    lines.indexOf('                                 Messages  Retrans   Timeout   Unexpected-Msg') +
      1,
  );
  assert.deepEqual(table, [
    '     OPTIONS ---------->  B-RTD1 1         0                                   ',
    '              [ NOP ]              ',
    '       Pause [       $v]         1                             0        ',
    '',
    '         BYE <----------         0         0         1         0               ',
    '       Pause [ 34:17:36]         1                             0        ',
    '       Pause [1000ms/2000ms]     0                             0        ',
    ' hello',
    '------------------------------ Test Terminated --------------------------------',
  ]);
  assert.equal(
    lines[2],
    '  10.0(0 ms)/1.000s   5071       2.00 s            1  127.0.0.1:5070(UDP)',
  );
});

test('header variants: new-calls period line, users mode, running footers, RTP line, warnings', () => {
  const snap = new RunStats(
    {
      commands: [],
      rtdNames: [],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
  snap.count(Counter.OutgoingCall, 3);
  snap.count(Counter.SendErrors, 2);
  const s = snap.snapshot(960);
  const info: ScreenInfo = {
    ...uacInfo,
    scenario: { mode: 'client', rtdNames: [], commands: [] },
    state: 'running',
    maxCalls: undefined,
    lastPeriod: undefined,
    totalElapsedMs: undefined,
    users: 7,
    rtp: { packetsSent: 0, lastPeriodKBps: 0 },
    openSockets: 2,
    warnings: ['socket buffers 4 MiB (-buff_size)'],
  };
  const lines = scenarioScreen(s, info);
  assert.equal(lines[1], '  Users (length)   Port   Total-time  Total-calls  Remote-host');
  assert.equal(lines[2], '  7 (0 ms)   5071       0.96 s            3  127.0.0.1:5070(UDP)');
  assert.equal(
    lines[4],
    '  3 new calls during 0.960 s period       0 ms scheduler resolution            ',
  );
  assert.equal(
    lines[8],
    '  2 open sockets                          2/0/0 UDP errors (send/recv/cong)',
  );
  assert.equal(
    lines[9],
    '  0 Total RTP pckts sent                  0.000 last period RTP rate (kB/s)',
  );
  assert.equal(lines.at(-2), 'socket buffers 4 MiB (-buff_size)');
  assert.equal(
    lines.at(-1),
    '------ [+|-|*|/]: Adjust rate ---- [q]: Soft exit ---- [p]: Pause traffic -----',
  );
  const server = scenarioScreen(s, { ...uasInfo, state: 'running' });
  assert.equal(
    server.at(-1),
    '------------------------------ SIPp Server Mode -------------------------------',
  );
  const paused = scenarioScreen(s, { ...info, state: 'paused' });
  assert.equal(
    paused.at(-1),
    '----------------- Traffic Paused - Press [p] again to resume ------------------',
  );
});

test('short last errors are printed whole, multi-line ones stop at the first line', () => {
  const s = uacSnapshot();
  assert.equal(
    scenarioScreen(s, { ...uacInfo, lastError: 'bind failed' }).at(-2),
    'Last Error: bind failed',
  );
  assert.equal(scenarioScreen(s, { ...uacInfo, lastError: 'a\r\nb' }).at(-2), 'Last Error: a...');
});

test('the built-in uac and uas, loaded by the real scenario loader, draw the sample rows', async () => {
  const { loadBuiltinScenario } = await import('../../src/scenario/index.ts');
  for (const [name, info, snap, sample] of [
    ['uac', uacInfo, uacSnapshot, 'uac_screen.log'],
    ['uas', uasInfo, uasSnapshot, 'uas_screen.log'],
  ] as const) {
    const scenario = loadBuiltinScenario(name);
    const stats = new RunStats(scenario, 0);
    stats.merge(snap());
    const lines = scenarioScreen(
      { ...snap(), steps: stats.snapshot(0).steps },
      { ...info, scenario },
    );
    assert.deepEqual(lines, screenFrom(sampleLines(sample), SCENARIO_TITLE), name);
  }
});

test("the line after the sockets line: the RTP line once time passed, sipp 3.6.1's repeated sockets line when none did", () => {
  const snap = new RunStats(
    {
      commands: [],
      rtdNames: [],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
  const info: ScreenInfo = {
    ...uacInfo,
    scenario: { mode: 'client', rtdNames: [], commands: [] },
    state: 'running',
    openSockets: 1,
  };
  const sockets = '  1 open sockets                          0/0/0 UDP errors (send/recv/cong)';
  // A live screen one second into its period, no media: zeros, as a pty capture of sipp shows.
  const live = scenarioScreen(snap.snapshot(1000), { ...info, lastPeriod: undefined });
  assert.equal(live[8], sockets);
  assert.equal(
    live[9],
    '  0 Total RTP pckts sent                  0.000 last period RTP rate (kB/s)',
  );
  // No time since the last report (first screen, final screen): the sockets line again.
  const first = scenarioScreen(snap.snapshot(0), { ...info, lastPeriod: undefined });
  assert.deepEqual([first[8], first[9]], [sockets, sockets]);
});
