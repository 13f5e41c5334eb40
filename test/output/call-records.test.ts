import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallRecordsWriter } from '../../src/output/index.ts';
import { Counter } from '../../src/stats/index.ts';

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gossipper-records-'));
}

test('every call becomes one JSON line: outcome, class, start, duration, response times', async () => {
  const file = path.join(dir(), 'calls.jsonl');
  const w = new CallRecordsWriter(file, Date.UTC(2026, 11, 7, 8, 0, 0));
  w.record('a"1@h', 1, Counter.SuccessfulCall, 1000, 1012.5);
  w.record('b-2@h', 2, Counter.FailedTimeoutOnRecv, 2000, 34000);
  w.record('c-3@h', 3, Counter.FailedUnexpectedMessage, 3000, 3001);
  const rtdNames = ['1', 'setup "a"', 'unused'];
  w.record('d-4@h', 4, Counter.SuccessfulCall, 4000, 4100, {
    inviteRttMs: 12.3456,
    rtdMs: Float64Array.of(12.3456, 50, -1),
    rtdNames,
  });
  w.record('e-5@h', 5, Counter.FailedTimeoutOnRecv, 5000, 5100, {
    inviteRttMs: -1,
    rtdMs: null,
    rtdNames,
  });
  await w.close();
  const lines = readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], {
    schema_version: 'gossipper_call_record_v1',
    call_id: 'a"1@h',
    call_number: 1,
    success: true,
    result: 'success',
    started_at: '2026-12-07T08:00:01.000Z',
    duration_ms: 12.5,
  });
  assert.equal(lines[1].result, 'timeout');
  assert.equal(lines[1].failure_cause, 'FailedTimeoutOnRecv');
  assert.equal(lines[2].result, 'unexpected_sip');
  // Response times: INVITE -> final and each RTD the call measured, by name, to the µs.
  assert.equal(lines[3].invite_rtt_ms, 12.346);
  assert.deepEqual(lines[3].rtd_ms, { '1': 12.346, 'setup "a"': 50 });
  assert.equal('invite_rtt_ms' in lines[4], false);
  assert.equal('rtd_ms' in lines[4], false);
  assert.equal(w.writtenRecords, 5);
  assert.equal(w.droppedRecords, 0);
});

test('100,000 records at 20,000 a second are all written, in chunks', async () => {
  const file = path.join(dir(), 'calls.jsonl');
  const w = new CallRecordsWriter(file, 0);
  // 1,000 records per 50 ms turn of the event loop, as a run's call ends arrive.
  for (let batch = 0; batch < 100; batch++) {
    for (let i = batch * 1000 + 1; i <= (batch + 1) * 1000; i++) {
      w.record(`${i}-1@h`, i, Counter.SuccessfulCall, i, i + 3);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await w.close();
  const text = readFileSync(file, 'utf8');
  assert.equal(text.split('\n').length - 1, 100_000);
  assert.equal(w.droppedRecords, 0);
});

test('a disk that falls behind past the bound drops and counts records instead of growing', async () => {
  const file = path.join(dir(), 'calls.jsonl');
  // A 64 KiB bound: the first chunk handed to the stream is already past it.
  const w = new CallRecordsWriter(file, 0, 64 * 1024);
  for (let i = 1; i <= 5_000; i++) w.record(`${i}-1@h`, i, Counter.SuccessfulCall, i, i + 3);
  await w.close();
  const written = readFileSync(file, 'utf8').split('\n').length - 1;
  assert.ok(w.droppedRecords > 0, 'some records dropped');
  assert.equal(written + w.droppedRecords, 5_000);
  assert.equal(written, w.writtenRecords);
});

test('a file that cannot be written is an error naming it at close', async () => {
  const w = new CallRecordsWriter(path.join(dir(), 'no/such/dir/calls.jsonl'), 0);
  w.record('x', 1, Counter.SuccessfulCall, 0, 1);
  await assert.rejects(w.close(), /-call_records_jsonl .*no\/such\/dir\/calls\.jsonl: ENOENT/);
});
