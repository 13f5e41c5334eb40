process.env.TZ = 'UTC'; // the samples were taken on a UTC machine; SIPp prints local time

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  repartitionScreen,
  repartitionScreenCount,
  statisticsScreen,
} from '../../src/output/index.ts';
import { Counter, RunStats } from '../../src/stats/index.ts';
import {
  sampleLines,
  screenFrom,
  traceInfo,
  traceSnapshot,
  uacInfo,
  uacSnapshot,
  uasInfo,
  uasSnapshot,
} from './screen-fixtures.ts';

const STATS_TITLE =
  '----------------------------- Statistics Screen ------- [1-9]: Change Screen --';
const REPARTITION_TITLE =
  '---------------------------- Repartition Screen ------- [1-9]: Change Screen --';

/**
 * SIPp 3.6.1 prints 0 for the cumulative elapsed time and durations on its final screens and
 * derives the rate from a millisecond clock; we print the true values. Those rows are checked
 * for layout separately; every other row must be identical.
 */
const VALUE_ROWS = /^ {2}(Elapsed Time|Call Rate|Call Length) /;

function withoutValueRows(lines: string[]): string[] {
  return lines.filter((l) => !VALUE_ROWS.test(l));
}

function pipeColumns(line: string): number[] {
  return [...line].flatMap((ch, i) => (ch === '|' ? [i] : []));
}

for (const [name, snap, info] of [
  ['uac_screen.log', uacSnapshot, uacInfo],
  ['uas_screen.log', uasSnapshot, uasInfo],
  ['trace_client_screen.log', traceSnapshot, traceInfo],
] as const) {
  test(`statistics screen matches ${name} row for row`, () => {
    const expected = screenFrom(sampleLines(name), STATS_TITLE);
    const got = statisticsScreen(snap(), info);
    assert.deepEqual(withoutValueRows(got), withoutValueRows(expected));
    assert.equal(got.length, expected.length);
    for (let i = 0; i < got.length; i++) {
      if (!VALUE_ROWS.test(got[i])) continue;
      assert.deepEqual(pipeColumns(got[i]), pipeColumns(expected[i]), got[i]);
      assert.equal(got[i].length, expected[i].length, got[i]);
    }
  });
}

test('value rows carry the true elapsed time, rates and mean durations', () => {
  const lines = statisticsScreen(uasSnapshot(), uasInfo);
  const row = (label: string) => lines.find((l) => l.startsWith(`  ${label} `));
  assert.equal(
    row('Elapsed Time'),
    '  Elapsed Time           | 00:00:00:000157           | 00:00:06:513445          ',
  );
  assert.equal(
    row('Call Rate'),
    '  Call Rate              |    0.000 cps              |   30.706 cps             ',
  );
  assert.equal(
    row('Call Length'),
    '  Call Length            | 00:00:00:000000           | 00:00:04:009000          ',
  );
});

test('failure-cause lines appear only on request and only when non-zero', () => {
  const snap = traceSnapshot();
  assert.equal(
    statisticsScreen(snap, traceInfo).some((l) => l.includes('unexpected msg')),
    false,
  );
  const lines = statisticsScreen(snap, { ...traceInfo, showFailureCauses: true });
  const failed = lines.findIndex((l) => l.startsWith('  Failed call '));
  assert.equal(
    lines[failed + 1],
    '  Failed unexpected msg  |        0                  |        8                 ',
  );
  assert.match(lines[failed + 2], /^-+\+/);
});

test('repartition screen matches uac_screen.log and uas_screen.log', () => {
  for (const [name, snap, info] of [
    ['uac_screen.log', uacSnapshot, uacInfo],
    ['uas_screen.log', uasSnapshot, uasInfo],
  ] as const) {
    const expected = screenFrom(sampleLines(name), REPARTITION_TITLE);
    assert.deepEqual(repartitionScreen(snap(), info, 0), expected, name);
  }
});

test('one repartition screen per RTD, "<No repartion defined>" without tables', () => {
  const lines = sampleLines('trace_client_screen.log');
  const snap = traceSnapshot();
  assert.equal(repartitionScreenCount(snap), 2);
  assert.deepEqual(repartitionScreen(snap, traceInfo, 0), screenFrom(lines, REPARTITION_TITLE));
  const second = '--------------------------- Repartition 2 Screen ------ [1-9]: Change Screen --';
  assert.deepEqual(repartitionScreen(snap, traceInfo, 1), screenFrom(lines, second));
});

test('a scenario without RTDs shows only the call-length statistics row', () => {
  const stats = new RunStats(
    {
      commands: [],
      rtdNames: [],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
  stats.count(Counter.OutgoingCall);
  const lines = statisticsScreen(stats.snapshot(1000), { ...uacInfo, state: 'terminated' });
  assert.equal(lines.filter((l) => l.startsWith('  Response Time')).length, 0);
  assert.match(lines.at(-3) ?? '', /^-+\+-+\+-+$/);
  assert.match(lines.at(-2) ?? '', /^ {2}Call Length {12}\| /);
});
