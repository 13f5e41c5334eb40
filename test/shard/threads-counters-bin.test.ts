/**
 * `-threads 2` counts every call exactly once, everywhere the run reports it: the built bin as
 * the UAC (shard 0 on the main thread, shard 1 on a worker) places 10,000 calls against our own
 * single-thread UAS, and the final screens, every cumulative column of the `-trace_stat` rows,
 * the last `-trace_counts` row and the `-trace_screen` file all say 10,000 — no call lost or
 * counted twice by the statistics merge, over each transport of the table below.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

const CALLS = 10_000;
const RATE = 2000;
const EXIT_WITHIN_MS = 50_000;

interface TransportRow {
  /** `-t` value. */
  mode: string;
  /** Resolves once the UAS listens on `port`. */
  listening(port: number, uas: Peer): Promise<void>;
}

/**
 * One row per transport. TLS, once `-t l1` exists: `{ mode: 'l1', listening: waitForTcpListener }`
 * plus the UAS's certificate flags in `uasExtra`.
 */
const TRANSPORTS: ReadonlyArray<TransportRow & { uasExtra?: string[]; uacExtra?: string[] }> = [
  { mode: 'u1', listening: waitForUdpListener },
  { mode: 't1', listening: waitForTcpListener },
];

/** Resolves once some process on this host listens on TCP `port` (read from /proc/net/tcp). */
async function waitForTcpListener(port: number, peer: Peer, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const listens = (file: string): boolean => {
    try {
      // local_address is "HEXIP:HEXPORT" in the second column; state 0A is LISTEN.
      return readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .some((row) => {
          const cols = row.trim().split(/\s+/);
          return cols[1]?.endsWith(`:${hexPort}`) === true && cols[3] === '0A';
        });
    } catch {
      return false;
    }
  };
  while (!listens('/proc/net/tcp') && !listens('/proc/net/tcp6')) {
    if (peer.child.exitCode !== null)
      throw new Error(`uas exited before listening on TCP ${port}\n${describeRun(peer)}`);
    if (Date.now() > deadline) throw new Error(`nothing listens on TCP ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A `;`-separated trace file (stat or counts) as rows of named cells. */
function csvRows(text: string): Array<Map<string, string>> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0].split(';');
  return lines.slice(1).map((line) => {
    const cells = line.split(';');
    return new Map(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

function traceFile(dir: string, suffix: string): string {
  const name = readdirSync(dir).find((n) => /^uac_\d+_/.test(n) && n.endsWith(suffix));
  assert.ok(name, `no uac_<pid>_${suffix} in ${dir}: ${readdirSync(dir).join(', ')}`);
  return readFileSync(path.join(dir, name), 'latin1');
}

function num(row: Map<string, string>, column: string): number {
  const cell = row.get(column);
  assert.ok(cell !== undefined && cell !== '', `no ${column} column`);
  return Number(cell);
}

/** -trace_stat: the last row's cumulative counts, and no cumulative column ever going back. */
function checkStatFile(text: string): void {
  const rows = csvRows(text);
  assert.ok(rows.length >= 2, `a start row and a final row at least, got ${rows.length}`);
  const last = rows[rows.length - 1];
  for (const column of ['OutgoingCall(C)', 'TotalCallCreated', 'SuccessfulCall(C)'])
    assert.equal(num(last, column), CALLS, `-trace_stat final ${column}`);
  assert.equal(num(last, 'FailedCall(C)'), 0, '-trace_stat final FailedCall(C)');
  assert.equal(num(last, 'CurrentCall'), 0, '-trace_stat final CurrentCall');
  // A merge that dropped a shard's report for one period would make a cumulative figure dip.
  for (const column of ['OutgoingCall(C)', 'SuccessfulCall(C)']) {
    const values = rows.map((r) => num(r, column));
    values.forEach((v, i) =>
      assert.ok(i === 0 || v >= values[i - 1], `${column} went back: ${values.join(', ')}`),
    );
  }
}

/**
 * -trace_counts: in the last row every message column is all calls or none, never a part, and no
 * timeout or unexpected message (retransmissions have a column of their own).
 */
function checkCountsFile(text: string): void {
  const rows = csvRows(text);
  const last = rows[rows.length - 1];
  for (const column of ['0_INVITE_Sent', '4_200_Recv', '5_ACK_Sent', '7_BYE_Sent', '8_200_Recv'])
    assert.equal(num(last, column), CALLS, `-trace_counts ${column}`);
  for (const [column, cell] of last) {
    if (/_(Timeout|Unexp)$/.test(column)) assert.equal(Number(cell), 0, column);
    else if (/_(Sent|Recv)$/.test(column))
      assert.ok(Number(cell) === 0 || Number(cell) === CALLS, `${column} = ${cell}`);
  }
}

/** -trace_screen: the screens written at the end count every call. */
function checkScreenFile(text: string): void {
  const screens = parseFinalScreens(text);
  assertAllSucceeded(CALLS, '-trace_screen', screens);
  assert.equal(screens.statistics.get('Outgoing calls created')?.cumulative, CALLS);
}

async function runThreads(row: (typeof TRANSPORTS)[number]): Promise<void> {
  requireBuiltBin();
  const uasPort = await freeUdpPort();
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-threads-'));
  let uas: Peer | undefined;
  let uac: Peer | undefined;
  try {
    uas = startGossipper([
      ...['-sn', 'uas', '-t', row.mode, '-i', '127.0.0.1', '-p', String(uasPort)],
      ...['-m', String(CALLS), '-nostdin', ...(row.uasExtra ?? [])],
    ]);
    await row.listening(uasPort, uas);
    // No -p: each shard finds a free port of its own (SIPp's search from 5060).
    uac = startGossipper(
      [
        ...['-sn', 'uac', `127.0.0.1:${uasPort}`, '-t', row.mode, '-i', '127.0.0.1'],
        ...['-m', String(CALLS), '-r', String(RATE), '-threads', '2', '-nostdin'],
        ...['-trace_stat', '-fd', '1', '-trace_counts', '-trace_screen', '-trace_err'],
        ...(row.uacExtra ?? []),
      ],
      dir,
    );
    const code = await uac.exit(EXIT_WITHIN_MS);
    assert.equal(code, 0, `uac -threads 2 -t ${row.mode} exit code\n${describeRun(uac)}`);
    const screens = parseFinalScreens(uac.stdout());
    assertAllSucceeded(CALLS, `uac -threads 2 -t ${row.mode}`, screens);
    for (const label of ['Outgoing calls created', 'Total Calls created'])
      assert.equal(screens.statistics.get(label)?.cumulative, CALLS, label);
    for (const name of ['INVITE', 'ACK', 'BYE'])
      assert.equal(stepsNamed(screens, name)[0].messages, CALLS, `${name} messages`);
    assert.deepEqual(
      stepsNamed(screens, '200').map((s) => s.messages),
      [CALLS, CALLS],
    );
    assert.equal(screens.outOfCall, 0, "out-of-call messages: a shard got another shard's answer");
    // Retransmissions are allowed: on a loaded machine the UAS answers late, and a retransmitted
    // request is counted in its own column, never as another call or message.
    checkStatFile(traceFile(dir, '_.csv'));
    checkCountsFile(traceFile(dir, '_counts.csv'));
    checkScreenFile(traceFile(dir, '_screen.log'));
    // -trace_err (entries from both shards through the main thread): no file when nothing was
    // reported, as in SIPp; else one header and whole entries only. On a loaded machine a
    // watchdog warning may appear; no call failed, so nothing else may.
    const errors = readdirSync(dir).find((n) => n.endsWith('_errors.log'));
    if (errors !== undefined) {
      const text = readFileSync(path.join(dir, errors), 'latin1');
      const [header, ...entries] = text.split('\n');
      assert.equal(header, 'The following events occurred:', text);
      assert.ok(text.endsWith('\n'), `errors file ends mid-entry:\n${text}`);
      for (const entry of entries.filter((e) => e !== ''))
        assert.match(entry, /^\d{4}-\d\d-\d\d\t[\d:.]+\t[\d.]+: Overload warning: /, text);
    }
    // The peer saw the same calls (it ends on its own -m).
    const uasCode = await uas.exit(EXIT_WITHIN_MS);
    assert.equal(uasCode, 0, `uas exit code\n${describeRun(uas)}`);
    assert.equal(parseFinalScreens(uas.stdout()).successful.cumulative, CALLS);
  } finally {
    killRunning([uac, uas]);
  }
}

describe(`gossipper -sn uac -threads 2: ${CALLS} calls at ${RATE}/s counted exactly`, () => {
  for (const row of TRANSPORTS) {
    it(`-t ${row.mode}`, { timeout: 2 * EXIT_WITHIN_MS + 10_000 }, () => runThreads(row));
  }
});
