/**
 * Hostile: a soak that keeps issue 12 fixed (a UAS's memory grew without bound under an
 * out-of-dialog flood, and its TCP buffers had no cap). A UAS, ours or `sipp -sn uas`, answers
 * `sipp -sn uac` at a steady rate while a flooder child (bench/hostile-flooder.ts) attacks the
 * same port: over UDP OPTIONS with fresh Call-IDs, malformed datagrams and stray responses; over
 * TCP (`-t t1`) slowloris connections, resets mid-message and a Content-Length of 10^9.
 *
 * VmRSS of the UAS is read every second. Per run: the peak; the slope over the second half of
 * the attack (a bounded process is flat there); legitimate calls lost (the UAC's calls not
 * successful); and, from our final screen, the malformed and out-of-call counts. A UAS that
 * exits under attack (SIPp's does over TCP) is a result, recorded with how it ended.
 *
 * The legitimate calls keep the UAS's timers running, so the half of issue 12 that needs an idle
 * UAS (dead calls never swept because no timer was ever armed) cannot show here: the build before
 * its fix (a68bb03) stayed at 85–89 MB in this soak, and climbed to 95 MB in 76 s under the same
 * flood without calls. test/regress/issue-12-options-flood.test.ts covers that case.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TcpFloodPlan, UdpFloodPlan } from '../test/peers/hostile-flood.ts';
import { BenchError } from './bench-error.ts';
import { openUasCommand, uacCommand, type Impl, type SipTransport } from './commands.ts';
import { freePort, type BenchContext } from './context.ts';
import type { ChildResult, RunningChild } from './processes.ts';
import { readRssKb, RssSampler, sleep, waitForPort, type RssSample } from './proc-files.ts';
import { PLATEAU_MIB_PER_MIN, rssTrend } from './rss-trend.ts';
import { parseExtrasCount, parseFinalScreen } from './screen-parse.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FLOODER = join(REPO, 'bench', 'hostile-flooder.ts');

/** The flood starts first so the first legitimate call already meets it. */
const FLOOD_LEAD_MS = 1000;
/** The flood outlasts the UAC's schedule by this much (it is stopped when the UAC ends). */
const FLOOD_TAIL_MS = 3000;
/**
 * Both UASes remember ended calls this long (-deadcall_wait), so their RSS climbs that long under
 * any flood by design; a run whose second half starts sooner cannot judge a plateau.
 */
const DEADCALL_WAIT_MS = 33_000;
const STARTUP_SLACK_MS = 15_000;
/** After SIGINT a UAS prints its final screen and exits; past this it is killed. */
const STOP_GRACE_MS = 10_000;

/** Our malformed row, under its old name and the new one. */
const MALFORMED_ROW = /Malformed (?:datagrams|messages)/;
const OUT_OF_CALL_ROW = /Out-of-call messages/;

interface FloodTarget {
  /** Metric prefix: `udp-peak-rss`, `tcp-calls-lost`... */
  proto: 'udp' | 'tcp';
  transport: SipTransport;
  plan: UdpFloodPlan | TcpFloodPlan;
}

export async function measureHostile(ctx: BenchContext): Promise<TrialRecord[]> {
  const { udp, tcp } = ctx.options.sizes.hostile;
  const targets: FloodTarget[] = [
    { proto: 'udp', transport: 'u1', plan: udp },
    { proto: 'tcp', transport: 't1', plan: tcp },
  ];
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.hostileTrials; trial++) {
    for (const target of targets) {
      for (const impl of trialOrder(trial)) records.push(...(await soak(ctx, impl, target, trial)));
    }
  }
  return records;
}

/** What one soak run observed, before it becomes records. */
export interface SoakObservation {
  calls: number;
  uac: ChildResult;
  uas: ChildResult;
  /** The UAS ended before the bench stopped it. */
  uasDied: boolean;
  /** Seconds from the start of the flood to the UAS's own exit (NaN if it did not die). */
  diedAfterS: number;
}

/** A soak run as it happened: the UAS's RSS readings (idle one first), until `endMs`. */
interface SoakRun {
  observation: SoakObservation;
  idleRssKb: number;
  samples: RssSample[];
  /** When the legitimate calls ended, on the samples' clock. */
  endMs: number;
  flood: ChildResult;
}

async function soak(
  ctx: BenchContext,
  impl: Impl,
  target: FloodTarget,
  trial: number,
): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.hostile;
  ctx.log(
    `hostile trial ${trial}: ${target.proto} uas ${impl}, ${calls} calls at ${rate}/s under a flood`,
  );
  const run = await runSoak(ctx, impl, target);
  const trend = rssTrend(run.samples, run.endMs);
  const notJudged = plateauNotJudged(run.endMs);
  const detail: TrialRecord['detail'] = {
    transport: target.transport,
    rate,
    runS: run.endMs / 1000,
    idleRssKb: run.idleRssKb,
    peakRssKb: trend.peakKb,
    secondHalfMibPerMin: trend.secondHalfMibPerMin,
    secondHalfSamples: trend.secondHalfSamples,
    ...outcome(run.observation),
    ...floodCounts(run.flood),
    rssMibEachSecond: run.samples.map((s) => (s.rssKb / 1024).toFixed(1)).join(' '),
  };
  const problems = soakProblems(
    run.observation,
    notJudged === undefined ? trend.secondHalfMibPerMin : NaN,
  );
  const base = {
    measure: 'hostile' as const,
    impl,
    trial,
    clean: problems.length === 0,
    problems,
    detail,
  };
  return [
    { ...base, metric: `${target.proto}-peak-rss`, value: trend.peakKb, unit: 'KiB' },
    {
      ...base,
      metric: `${target.proto}-rss-slope`,
      value: trend.secondHalfMibPerMin,
      unit: 'MiB/min',
      detail: notJudged === undefined ? detail : { ...detail, notJudged },
    },
    {
      ...base,
      metric: `${target.proto}-calls-lost`,
      value: callsLost(run.observation),
      unit: 'calls',
    },
  ];
}

/** UAS first; then the flood, sampled from its start; the legitimate calls once it is under way. */
async function runSoak(ctx: BenchContext, impl: Impl, target: FloodTarget): Promise<SoakRun> {
  const { rate, calls } = ctx.options.sizes.hostile;
  const scheduleMs = (calls / rate) * 1000;
  const floodMs = FLOOD_LEAD_MS + scheduleMs + FLOOD_TAIL_MS;
  const uacTimeoutMs = scheduleMs * 2 + STARTUP_SLACK_MS;
  const [uasPort, uacPort] = [await freePort(), await freePort()];
  const uas = ctx.children.start({
    name: `hostile-uas-${impl}`,
    cwd: ctx.workDir,
    timeoutMs: floodMs + uacTimeoutMs + STARTUP_SLACK_MS,
    ...openUasCommand(impl, ctx.bin, target.transport, uasPort),
  });
  if (!(await waitForPort(uasPort, target.proto, 10_000))) {
    uas.kill();
    await uas.done;
    throw new BenchError(`${impl} uas never bound ${target.proto} port ${uasPort}`);
  }
  await sleep(1000);
  const uasPid = (await uas.pid()) ?? -1;
  const idleRssKb = readRssKb(uasPid) ?? NaN;
  const startMs = Date.now();
  let diedAtMs = NaN;
  let isStoppedByUs = false;
  void uas.done.then(() => {
    if (!isStoppedByUs) diedAtMs = Date.now() - startMs;
  });
  const sampler = new RssSampler(uasPid, 1000);
  const flooder = ctx.children.start({
    name: `hostile-flood-${target.proto}`,
    cwd: REPO,
    timeoutMs: floodMs + STARTUP_SLACK_MS,
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      FLOODER,
      target.proto,
      String(uasPort),
      String(floodMs),
      JSON.stringify(target.plan),
    ],
  });
  await sleep(FLOOD_LEAD_MS);
  const uac = ctx.children.start({
    name: 'hostile-uac-sipp',
    cwd: ctx.workDir,
    timeoutMs: uacTimeoutMs,
    ...uacCommand('sipp', ctx.bin, { calls, rate, transport: target.transport }, uacPort, uasPort),
  });
  const uacResult = await uac.done;
  const endMs = Date.now() - startMs;
  const flood = await stop(flooder);
  // Readings for 2 s more: a UAS still draining its socket buffers may peak then.
  await sleep(2000);
  sampler.stop();
  isStoppedByUs = !uas.isFinished;
  const uasResult = await stop(uas);
  return {
    observation: {
      calls,
      uac: uacResult,
      uas: uasResult,
      uasDied: !isStoppedByUs,
      diedAfterS: diedAtMs / 1000,
    },
    idleRssKb,
    endMs,
    flood,
    samples: Number.isFinite(idleRssKb)
      ? [{ atMs: 0, rssKb: idleRssKb }, ...sampler.samples]
      : sampler.samples,
  };
}

/** Why a run of `endMs` cannot judge a plateau, or undefined when it can. */
export function plateauNotJudged(endMs: number): string | undefined {
  return endMs / 2 >= DEADCALL_WAIT_MS
    ? undefined
    : `second half starts at ${(endMs / 2000).toFixed(0)} s, before the ${DEADCALL_WAIT_MS / 1000} s dead-call wait ends`;
}

/** SIGINT (both print their final screens), then SIGKILL of the group after a grace period. */
async function stop(child: RunningChild): Promise<ChildResult> {
  if (!child.isFinished) await child.interrupt();
  const timer = setTimeout(() => child.kill(), STOP_GRACE_MS);
  try {
    return await child.done;
  } finally {
    clearTimeout(timer);
  }
}

/** Legitimate calls that did not succeed, by the UAC's final screen; all of them without one. */
export function callsLost(o: Pick<SoakObservation, 'calls' | 'uac'>): number {
  const successful = parseFinalScreen(o.uac.stdout).successful;
  return Number.isFinite(successful) ? Math.max(0, o.calls - successful) : o.calls;
}

function howItEnded(r: ChildResult): string {
  return r.signal !== null ? `signal ${r.signal}` : `exit code ${r.exitCode ?? 'none'}`;
}

/**
 * Why a soak run does not pass: calls lost, a UAS that died, RSS still climbing (NaN: not
 * judged), timeouts.
 */
export function soakProblems(o: SoakObservation, slopeMibPerMin: number): string[] {
  const problems: string[] = [];
  const lost = callsLost(o);
  if (lost > 0)
    problems.push(`uac sipp: ${lost} of ${o.calls} legitimate calls lost (${howItEnded(o.uac)})`);
  if (o.uasDied)
    problems.push(
      `uas died under attack after ${o.diedAfterS.toFixed(1)} s (${howItEnded(o.uas)})`,
    );
  if (slopeMibPerMin > PLATEAU_MIB_PER_MIN) {
    problems.push(`uas RSS still growing in the second half: ${slopeMibPerMin.toFixed(1)} MiB/min`);
  }
  if (o.uac.timedOut) problems.push('uac sipp hit its hard timeout');
  return problems;
}

function outcome(o: SoakObservation): TrialRecord['detail'] {
  const uac = parseFinalScreen(o.uac.stdout);
  const uas = parseFinalScreen(o.uas.stdout);
  return {
    calls: o.calls,
    successful: uac.successful,
    failed: uac.failed,
    uacRetransmissions: uac.retransmissions,
    uacEnded: howItEnded(o.uac),
    uasEnded: howItEnded(o.uas),
    died: o.uasDied,
    diedAfterS: o.diedAfterS,
    uasCallsCreated: uas.incomingCreated,
    uasFailed: uas.failed,
    uasCpuS: o.uas.userS + o.uas.sysS,
    malformedCounted: parseExtrasCount(o.uas.stdout, MALFORMED_ROW),
    outOfCallCounted: parseExtrasCount(o.uas.stdout, OUT_OF_CALL_ROW),
  };
}

/** The flooder's last stdout line: what it sent, as `sent.<field>`. */
function floodCounts(r: ChildResult): TrialRecord['detail'] {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const counts = JSON.parse(line) as Record<string, number | string>;
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`sent.${k}`, v]));
  } catch {
    return {
      'sent.error': `flooder printed no counts (${howItEnded(r)}): ${r.stderr.slice(-300)}`,
    };
  }
}
