/**
 * The result files of a real run (docs/results.md): the summary JSON on every way out, the gates
 * with their exit code 2 and JUnit file, and the call records. The peer is real SIPp running a
 * UAS that rejects about a third of the calls with 486.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { summarySchema } from '../stats/summary-schema.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/uas-rejects-some.xml');
const started: Peer[] = [];
after(() => killRunning(started));

async function rejectingUas(): Promise<number> {
  const port = await freeUdpPort();
  const uas = startSipp(['-sf', FIXTURE, '-i', '127.0.0.1', '-p', String(port), '-nostdin']);
  started.push(uas);
  await waitForUdpListener(port, uas);
  return port;
}

/** Our UAC against the rejecting UAS, in `dir`, with the flags under test. */
function ourUac(port: number, dir: string, flags: string[]): Peer {
  const peer = startGossipper(
    ['-sn', 'uac', `127.0.0.1:${port}`, '-i', '127.0.0.1', '-nostdin', ...flags],
    dir,
  );
  started.push(peer);
  return peer;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('result files of a run', { skip: sippRequirement() }, () => {
  it('a broken gate exits 2, names itself, and lands in JUnit and the summary', async () => {
    requireBuiltBin();
    const port = await rejectingUas();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-results-'));
    const ours = ourUac(port, dir, [
      '-m',
      '60',
      '-r',
      '100',
      '-summary_json',
      'summary.json',
      '-junit',
      'junit.xml',
      '-summary_html',
      'report.html',
      '-call_records_jsonl',
      'calls.jsonl',
      '-threshold',
      'failed_calls==0',
      '-threshold',
      'call_length.p99<60s',
      '-threshold',
      'rtd.1.p95<=30s',
      '-health_min_success_ratio',
      '0.2',
    ]);
    const code = await ours.exit(30_000);
    assert.equal(code, 2, ours.stderr());
    assert.match(ours.stderr(), /gate broken: failed_calls==0: broken, measured \d+/);
    const summary = summarySchema.parse(readJson(path.join(dir, 'summary.json')));
    assert.equal(summary.total_calls, 60);
    assert.ok(summary.failed_calls > 0 && summary.success_calls > 0, JSON.stringify(summary));
    assert.equal(summary.success_calls + summary.failed_calls, 60);
    assert.equal(summary.failure_classes.unexpected_sip, summary.failed_calls);
    assert.equal(summary.exit_code, 2);
    // Generator health: its own event loop, and (Linux) the kernel's UDP drops during the run.
    const generator = summary.generator;
    assert.ok(generator.event_loop_utilization > 0 && generator.event_loop_utilization <= 1);
    assert.equal(generator.watchdog_major + generator.watchdog_minor, 0);
    if (existsSync('/proc/net/snmp')) {
      assert.ok(Number.isInteger(generator.udp_receive_buffer_errors), JSON.stringify(generator));
      assert.ok(Number.isInteger(generator.udp_in_errors), JSON.stringify(generator));
    }
    assert.equal(generator.call_records_dropped, 0);
    assert.deepEqual(
      summary.gates?.map((g) => [g.gate, g.pass]),
      [
        ['failed_calls==0', false],
        ['call_length.p99<60s', true],
        ['rtd.1.p95<=30s', true],
        ['-health_min_success_ratio 0.2', true],
      ],
    );
    // -summary_html: the report of this run, standalone, with the broken gate in it.
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /failed_calls==0/);
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)="?(https?:)?\/\//i);
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuite [^>]*tests="4" failures="1"/);
    assert.match(
      junit,
      /<testcase classname="gossipper.gates" name="failed_calls==0" time="0">\s*<failure/,
    );
    const records = readFileSync(path.join(dir, 'calls.jsonl'), 'utf8').trim().split('\n');
    assert.equal(records.length, 60);
    const parsed = records.map(
      (l) =>
        JSON.parse(l) as {
          success: boolean;
          result: string;
          invite_rtt_ms?: number;
          rtd_ms?: Record<string, number>;
        },
    );
    assert.equal(parsed.filter((r) => !r.success).length, summary.failed_calls);
    assert.ok(parsed.filter((r) => !r.success).every((r) => r.result === 'unexpected_sip'));
    // Response times: every call got a final answer (200 or 486); uac's RTD 1 ends on the 200.
    assert.ok(
      parsed.every((r) => typeof r.invite_rtt_ms === 'number' && r.invite_rtt_ms >= 0),
      records.join('\n'),
    );
    for (const r of parsed) {
      if (r.success) assert.ok(r.rtd_ms !== undefined && r.rtd_ms['1'] >= 0, JSON.stringify(r));
      else assert.equal(r.rtd_ms, undefined, JSON.stringify(r));
    }
    // The records' times are the summary's samples: the largest is its max (both to the µs).
    const slowest = Math.max(...parsed.map((r) => r.invite_rtt_ms ?? 0));
    assert.ok(summary.invite_rtt !== undefined, 'no invite_rtt in the summary');
    assert.ok(Math.abs(slowest - summary.invite_rtt.max / 1e6) <= 0.002, `${slowest} ms`);
  });

  it('gates that hold turn failed calls into exit 0', async () => {
    requireBuiltBin();
    const port = await rejectingUas();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-results-'));
    const ours = ourUac(port, dir, ['-m', '30', '-r', '100', '-health_max_failed_calls', '30']);
    assert.equal(await ours.exit(30_000), 0, ours.stderr());
  });

  it('-timeout, SIGINT and a fatal error still write a valid summary, with why the run ended', async () => {
    requireBuiltBin();
    const port = await rejectingUas();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-results-'));
    const timed = ourUac(port, dir, ['-r', '20', '-timeout', '1', '-summary_json', 'timeout.json']);
    await timed.exit(20_000);
    const byTimeout = summarySchema.parse(readJson(path.join(dir, 'timeout.json')));
    assert.equal(byTimeout.end_reason, 'timeout');
    assert.ok(byTimeout.total_calls > 0);

    const interrupted = ourUac(port, dir, [
      '-r',
      '20',
      '-summary_json',
      'sigint.json',
      '-call_records_jsonl',
      'sigint.jsonl',
    ]);
    // Barrier: a finished call's record is on disk (records are flushed every second).
    const records = path.join(dir, 'sigint.jsonl');
    const deadline = Date.now() + 15_000;
    while (!(existsSync(records) && readFileSync(records, 'utf8').includes('\n'))) {
      if (Date.now() > deadline) throw new Error('no call record within 15 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    interrupted.kill('SIGINT');
    await interrupted.exit(20_000);
    const bySigint = summarySchema.parse(readJson(path.join(dir, 'sigint.json')));
    assert.equal(bySigint.end_reason, 'interrupted');
    assert.ok(bySigint.total_calls > 0);

    // -timeout_error turns the global timeout into a fatal error: exit 255, summary still there.
    const fatal = ourUac(port, dir, [
      '-r',
      '20',
      '-timeout',
      '1',
      '-timeout_error',
      '-summary_json',
      'fatal.json',
    ]);
    assert.equal(await fatal.exit(20_000), 255, fatal.stderr());
    const byFatal = summarySchema.parse(readJson(path.join(dir, 'fatal.json')));
    assert.equal(byFatal.end_reason, 'fatal');
    assert.equal(byFatal.exit_code, 255);
  });
});
