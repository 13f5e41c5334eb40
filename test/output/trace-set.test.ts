process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRunConfig, validateRunConfig } from '../../src/config/index.ts';
import type { TraceConfig } from '../../src/config/index.ts';
import { TraceSet } from '../../src/output/index.ts';
import { emptyHistogramJSON, zeroCounters } from '../../src/stats/index.ts';
import type { StatsSnapshot } from '../../src/stats/index.ts';
import type { Transport } from '../../src/transport/index.ts';

const START = 1795956803549.053;
const UDP = { protocol: 'UDP' } as Transport;
const PEER = { address: '127.0.0.1', port: 5060 };

function snapshotAt(ms: number, over: Partial<StatsSnapshot> = {}): StatsSnapshot {
  const timing = () => ({
    periodic: emptyHistogramJSON(),
    cumulative: emptyHistogramJSON(),
    repartition: [],
  });
  return {
    version: 1,
    startedAtMs: START,
    periodStartedAtMs: START,
    takenAtMs: START + ms,
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

function traceSet(traces: Partial<TraceConfig>) {
  const cwd = mkdtempSync(join(tmpdir(), 'gossipper-trace-set-'));
  let now = START;
  const set = new TraceSet({
    traces: { errors: false, ...traces },
    statsPeriodMs: 1000,
    stem: 'scen',
    commands: [],
    pid: 42,
    cwd,
    now: () => now,
    schedule: () => () => {},
  });
  const read = (name: string) => readFileSync(join(cwd, name), 'latin1');
  return { set, cwd, read, advance: (ms: number) => (now += ms) };
}

test('no trace asked: the sink has no per-message hooks and no file is created', async () => {
  const { set, cwd } = traceSet({});
  // `log` is always there (`trace logs on` may open its file late; only `<log>` calls it).
  for (const hook of ['messageSent', 'messageReceived', 'unexpectedMessage', 'responseTime'])
    assert.equal(hook in set.sink, false, hook);
  set.start({ snapshot: snapshotAt(0), targetRate: 10 });
  await set.close({ snapshot: snapshotAt(100), targetRate: 10 });
  assert.deepEqual(readdirSync(cwd), []);
});

test('-trace_err: no error, no file; the first error brings the header', async () => {
  const quiet = traceSet({ errors: true });
  await quiet.set.close();
  assert.equal(existsSync(join(quiet.cwd, 'scen_42_errors.log')), false);
  const loud = traceSet({ errors: true });
  loud.set.sink.error('boom');
  await loud.set.close();
  assert.equal(
    loud.read('scen_42_errors.log'),
    'The following events occurred:\n2026-11-29\t12:53:23.549053\t1795956803.549053: boom\n',
  );
});

test('-trace_msg and -trace_shortmsg: only then the message hooks exist; close writes them', async () => {
  const { set, read } = traceSet({ messages: true, shortMessages: true });
  const raw = Buffer.from('SIP/2.0 486 Busy\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n\r\n');
  set.sink.messageReceived?.(raw, PEER, UDP);
  set.sink.unexpectedMessage?.(raw, 486, UDP);
  await set.close();
  const full = read('scen_42_messages.log');
  assert.match(full, /^-{47} 2026-11-29 12:53:23\.549053\nUDP message received \[\d+\] bytes :\n/);
  assert.match(full, /\n-{47}\nUnexpected UDP message received:\n\nSIP\/2\.0 486 Busy\r\n/);
  assert.equal(
    read('scen_42_shortmessages.log').split('\n').length,
    2,
    'one line, unexpected not repeated',
  );
});

test('-trace_logs: one line per <log>, file created on the first one', async () => {
  const { set, read, cwd } = traceSet({ logs: true });
  assert.equal(existsSync(join(cwd, 'scen_42_logs.log')), false);
  set.sink.log?.('call 1 got 200');
  set.sink.log?.('call 2 got 200');
  await set.close();
  assert.equal(read('scen_42_logs.log'), 'call 1 got 200\ncall 2 got 200\n');
});

test('-trace_rtt: written every -rtt_freq samples and the rest at close', async () => {
  const { set, read, cwd, advance } = traceSet({ rtt: true, rttFreq: 2 });
  set.start({ snapshot: snapshotAt(0), targetRate: 10 });
  advance(208.001);
  set.sink.responseTime?.('setup', 4);
  assert.equal(existsSync(join(cwd, 'scen_42_rtt.csv')), false);
  advance(104);
  set.sink.responseTime?.('bye', 0);
  assert.equal(
    read('scen_42_rtt.csv'),
    'Date_ms;response_time_ms;rtd_no\n208.001;4;setup\n312.001;0;bye\n',
  );
  advance(100);
  set.sink.responseTime?.('setup', 1.5);
  await set.close();
  assert.match(read('scen_42_rtt.csv'), /\n412\.001;1\.5;setup\n$/);
});

test('-trace_error_codes: the codes of unexpected responses, one row per period', async () => {
  const { set, read } = traceSet({ errorCodes: true });
  set.start({ snapshot: snapshotAt(0), targetRate: 10 });
  const raw = Buffer.from('x');
  set.sink.unexpectedMessage?.(raw, 486, UDP);
  set.sink.unexpectedMessage?.(raw, 0, UDP);
  set.sink.unexpectedMessage?.(raw, 486, UDP);
  set.period({ snapshot: snapshotAt(1004), targetRate: 10 });
  await set.close({ snapshot: snapshotAt(1500), targetRate: 10 });
  assert.deepEqual(read('scen_42_error_codes.csv').split('\n'), [
    '2026-11-29\t12:53:23.549053\t1795956803.549053;00:00:00:000000;',
    '2026-11-29\t12:53:24.553053\t1795956804.553053;00:00:01:004000;486,486,',
    '2026-11-29\t12:53:25.049053\t1795956805.049053;00:00:01:500000;',
    '2026-11-29\t12:53:25.049053\t1795956805.049053;00:00:01:500000;',
    '',
  ]);
});

test('-trace_stat: header, a row at start, one per period, two at close', async () => {
  const { set, read } = traceSet({ stat: true });
  set.start({ snapshot: snapshotAt(0), targetRate: 10 });
  const c = { ...zeroCounters(), OutgoingCall: 9 };
  set.period({ snapshot: snapshotAt(1000, { cumulative: c }), targetRate: 10 });
  await set.close({ snapshot: snapshotAt(1500, { cumulative: c }), targetRate: 10 });
  const rows = read('scen_42_.csv').trimEnd().split('\n');
  assert.equal(rows.length, 5);
  const col = (row: string, name: string) => row.split(';')[rows[0].split(';').indexOf(name)];
  assert.deepEqual(
    rows.slice(1).map((r) => col(r, 'OutgoingCall(P)')),
    ['0', '9', '0', '0'],
  );
  assert.deepEqual(
    rows.slice(1).map((r) => col(r, 'OutgoingCall(C)')),
    ['0', '9', '9', '9'],
  );
  assert.deepEqual(
    rows.slice(1).map((r) => col(r, 'CallRate(P)')),
    ['0', '9', '0', '0'],
  );
});

test('-periodic_rtd: the repartition columns count each period alone', async () => {
  const rep = (counts: number[]) =>
    snapshotAt(0, {
      callLengthRepartition: [10],
      callLength: {
        periodic: emptyHistogramJSON(),
        cumulative: emptyHistogramJSON(),
        repartition: counts,
      },
    });
  const run = async (periodicRtd: boolean) => {
    const { set, read } = traceSet({ stat: true, periodicRtd });
    set.start({ snapshot: rep([0, 0]), targetRate: 1 });
    set.period({ snapshot: { ...rep([3, 1]), takenAtMs: START + 1000 }, targetRate: 1 });
    set.period({ snapshot: { ...rep([5, 1]), takenAtMs: START + 2000 }, targetRate: 1 });
    await set.close();
    return read('scen_42_.csv')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((r) => r.split(';').slice(-3, -1).join(','));
  };
  assert.deepEqual(await run(false), ['0,0', '3,1', '5,1']);
  assert.deepEqual(await run(true), ['0,0', '3,1', '2,0']);
});

test('-X_file names and -stf replace the default names', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'gossipper-trace-set-'));
  const set = new TraceSet({
    traces: {
      errors: false,
      messages: true,
      messageFile: join(cwd, 'm.txt'),
      stat: true,
      statFile: join(cwd, 's.csv'),
      screen: true,
      screenFile: join(cwd, 'screen.txt'),
    },
    statsPeriodMs: 1000,
    stem: 'scen',
    commands: [],
    pid: 42,
    cwd,
  });
  set.start({ snapshot: snapshotAt(0), targetRate: 1 });
  await set.close({ snapshot: snapshotAt(10), targetRate: 1, screen: ['a', 'b'] });
  assert.deepEqual(readdirSync(cwd).sort(), ['m.txt', 's.csv', 'screen.txt']);
  assert.equal(readFileSync(join(cwd, 'screen.txt'), 'latin1'), 'a\nb\n');
});

test('-threads N refuses the traces shards cannot send by name, and takes the others', () => {
  const config = (traces: Partial<TraceConfig>) => {
    const c = defaultRunConfig();
    c.threads = 2;
    c.traces = { ...c.traces, ...traces };
    return c;
  };
  assert.throws(
    () => validateRunConfig(config({ rtt: true, callDebug: true, messages: true })),
    (e: Error) =>
      e.message.startsWith('-trace_rtt, -trace_calldebug cannot be used with -threads 2') &&
      e.message.includes('own thread'),
  );
  // The message and log files come to the main thread as text (shard/shard-traces.ts).
  assert.doesNotThrow(() =>
    validateRunConfig(
      config({ stat: true, counts: true, screen: true, errors: true, messages: true, logs: true }),
    ),
  );
  assert.doesNotThrow(() => validateRunConfig(config({ shortMessages: true })));
});

test('-trace_logs: the first error creates the (empty) logs file, as sipp 3.6.1 does', async () => {
  const { set, cwd } = traceSet({ logs: true });
  set.sink.error('Aborting call on unexpected message');
  await set.close();
  assert.equal(readFileSync(join(cwd, 'scen_42_logs.log'), 'latin1'), '');
});

test('the errors file appends with -error_overwrite false and stops at -max_log_size', async () => {
  const { set, cwd, read } = traceSet({ errors: true, errorAppend: true, maxLogBytes: 80 });
  writeFileSync(join(cwd, 'scen_42_errors.log'), 'before\n');
  set.sink.error('first');
  set.sink.error('second, past the size');
  await set.errorLog?.flush();
  set.sink.error('third, never written');
  await set.close();
  const text = read('scen_42_errors.log');
  assert.ok(text.startsWith('before\nThe following events occurred:\n'), text);
  assert.match(text, /: second, past the size\n$/);
});
