process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countsColumns, countsHeader, countsRow } from '../../src/output/index.ts';
import { loadScenarioFile } from '../../src/scenario/index.ts';
import { emptyHistogramJSON, zeroCounters } from '../../src/stats/index.ts';
import type { StatsSnapshot, StepCounts } from '../../src/stats/index.ts';

const SAMPLES = join(import.meta.dirname, 'sipp-samples');
const sample = readFileSync(join(SAMPLES, 'trace_client_counts.csv'), 'latin1').split('\n');
const scenario = loadScenarioFile(join(SAMPLES, 'trace_client_scenario.xml'));

function step(message: number, unexpected = 0): StepCounts {
  return { message, retrans: 0, timeout: 0, unexpected, lost: 0 };
}

test('the header is the one sipp wrote for the same scenario', () => {
  assert.equal(countsHeader(countsColumns(scenario.commands)), sample[0] + '\n');
});

test('a row is formatted as sipp writes it (trace_client_counts.csv, third row)', () => {
  // Command order of trace_client_scenario.xml: INVITE, 100, 180, 200, ACK, pause, BYE, 200.
  const steps = [step(9), step(0), step(9), step(4, 5), step(4), step(4), step(3), step(3)];
  const timing = { periodic: emptyHistogramJSON(), cumulative: emptyHistogramJSON() };
  const s: StatsSnapshot = {
    version: 1,
    startedAtMs: 1795956803549.053,
    periodStartedAtMs: 1795956803549.053,
    takenAtMs: 1795956804553.058,
    periodic: zeroCounters(),
    cumulative: zeroCounters(),
    steps,
    rtds: [],
    callLength: { ...timing, repartition: [] },
    responseTimeRepartition: [],
    callLengthRepartition: [],
    generic: [],
  };
  assert.equal(countsRow(countsColumns(scenario.commands), s), sample[2] + '\n');
});

test('lost= or -lost adds a Lost column to every step', () => {
  const cols = countsColumns(scenario.commands, true).map((c) => c.name);
  assert.deepEqual(cols.slice(0, 4), [
    '0_INVITE_Sent',
    '0_INVITE_Retrans',
    '0_INVITE_Timeout',
    '0_INVITE_Lost',
  ]);
  assert.ok(cols.includes('5_Pause_Lost'));
});
