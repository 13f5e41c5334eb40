process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cppDouble,
  statCsvColumns,
  statCsvHeader,
  statCsvRow,
  statCsvShape,
} from '../../src/output/index.ts';
import { emptyHistogramJSON, zeroCounters } from '../../src/stats/index.ts';
import type { HistogramJSON, StatsSnapshot } from '../../src/stats/index.ts';

const SAMPLES = join(import.meta.dirname, 'sipp-samples');
const RT_BOUNDS = [10, 20, 30, 40, 50, 100, 150, 200];
const CL_BOUNDS = [10, 50, 100, 500, 1000, 5000, 10000];

function sampleLines(file: string): string[] {
  return readFileSync(join(SAMPLES, file), 'latin1').split('\n');
}

/** A histogram with `count` samples of the given mean and standard deviation (ms). */
function hist(count: number, meanMs: number, stdevMs: number): HistogramJSON {
  return {
    ...emptyHistogramJSON(),
    count,
    sumUs: count * meanMs * 1000,
    sumSqMs: count * (meanMs * meanMs + stdevMs * stdevMs),
  };
}

function snapshot(over: Partial<StatsSnapshot>): StatsSnapshot {
  const timing = () => ({
    periodic: emptyHistogramJSON(),
    cumulative: emptyHistogramJSON(),
    repartition: [],
  });
  return {
    version: 1,
    startedAtMs: 0,
    periodStartedAtMs: 0,
    takenAtMs: 0,
    periodic: zeroCounters(),
    cumulative: zeroCounters(),
    steps: [],
    rtds: [],
    callLength: timing(),
    responseTimeRepartition: [],
    callLengthRepartition: [],
    generic: [],
    ...over,
  };
}

test('the header is the one of sipp -sn uac, column for column', () => {
  const s = snapshot({
    rtds: [{ name: '1', ...snapshot({}).callLength }],
    responseTimeRepartition: RT_BOUNDS,
    callLengthRepartition: CL_BOUNDS,
  });
  assert.equal(statCsvHeader(statCsvShape(s)), sampleLines('uac_stat.csv')[0] + '\n');
});

test('a scenario without RTDs still gets ResponseTime1 columns (sipp -sn uas)', () => {
  const s = snapshot({ responseTimeRepartition: RT_BOUNDS, callLengthRepartition: CL_BOUNDS });
  assert.equal(statCsvHeader(statCsvShape(s)), sampleLines('uas_stat.csv')[0] + '\n');
});

test('named RTDs and counters, no repartition: the trace_client header', () => {
  const t = snapshot({}).callLength;
  const s = snapshot({
    rtds: [
      { name: 'setup', ...t },
      { name: 'bye', ...t },
    ],
    generic: [{ name: 'invites', periodic: 0, cumulative: 0 }],
  });
  const cols = statCsvColumns(statCsvShape(s));
  const sample = sampleLines('trace_client_.csv')[0].split(';');
  assert.equal(sample.pop(), '', 'the sample line ends with the delimiter');
  assert.deepEqual(cols, sample);
  assert.equal(cols.indexOf('ResponseTimesetup(P)'), 68, 'the first RTD column is #69');
});

test('a data row is formatted as sipp writes it (uac_stat.csv, second row)', () => {
  const rtd = { name: '1', periodic: hist(99, 0.3, 0), cumulative: hist(99, 0.3, 0) };
  const counters = { ...zeroCounters(), OutgoingCall: 99, SuccessfulCall: 99 };
  const s = snapshot({
    startedAtMs: 1795956110362.718,
    periodStartedAtMs: 1795956110363.395,
    takenAtMs: 1795956111364.826,
    periodic: counters,
    cumulative: counters,
    rtds: [{ ...rtd, repartition: [99, 0, 0, 0, 0, 0, 0, 0, 0] }],
    callLength: {
      periodic: hist(99, 5, 1),
      cumulative: hist(99, 5, 1),
      repartition: [99, 0, 0, 0, 0, 0, 0, 0],
    },
    responseTimeRepartition: RT_BOUNDS,
    callLengthRepartition: CL_BOUNDS,
  });
  const row = statCsvRow(statCsvShape(s), { snapshot: s, targetRate: 100 });
  assert.equal(row, sampleLines('uac_stat.csv')[2] + '\n');
});

test('-stat_delimiter replaces every separator, the trailing one too', () => {
  const s = snapshot({});
  const header = statCsvHeader(statCsvShape(s), ',');
  assert.ok(header.startsWith('StartTime,LastResetTime,CurrentTime,'));
  assert.ok(header.endsWith('CallLengthStDev(C),\n'));
  const row = statCsvRow(statCsvShape(s), { snapshot: s, targetRate: 10 }, ',');
  assert.equal(row.split(',').length, header.split(',').length);
});

test('rates print as C++ prints a double', () => {
  assert.equal(cppDouble(99 / 1.001), '98.9011');
  assert.equal(cppDouble(99 / 1.002), '98.8024');
  assert.equal(cppDouble(100), '100');
  assert.equal(cppDouble(0), '0');
  assert.equal(cppDouble(208.001), '208.001');
  assert.equal(cppDouble(1008.0001), '1008');
  assert.equal(cppDouble(1500000), '1.5e+06');
});
