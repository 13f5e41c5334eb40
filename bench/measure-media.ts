/**
 * Media (issue 19 item 6): the most concurrent 20 ms G.711 streams one process sends with a
 * send-time jitter p99 under 1 ms and no packet lost, on loopback. For each contender
 * (Gossipper and SIPp 3.6.1, each with `rtp_stream` and with `play_pcap_audio`), the count
 * climbs a ladder of steps: a UAS (our bin, SIP only) answers with the receiver's port as the
 * media address, the contender's UAC opens one call per stream, and once every stream is heard
 * (and 3 s more, for warm-up) a window of `windowMs` is measured by the receiver
 * (bench/rtp-jitter-sink.ts: kernel receive times, per stream spacing against 20 ms, sequence
 * gaps). A step that loses packets or streams
 * stops the climb; one that misses on timing only does not. The contender's figure is the
 * highest step met. Each climb has a time budget, so the whole part stays within about three
 * minutes; one climb per contender (--trials does not repeat it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { LOOPBACK, SIPP_BUFF_BYTES, type Impl } from './commands.ts';
import { freePort, type BenchContext } from './context.ts';
import { writeMediaFiles, type MediaMode } from './media-scenarios.ts';
import { boundUdpPorts, readCpuSeconds, sleep, waitForPort } from './proc-files.ts';
import type { RunningChild } from './processes.ts';
import type { JitterFigures } from './rtp-jitter-tally.ts';
import type { TrialRecord } from './trial.ts';

const PACKET_MS = 20;
export const JITTER_P99_LIMIT_US = 1000;
/** Calls open over about this long, whatever the step (SIPp and we both start calls by -r). */
const RAMP_MS = 4000;
/**
 * Every stream heard, the window waits this long: a Node process compiles its hot code in its
 * first seconds, on the main thread (our V8 flags, docs/architecture.md), and a compile of tens
 * of ms then delays every stream at once. By hand, 10 streams: gaps of up to 80 ms while the
 * calls ramped up, none over 1 ms from 3 s on. Both sides wait alike; SIPp has nothing to warm.
 */
const SETTLE_MS = 3000;
/** After every stream is heard, the streams keep going this long past the window. */
const HOLD_MARGIN_MS = 8000;
/**
 * Where `-mp` may start: [auto_media_port] spreads calls over mp + 4·(n−1) (mod 10000), so a
 * step of N streams needs 4·N ports free from there. Other processes on a shared machine hold
 * a few ports in these ranges (a step of 800 lost one call to a port bound by someone else's
 * test), so each step takes the first base whose whole range is free now.
 */
const MEDIA_BASES = [20000, 40000, 50000, 30000, 10000];

/** The first base of MEDIA_BASES whose 4·streams ports (and the run's block) are all unbound. */
export function freeMediaBase(streams: number, bound: ReadonlySet<number>): number {
  const span = 4 * Math.min(streams, 2500) + 4;
  for (const base of MEDIA_BASES) {
    let isFree = base + span <= 65536;
    for (let p = base; p < base + span && isFree; p++) isFree = !bound.has(p);
    if (isFree) return base;
  }
  return MEDIA_BASES[0];
}

export interface Contender {
  impl: Impl;
  mode: MediaMode;
}

export const CONTENDERS: readonly Contender[] = [
  { impl: 'gossipper', mode: 'rtp_stream' },
  { impl: 'sipp', mode: 'rtp_stream' },
  { impl: 'gossipper', mode: 'play_pcap_audio' },
  { impl: 'sipp', mode: 'play_pcap_audio' },
];

export interface StepResult {
  streams: number;
  met: boolean;
  /** Missed for more than timing (streams missing, packets lost): the climb stops there. */
  isBroken?: boolean;
  why: string;
  figures?: JitterFigures;
  cpuS?: number;
}

/** Whether a step's figures meet the bar: every stream heard, nothing lost, p99 under 1 ms. */
export function judgeStep(
  streams: number,
  f: JitterFigures,
): { met: boolean; isBroken: boolean; why: string } {
  if (f.streams < streams)
    return { met: false, isBroken: true, why: `${f.streams} of ${streams} streams sent` };
  if (f.lost > 0) return { met: false, isBroken: true, why: `${f.lost} packets lost` };
  if (!(f.p99Us < JITTER_P99_LIMIT_US))
    return { met: false, isBroken: false, why: `p99 ${f.p99Us} µs` };
  return { met: true, isBroken: false, why: `p99 ${f.p99Us} µs` };
}

/**
 * Climbs `steps` while the budget allows one more (a step costs about its estimate) and no step
 * broke (streams missing, packets lost). A step that only misses on timing does not stop the
 * climb: the p99 of every count is the comparison between contenders, and on a shared machine
 * a larger count can meet what a smaller one missed. Returns every step tried.
 */
export async function climb(
  steps: readonly number[],
  budgetMs: number,
  estimateMs: (streams: number) => number,
  tryStep: (streams: number) => Promise<StepResult>,
  now: () => number = Date.now,
): Promise<StepResult[]> {
  const startedAt = now();
  const tried: StepResult[] = [];
  for (const streams of steps) {
    if (now() - startedAt + estimateMs(streams) > budgetMs) break;
    const r = await tryStep(streams);
    tried.push(r);
    if (r.isBroken === true) break;
  }
  return tried;
}

export async function measureMedia(ctx: BenchContext): Promise<TrialRecord[]> {
  const { steps, windowMs, climbBudgetS } = ctx.options.sizes.media;
  const sink = await startSink();
  const records: TrialRecord[] = [];
  try {
    for (const c of CONTENDERS) {
      const tried = await climb(
        steps,
        climbBudgetS * 1000,
        () => RAMP_MS + SETTLE_MS + windowMs + 3000,
        (streams) => runStep(ctx, sink, c, streams, windowMs),
      );
      const best = tried.filter((t) => t.met).reduce((m, t) => Math.max(m, t.streams), 0);
      const last = tried[tried.length - 1];
      ctx.log(`media ${c.impl} ${c.mode}: ${best} streams met (then: ${last?.why ?? 'none'})`);
      const detail: Record<string, string | number> = { windowMs };
      for (const t of tried) detail[`s${t.streams}`] = describe(t);
      records.push({
        measure: 'media',
        metric: c.mode,
        impl: c.impl,
        trial: 1,
        value: best,
        unit: 'streams',
        clean: true,
        problems: [],
        detail,
      });
      // The p99 at the highest step every contender tried is the timing comparison itself.
      for (const t of tried) {
        if (t.figures === undefined) continue;
        records.push({
          measure: 'media',
          metric: `${c.mode}-p99-${t.streams}`,
          impl: c.impl,
          trial: 1,
          value: t.figures.p99Us / 1000,
          unit: 'ms',
          clean: t.met,
          problems: t.met ? [] : [t.why],
          detail: { ...t.figures },
        });
        if (t.cpuS === undefined) continue;
        // The UAC's CPU over the whole step (ramp, warm-up, window: the same length for all).
        records.push({
          measure: 'media',
          metric: `${c.mode}-cpu-${t.streams}`,
          impl: c.impl,
          trial: 1,
          value: t.cpuS,
          unit: 'CPU-s',
          clean: true,
          problems: [],
          detail: { streams: t.streams },
        });
      }
    }
  } finally {
    sink.kill();
  }
  return records;
}

function describe(t: StepResult): string {
  const f = t.figures;
  const cpu = t.cpuS === undefined ? '' : `, UAC ${t.cpuS.toFixed(2)} CPU-s in all`;
  if (f === undefined) return `${t.met ? 'met' : 'missed'}: ${t.why}`;
  return (
    `${t.met ? 'met' : 'missed'}: ${f.streams} streams, ${f.packets} packets, lost ${f.lost}, ` +
    `p50 ${f.p50Us} µs, p99 ${f.p99Us} µs, max ${Math.round(f.maxUs)} µs${cpu}`
  );
}

export interface Sink {
  port: number;
  ask<T>(cmd: string): Promise<T>;
  kill(): void;
}

export async function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(
    join(import.meta.dirname, 'rtp-jitter-sink.ts'),
    [String(PACKET_MS)],
    { execArgv: ['--import', 'tsx'] },
  );
  const first = await reply<{ port?: number; error?: string }>(child, 10_000);
  if (first.port === undefined) {
    child.kill('SIGKILL');
    throw new Error(`media bench receiver: ${first.error ?? 'no port'}`);
  }
  return {
    port: first.port,
    ask: <T>(cmd: string) => {
      const answer = reply<T>(child, 10_000);
      child.send({ cmd });
      return answer;
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function reply<T>(child: ChildProcess, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`media bench receiver: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: unknown): void => {
      clearTimeout(timer);
      resolve(m as T);
    };
    child.once('message', onMessage);
  });
}

export async function runStep(
  ctx: BenchContext,
  sink: Sink,
  c: Contender,
  streams: number,
  windowMs: number,
  /** More flags for the UAC (experiments by hand). */
  uacExtra: readonly string[] = [],
): Promise<StepResult> {
  await sink.ask('clear');
  const dir = mkdtempSync(join(ctx.workDir, `media-${c.impl}-${c.mode}-${streams}-`));
  const holdMs = RAMP_MS + SETTLE_MS + windowMs + HOLD_MARGIN_MS;
  const files = writeMediaFiles(dir, c.mode, sink.port, holdMs);
  const [uasPort, uacPort] = [await freePort(), await freePort()];
  const rate = Math.max(10, Math.ceil((streams * 1000) / RAMP_MS));
  const timeoutMs = holdMs + 30_000;
  ctx.log(`media ${c.impl} ${c.mode}: ${streams} streams (calls at ${rate}/s)`);
  const children: RunningChild[] = [];
  try {
    const uas = ctx.children.start({
      name: `media-uas-${streams}`,
      command: ctx.bin.gossipperBin,
      args: ['-sf', files.uas, '-p', String(uasPort), '-i', LOOPBACK, '-nostdin'],
      cwd: dir,
      timeoutMs,
    });
    children.push(uas);
    if (!(await waitForPort(uasPort, 'udp', 10_000)))
      return { streams, met: false, isBroken: true, why: 'the UAS did not bind its port' };
    const uac = ctx.children.start({
      name: `media-uac-${c.impl}-${streams}`,
      command: c.impl === 'gossipper' ? ctx.bin.gossipperBin : ctx.bin.sipp,
      args: [
        ...uacArgs(c.impl, files.uac, uasPort, uacPort, streams, rate),
        '-mp',
        String(freeMediaBase(streams, boundUdpPorts())),
        ...uacExtra,
      ],
      cwd: dir,
      timeoutMs,
    });
    children.push(uac);
    const up = await allStreamsHeard(sink, uac, streams, RAMP_MS + 10_000);
    if (up < streams)
      return { streams, met: false, isBroken: true, why: `${up} of ${streams} streams came up` };
    await sleep(SETTLE_MS);
    await sink.ask('start');
    await sleep(windowMs);
    const { figures } = await sink.ask<{ figures: JitterFigures }>('figures');
    // Read before the kill: a killed process group leaves GNU time no chance to report.
    const cpu = readCpuSeconds((await uac.pid()) ?? -1);
    return {
      streams,
      ...judgeStep(streams, figures),
      figures,
      cpuS: cpu === undefined ? undefined : cpu.userS + cpu.sysS,
    };
  } finally {
    for (const child of children) child.kill();
    await Promise.all(children.map((ch) => ch.done));
  }
}

async function allStreamsHeard(
  sink: Sink,
  uac: RunningChild,
  streams: number,
  withinMs: number,
): Promise<number> {
  const deadline = Date.now() + withinMs;
  let active = 0;
  while (Date.now() < deadline && !uac.isFinished) {
    active = (await sink.ask<{ active: number }>('active')).active;
    if (active >= streams) break;
    await sleep(250);
  }
  return active;
}

function uacArgs(
  impl: Impl,
  scenario: string,
  uasPort: number,
  uacPort: number,
  streams: number,
  rate: number,
): string[] {
  const args = [
    '-sf',
    scenario,
    `${LOOPBACK}:${uasPort}`,
    '-m',
    String(streams),
    '-l',
    String(streams),
    '-r',
    String(rate),
    '-p',
    String(uacPort),
    '-i',
    LOOPBACK,
    '-mi',
    LOOPBACK,
    '-nostdin',
  ];
  if (impl === 'sipp') args.push('-buff_size', String(SIPP_BUFF_BYTES));
  return args;
}
