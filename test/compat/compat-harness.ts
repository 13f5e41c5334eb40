/**
 * The compatibility harness (issue 14): one scenario pair (client.xml + server.xml, or SIPp
 * built-in names) is run three ways on loopback, and the two pairings with Gossipper in them must
 * end exactly as the SIPp-against-SIPp baseline does:
 *   ours-uac:  Gossipper as the client against real sipp as the server;
 *   ours-uas:  real sipp as the client against Gossipper as the server;
 *   baseline:  sipp against sipp.
 * Compared: exit codes, successful and failed calls, every scenario-screen row's counts (both
 * sides), and the messages on the wire as SIPp's -trace_msg logged them on the sipp side of each
 * pairing, with the values that must differ between runs masked (Call-IDs, tags, branches, ports,
 * pids, dates).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFinalScreens } from '../peers/final-screens.ts';
import type { FinalScreens, StepRow } from '../peers/final-screens.ts';
import {
  freeMediaPortBlock,
  freeUdpPort,
  killRunning,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

export const SCENARIOS_DIR = path.join(import.meta.dirname, 'scenarios');

/** scenarios/<name>/compat.json: everything about a pair that is not in its XML. */
export interface CompatConfig {
  /** Calls for the client (-m); the server gets the same -m unless serverCalls says otherwise. */
  calls: number;
  serverCalls?: number;
  rate: number;
  /** Built-in scenario names (-sn); when absent the pair is client.xml / server.xml (-sf). */
  clientSn?: string;
  serverSn?: string;
  /**
   * SIPp built-ins run as files (-sf): `sipp -sd <name>` writes them into the run's folder, so the
   * built-in's XML goes through our scenario loader rather than our own built-in copy.
   */
  clientSd?: string;
  serverSd?: string;
  /** Extra flags, paths relative to the scenario folder (it is copied into each run's cwd). */
  clientFlags: string[];
  serverFlags: string[];
  /** Bound on each pairing (ms): both processes must exit within it. */
  timeoutMs: number;
  /** Regexes (source text) whose matches are masked in traced messages before comparing. */
  mask: string[];
  /** Compare the traced messages (default true). */
  compareMessages: boolean;
  /**
   * Files the client / server write in their folder (-trace_logs, exec command output), compared
   * as sorted masked lines between the pairing and the baseline's same-role sipp.
   */
  clientFiles: string[];
  serverFiles: string[];
  /** Columns of the scenario screens not compared, for counts that depend on timing. */
  ignoreColumns: Array<'messages' | 'retrans' | 'timeout' | 'unexpected'>;
}

export function loadConfig(name: string): CompatConfig {
  const file = path.join(SCENARIOS_DIR, name, 'compat.json');
  const raw = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<CompatConfig>)
    : {};
  return {
    calls: 5,
    rate: 10,
    clientFlags: [],
    serverFlags: [],
    timeoutMs: 20_000,
    mask: [],
    compareMessages: true,
    clientFiles: [],
    serverFiles: [],
    ignoreColumns: [],
    ...raw,
  };
}

/** Every scenario folder, sorted. */
export function allScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** pending.json: scenario name → why it cannot pass yet. */
export function pendingScenarios(): Map<string, string> {
  const raw = JSON.parse(readFileSync(path.join(import.meta.dirname, 'pending.json'), 'utf8')) as
    Record<string, string> | undefined;
  return new Map(Object.entries(raw ?? {}));
}

type Who = 'sipp' | 'ours';

/** One side's result in one pairing. */
export interface SideResult {
  who: Who;
  code: number;
  screens: FinalScreens | undefined;
  stdout: string;
  stderr: string;
  /** Masked -trace_msg blocks (sipp sides only). */
  messages: TracedMessage[] | undefined;
  /** The compared files (clientFiles / serverFiles): name → sorted masked lines, or 'missing'. */
  files: Map<string, string[] | 'missing'>;
}

export interface PairingResult {
  name: string;
  client: SideResult;
  server: SideResult;
  dir: string;
}

export interface TracedMessage {
  direction: 'sent' | 'received' | 'unexpected';
  text: string;
}

/** `sipp -sd name`: the XML of one of SIPp's built-in scenarios. */
function dumpBuiltin(name: string): string {
  const run = spawnSync('sipp', ['-sd', name], { encoding: 'utf8', timeout: 10_000 });
  if (!run.stdout.includes('<scenario'))
    throw new Error(`sipp -sd ${name} printed no scenario: ${run.stderr}`);
  return run.stdout;
}

function scenarioArgs(cfg: CompatConfig, side: 'client' | 'server'): string[] {
  const sn = side === 'client' ? cfg.clientSn : cfg.serverSn;
  return sn !== undefined ? ['-sn', sn] : ['-sf', `${side}.xml`];
}

function sippTraceArgs(): string[] {
  return ['-trace_msg', '-message_file', 'messages.log'];
}

async function runSide(
  who: Who,
  args: string[],
  cwd: string,
  port: number,
  waitBound: boolean,
): Promise<Peer> {
  const peer = who === 'sipp' ? startSipp(args, cwd) : startGossipper(args, cwd);
  if (waitBound) await waitForUdpListener(port, peer);
  return peer;
}

function sideResult(
  who: Who,
  code: number,
  peer: Peer,
  cwd: string,
  fileNames: string[],
  masks: string[],
): SideResult {
  let screens: FinalScreens | undefined;
  try {
    screens = parseFinalScreens(peer.stdout());
  } catch {
    screens = undefined;
  }
  // Kept with the run's files (the folder stays when a comparison fails) for reading afterwards.
  writeFileSync(path.join(cwd, `${who}.stdout`), peer.stdout());
  writeFileSync(path.join(cwd, `${who}.stderr`), peer.stderr());
  const traceFile = path.join(cwd, 'messages.log');
  return {
    who,
    code,
    screens,
    stdout: peer.stdout(),
    stderr: peer.stderr(),
    messages: who === 'sipp' && existsSync(traceFile) ? readTrace(traceFile) : undefined,
    files: new Map(
      fileNames.map((name): [string, string[] | 'missing'] => {
        const file = path.join(cwd, name);
        if (!existsSync(file)) return [name, 'missing'];
        const lines = readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l !== '');
        return [name, lines.map((l) => maskMessage(l, masks)).sort()];
      }),
    ),
  };
}

/**
 * Runs one pairing: the server first (waiting until it has bound its port), then the client;
 * both must exit within cfg.timeoutMs. Every process is killed by PID in finally.
 */
export async function runPairing(
  scenario: string,
  cfg: CompatConfig,
  client: Who,
  server: Who,
): Promise<PairingResult> {
  const name = `${client}-uac/${server}-uas`;
  const root = mkdtempSync(path.join(tmpdir(), `compat-${scenario}-`));
  const clientDir = path.join(root, 'client');
  const serverDir = path.join(root, 'server');
  for (const dir of [clientDir, serverDir])
    cpSync(path.join(SCENARIOS_DIR, scenario), dir, { recursive: true });
  for (const [dir, sd, file] of [
    [clientDir, cfg.clientSd, 'client.xml'],
    [serverDir, cfg.serverSd, 'server.xml'],
  ] as const) {
    if (sd !== undefined) writeFileSync(path.join(dir, file), dumpBuiltin(sd));
  }
  const [serverPort, clientPort, serverMedia, clientMedia] = [
    await freeUdpPort(),
    await freeUdpPort(),
    await freeMediaPortBlock(),
    await freeMediaPortBlock(),
  ];
  const guard = String(Math.ceil(cfg.timeoutMs / 1000) - 2) + 's';
  const common = (who: Who, media: number): string[] => [
    '-i',
    '127.0.0.1',
    '-nostdin',
    '-timeout',
    guard,
    '-mp',
    String(media),
    ...(who === 'sipp' ? sippTraceArgs() : []),
  ];
  const serverArgs = [
    ...scenarioArgs(cfg, 'server'),
    '-p',
    String(serverPort),
    '-m',
    String(cfg.serverCalls ?? cfg.calls),
    ...common(server, serverMedia),
    ...cfg.serverFlags,
  ];
  const clientArgs = [
    ...scenarioArgs(cfg, 'client'),
    `127.0.0.1:${serverPort}`,
    '-p',
    String(clientPort),
    '-m',
    String(cfg.calls),
    '-r',
    String(cfg.rate),
    ...common(client, clientMedia),
    ...cfg.clientFlags,
  ];
  let serverPeer: Peer | undefined;
  let clientPeer: Peer | undefined;
  try {
    serverPeer = await runSide(server, serverArgs, serverDir, serverPort, true);
    clientPeer = await runSide(client, clientArgs, clientDir, clientPort, false);
    const [clientCode, serverCode] = await Promise.all([
      exitOrEndTwin(clientPeer, serverPeer, cfg.timeoutMs),
      exitOrEndTwin(serverPeer, clientPeer, cfg.timeoutMs),
    ]);
    const masks = [
      ...cfg.mask,
      ...[serverPort, clientPort, serverMedia, clientMedia].map((p) => `\\b${p}\\b`),
    ];
    const result: PairingResult = {
      name,
      client: sideResult(client, clientCode, clientPeer, clientDir, cfg.clientFiles, masks),
      server: sideResult(server, serverCode, serverPeer, serverDir, cfg.serverFiles, masks),
      dir: root,
    };
    for (const side of [result.client, result.server])
      side.messages = side.messages?.map((m) => ({ ...m, text: maskMessage(m.text, masks) }));
    return result;
  } catch (e) {
    // A pairing that hangs or cannot start keeps what both sides printed, next to their traces.
    for (const [peer, dir, who] of [
      [clientPeer, clientDir, client],
      [serverPeer, serverDir, server],
    ] as const) {
      if (peer === undefined) continue;
      writeFileSync(path.join(dir, `${who}.stdout`), peer.stdout());
      writeFileSync(path.join(dir, `${who}.stderr`), peer.stderr());
    }
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`${name} (files in ${root}): ${why}`, { cause: e });
  } finally {
    killRunning([clientPeer, serverPeer]);
  }
}

/**
 * Waits for `peer` to exit; when it exits without final screens (it never ran: a scenario it
 * cannot load, a flag it does not know) its twin would only wait for the guard, so it is ended.
 */
async function exitOrEndTwin(peer: Peer, twin: Peer, timeoutMs: number): Promise<number> {
  const code = await peer.exit(timeoutMs);
  await outputDrained(peer);
  if (!peer.stdout().includes('Statistics Screen')) twin.kill('SIGKILL');
  return code;
}

/**
 * 'exit' can come before the last stdout chunk is read: waits for the child's 'close' (its pipes
 * ended), bounded at 2 s so a grandchild holding the pipe cannot hang the test.
 */
async function outputDrained(peer: Peer): Promise<void> {
  const { child } = peer;
  if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    once(child, 'close'),
    new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
  ]);
  clearTimeout(timer);
}

const TRACE_HEADER = /^-{47} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+$/m;

/** Splits a SIPp -trace_msg file into its message blocks (format: sipp-reference.md §8.4). */
export function readTrace(file: string): TracedMessage[] {
  const blocks = readFileSync(file, 'utf8').split(TRACE_HEADER).slice(1);
  const out: TracedMessage[] = [];
  for (const block of blocks) {
    const m = /^\n(\w+) message (sent|received)[^\n]*\n\n([\s\S]*)$/.exec(block);
    const u = /^\n(?:\w+ )?Unexpected \w+ message received:\n\n([\s\S]*)$/.exec(block);
    if (m) out.push({ direction: m[2] as 'sent' | 'received', text: m[3] });
    else if (u) out.push({ direction: 'unexpected', text: u[1] });
  }
  return out;
}

/**
 * Masks what legitimately differs between two runs of the same pair: Call-ID values, tags,
 * branches, the run's ports and the processes' pids (SIPp and Gossipper put the pid in tags and
 * Call-IDs), the media ports. Content-Length is checked against the body, then masked (a pid of
 * another length changes it).
 */
export function maskMessage(raw: string, extra: string[]): string {
  const text = raw.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  const pids = new Set<string>();
  for (const m of text.matchAll(/\b\d+-(\d+)@/g)) pids.add(m[1]);
  for (const m of text.matchAll(/tag=(\d+)SIPpTag/g)) pids.add(m[1]);
  for (const m of text.matchAll(/branch=z9hG4bK-(\d+)-/g)) pids.add(m[1]);
  let out = text;
  const split = out.indexOf('\n\n');
  const body = split < 0 ? '' : out.slice(split + 2);
  const cl = /^(?:Content-Length|l)\s*:\s*(\d+)/im.exec(out);
  if (cl !== null && split >= 0) {
    const expected = Buffer.byteLength(body.replace(/\n/g, '\r\n')) + (body === '' ? 0 : 2);
    const note = Number(cl[1]) === expected || Number(cl[1]) === expected - 2 ? 'ok' : 'BAD';
    out = out.replace(cl[0], `Content-Length: <${note}>`);
  }
  out = out
    .replace(/^(Call-ID|i)\s*:.*$/gim, 'Call-ID: <callid>')
    .replace(/tag=[^;>\s,]+/g, 'tag=<tag>')
    .replace(/branch=[^;>\s,]+/g, 'branch=<branch>');
  // Ports first: pids and the media ports share a numeric range here, and a pid that equals
  // this run's media port must not turn its m= line into <pid> where the baseline says <masked>.
  for (const re of extra) out = out.replace(new RegExp(re, 'gm'), '<masked>');
  for (const pid of pids) out = out.replace(new RegExp(`\\b${pid}\\b`, 'g'), '<pid>');
  return out;
}

function counts(row: StepRow, ignore: CompatConfig['ignoreColumns']): string {
  const cols: Array<[CompatConfig['ignoreColumns'][number], number | undefined]> = [
    ['messages', row.messages],
    ['retrans', row.retrans],
    ['timeout', row.timeout],
    ['unexpected', row.unexpected],
  ];
  return cols
    .filter(([k]) => !ignore.includes(k))
    .map(([k, v]) => `${k}=${v ?? '-'}`)
    .join(' ');
}

/** The comparable outcome of one side: exit code, call counts, per-row counts. */
export function outcome(side: SideResult, cfg: CompatConfig): string[] {
  const s = side.screens;
  if (s === undefined) return [`exit=${side.code}`, 'no final screens'];
  return [
    `exit=${side.code}`,
    `successful=${s.successful.cumulative}`,
    `failed=${s.failed.cumulative}`,
    ...s.steps.map((r, i) => `row ${i} ${r.arrow} ${counts(r, cfg.ignoreColumns)}`),
    `out-of-call=${s.outOfCall ?? '-'}`,
    // Generic counters by value; response times by name only (timing). Not the failure-reason
    // rows: SIPp prints its final screen right after a periodic reset and shows those rows only
    // when their periodic value is non-zero, so its final screen never has them.
    ...[...s.statistics]
      .filter(([label]) => label.startsWith('Counter '))
      .map(([label, v]) => `${label}=${v.cumulative}`),
    ...[...s.statistics.keys()].filter((label) => label.startsWith('Response Time')),
  ];
}

/** The traced messages as a sorted multiset (calls interleave differently from run to run). */
export function messageSet(side: SideResult): string[] {
  return (side.messages ?? []).map((m) => `[${m.direction}]\n${m.text}`).sort();
}

/** Multiset difference both ways, and the differing lines of the first unmatched pair. */
export function explainDifference(mine: string[], base: string[]): string {
  const rest = [...base];
  const onlyMine: string[] = [];
  for (const m of mine) {
    const at = rest.indexOf(m);
    if (at >= 0) rest.splice(at, 1);
    else onlyMine.push(m);
  }
  const out = [`${onlyMine.length} only in the run, ${rest.length} only in the baseline`];
  if (onlyMine.length > 0 && rest.length > 0) {
    // The baseline element sharing most lines with the first unmatched one is its counterpart.
    const a = onlyMine[0].split('\n');
    const shared = (t: string): number => t.split('\n').filter((l) => a.includes(l)).length;
    const b = rest.reduce((x, y) => (shared(y) > shared(x) ? y : x)).split('\n');
    out.push('lines only in the run:', ...a.filter((l) => !b.includes(l)).map((l) => `  + ${l}`));
    out.push(
      'lines only in the baseline:',
      ...b.filter((l) => !a.includes(l)).map((l) => `  - ${l}`),
    );
    out.push('first run element:', onlyMine[0]);
  } else {
    for (const m of onlyMine.slice(0, 2)) out.push('only in the run:', m);
    for (const m of rest.slice(0, 2)) out.push('only in the baseline:', m);
  }
  return out.join('\n');
}

function describeSide(label: string, side: SideResult): string {
  return `--- ${label} (${side.who}, exit ${side.code}) stdout tail:\n${side.stdout.slice(-2500)}\nstderr:\n${side.stderr.slice(-1500)}`;
}

/**
 * Asserts that `run` (one side is ours) ends as the baseline does: both sides' outcomes, and the
 * messages the sipp side of `run` traced against those the same-role sipp traced in the baseline.
 */
export function assertSameAsBaseline(
  run: PairingResult,
  baseline: PairingResult,
  cfg: CompatConfig,
): void {
  const context = `${run.name} vs baseline (files in ${run.dir} and ${baseline.dir})\n${describeSide('run client', run.client)}\n${describeSide('run server', run.server)}`;
  for (const role of ['client', 'server'] as const) {
    const mine = outcome(run[role], cfg);
    const base = outcome(baseline[role], cfg);
    assert.deepEqual(
      mine,
      base,
      `${role} outcome differs (${run.name})\n${explainDifference(mine, base)}\n${context}`,
    );
  }
  for (const role of ['client', 'server'] as const) {
    assert.deepEqual(
      run[role].files,
      baseline[role].files,
      `files written by the ${role} differ (${run.name}): ${JSON.stringify([...run[role].files])} vs ${JSON.stringify([...baseline[role].files])}\n${context}`,
    );
  }
  if (!cfg.compareMessages) return;
  const sippRole = run.client.who === 'sipp' ? 'client' : 'server';
  const mine = messageSet(run[sippRole]);
  const base = messageSet(baseline[sippRole]);
  assert.ok(base.length > 0, `baseline sipp ${sippRole} traced no messages`);
  assert.deepEqual(
    mine,
    base,
    `messages traced by sipp (${sippRole}) differ (${run.name})\n${explainDifference(mine, base)}\n${context}`,
  );
}

/**
 * The baseline itself must be a valid SIPp pair: both sides ran and printed final screens, and
 * wrote the files the scenario compares (else a comparison of two missing files would pass).
 */
export function assertBaselineSane(baseline: PairingResult): void {
  for (const side of [baseline.client, baseline.server]) {
    assert.ok(
      side.screens !== undefined,
      `baseline sipp printed no final screens\n${describeSide('baseline', side)}`,
    );
    for (const [name, lines] of side.files) {
      assert.ok(lines !== 'missing' && lines.length > 0, `baseline sipp wrote no ${name}`);
    }
  }
}

/** Runs the three pairings at once (different ports) and compares both to the baseline. */
export async function checkScenario(scenario: string): Promise<void> {
  const cfg = loadConfig(scenario);
  const [baseline, oursUac, oursUas] = await Promise.all([
    runPairing(scenario, cfg, 'sipp', 'sipp'),
    runPairing(scenario, cfg, 'ours', 'sipp'),
    runPairing(scenario, cfg, 'sipp', 'ours'),
  ]);
  assertBaselineSane(baseline);
  // Both pairings are judged before failing, so one run reports every difference.
  const failures: string[] = [];
  for (const run of [oursUac, oursUas]) {
    try {
      assertSameAsBaseline(run, baseline, cfg);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (failures.length > 0) throw new assert.AssertionError({ message: failures.join('\n\n') });
  for (const r of [baseline, oursUac, oursUas]) rmSync(r.dir, { recursive: true, force: true });
}
