process.env.TZ = 'UTC'; // the samples were taken on a UTC machine; SIPp prints local time

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalReport, gossipperExtras, screenDump, summaryLine } from '../../src/output/index.ts';
import { Counter, PeriodTracker, RunStats, StepEvent } from '../../src/stats/index.ts';
import { sampleLines, traceInfo, traceSnapshot, uacInfo, uacSnapshot } from './screen-fixtures.ts';

// Elapsed Time, Response Time and Call Length are compared too: the final screen shows them as
// zeros, as sipp 3.6.1 does. Last Reset Time is the final screen's own reset (= Current Time).
const VALUE_ROWS = /^ {2}(Call Rate|Current Time|Last Reset Time) /;
/** The screen dump is a live screen: its times are the run's own. */
const DUMP_VALUE_ROWS = /^ {2}(Elapsed Time|Call Rate|Call Length|Current Time) /;

test('final report starts with exactly the SIPp block of uac_stdout_final_screen.txt', () => {
  const expected = sampleLines('uac_stdout_final_screen.txt');
  const info = { ...uacInfo, tasks: { running: 0, paused: 201, wokenUp: 0 } };
  const got = finalReport(uacSnapshot(), info).slice(0, expected.length);
  const same = (lines: string[]) => lines.filter((l) => !VALUE_ROWS.test(l));
  assert.deepEqual(same(got), same(expected));
  assert.equal(got.filter((l) => l.includes('Test Terminated')).length, 2);
  const at = (label: string) => (got.find((l) => l.startsWith(`  ${label}`)) ?? '').slice(25);
  assert.equal(at('Last Reset Time'), at('Current Time'));
});

test('final screen: zero Periodic column, zero durations, no failure causes, no Last Error', () => {
  // A live screen of the same snapshot has non-zero periodic values and a Last Error line.
  const info = {
    ...uacInfo,
    showFailureCauses: true,
    lastError: 'Aborting call on unexpected message',
  };
  const snap = uacSnapshot();
  const stats = finalReport(snap, info);
  const block = stats.slice(stats.findIndex((l) => l.includes('Statistics Screen')));
  const row = (label: string) => block.find((l) => l.startsWith(`  ${label}`)) ?? '';
  for (const label of ['Outgoing calls created', 'Successful call', 'Failed call'])
    assert.match(row(label), /^ {2}[^|]+\| {8}0 {18}\|/, label);
  for (const label of ['Elapsed Time', 'Response Time 1', 'Call Length'])
    assert.equal(
      row(label).split('|').slice(1).join('|').trim(),
      '00:00:00:000000           | 00:00:00:000000',
      label,
    );
  assert.ok(!block.some((l) => l.startsWith('  Failed ') && !l.startsWith('  Failed call')));
  assert.ok(!stats.some((l) => l.startsWith('Last Error')));
});

test('the final screen reports a 0.0 s period, as sipp 3.6.1 prints it right after a report', () => {
  // A live period of 2.5 s with 40 new calls: the final screen still reads "0.0 s period" and
  // repeats the sockets line (sipp's RTP line needs time since the last report).
  const info = { ...uacInfo, maxCalls: 200, lastPeriod: { newCalls: 40, durationMs: 2500 } };
  const got = finalReport(uacSnapshot(), info);
  assert.match(got[4], /^ {2}Call limit 200 hit, 0\.0 s period/);
  assert.equal(got[8], got[9]);
  assert.match(got[9], /open sockets/);
});

test("Gossipper's extras follow SIPp's block: percentiles, malformed, skipped, causes", () => {
  const stats = new RunStats(
    {
      commands: { length: 1 },
      rtdNames: ['setup'],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
  for (let i = 1; i <= 100; i++) stats.responseTime(0, i);
  stats.callLength(250, 400);
  stats.inviteRtt(20, 170);
  stats.count(Counter.MalformedMessages, 3);
  stats.count(Counter.CallsSkippedByLimit, 4);
  stats.count(Counter.FailedMaxUDPRetrans, 2);
  stats.count(Counter.OutOfCallMsgs, 5);
  stats.count(Counter.DeadCallMsgs, 6);
  stats.count(Counter.Retransmissions, 7);
  const lines = gossipperExtras(stats.snapshot(1000));
  assert.match(lines[0], /^-+ Gossipper extras -+$/);
  assert.equal(lines[0].length, 79);
  assert.equal(
    lines[1],
    '  Percentiles (ms)    |      p50      p90      p95      p99    p99.9      max',
  );
  const setup = lines.find((l) => l.startsWith('  Response Time setup')) ?? '';
  const [p50, p90, , p99, , max] = setup.split('|')[1].trim().split(/\s+/).map(Number);
  assert.ok(Math.abs(p50 - 50) <= 0.5 && Math.abs(p90 - 90) <= 0.9 && Math.abs(p99 - 99) <= 1);
  assert.equal(max, 100);
  assert.ok(
    lines.includes('  Call Length         |  250.000  250.000  250.000  250.000  250.000  250.000'),
  );
  // A call started 150 ms late: the schedule-based length shows it (coordinated omission).
  assert.ok(
    lines.includes('  Call Length (sched) |  400.000  400.000  400.000  400.000  400.000  400.000'),
  );
  assert.ok(
    lines.includes('  INVITE -> final     |   20.000   20.000   20.000   20.000   20.000   20.000'),
  );
  assert.ok(
    lines.includes('  INVITE (sched)      |  170.000  170.000  170.000  170.000  170.000  170.000'),
  );
  assert.ok(lines.every((l) => l.length <= 79));
  assert.ok(lines.includes('  Malformed messages     |        3'));
  assert.ok(!lines.some((l) => l.includes('Random seed')), 'no seed row without a seed');
  assert.equal(
    gossipperExtras(stats.snapshot(1000), 4242).at(-1),
    '  Random seed (-seed)    |     4242',
  );
  assert.ok(lines.includes('  Calls skipped by -l    |        4'));
  assert.ok(lines.includes('  Failed max UDP retrans |        2'));
  assert.ok(lines.includes('  Out-of-call messages   |        5'));
  assert.ok(lines.includes('  Dead-call messages     |        6'));
  assert.ok(lines.includes('  Retransmissions        |        7'));
  assert.equal(
    lines.some((l) => l.includes('unexpected msg')),
    false,
  );
});

test('the screen dump holds every screen: scenario, statistics and one repartition per RTD', () => {
  const lines = screenDump(traceSnapshot(), traceInfo);
  const titles = lines.filter((l) => /Screen -+ \[1-9\]/.test(l));
  assert.deepEqual(
    titles.map((t) => t.replace(/-+/g, '-')),
    [
      '- Scenario Screen - [1-9]: Change Screen -',
      '- Statistics Screen - [1-9]: Change Screen -',
      '- Repartition Screen - [1-9]: Change Screen -',
      '- Repartition 2 Screen - [1-9]: Change Screen -',
    ],
  );
  const trace = sampleLines('trace_client_screen.log').filter((l) => !DUMP_VALUE_ROWS.test(l));
  assert.deepEqual(
    lines.filter((l) => !DUMP_VALUE_ROWS.test(l)),
    trace,
  );
});

test('summary line reports elapsed, periodic rate and the main totals', () => {
  const stats = new RunStats(
    {
      commands: { length: 2 },
      rtdNames: [],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
  stats.count(Counter.OutgoingCall, 50);
  const periods = new PeriodTracker();
  periods.startPeriod(stats.snapshot(10_000));
  stats.count(Counter.OutgoingCall, 20);
  stats.count(Counter.SuccessfulCall, 60);
  stats.count(Counter.FailedCall, 5);
  stats.count(Counter.Retransmissions, 7);
  stats.count(Counter.MalformedMessages, 1);
  stats.step(1, StepEvent.Unexpected);
  stats.step(0, StepEvent.Unexpected);
  assert.equal(
    summaryLine(periods.view(stats.snapshot(12_000))),
    '[   12.0 s] rate 10.0 cps, created 70, current 5, successful 60, failed 5, retrans 7, unexpected 2, malformed 1',
  );
  assert.match(
    summaryLine(periods.view(stats.snapshot(10_000)), 9),
    /rate 0\.0 cps, created 70, current 9,/,
  );
});
