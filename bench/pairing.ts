/**
 * One bounded run of a UAS and a UAC against each other on loopback. The server starts first
 * and the client only once the server's port is bound, so no INVITE is lost to start-up (which
 * would show up as a retransmission and fail a ceiling step). Both children have hard timeouts.
 */
import { freePort, type BenchContext } from './context.ts';
import { uacCommand, uasCommand, type Impl, type Load } from './commands.ts';
import type { ChildResult, RunningChild } from './processes.ts';
import { readRssKb, RssSampler, sleep, waitForPort } from './proc-files.ts';
import { parseFinalScreen, type FinalScreen } from './screen-parse.ts';

/** SIPp's built-in uas keeps each call 4 s after the BYE (timewait) before -m can end it. */
const UAS_TIMEWAIT_MS = 4000;
const STARTUP_SLACK_MS = 15000;

export interface PairSpec {
  server: Impl;
  client: Impl;
  load: Load;
  /** Which side's memory to sample (every 250 ms; the idle reading is taken before traffic). */
  sampleRss?: 'server' | 'client';
  /** Extra flags for the client (SIPp's -trace_rtt for the fidelity measure). */
  clientExtra?: string[];
  /**
   * Started once the client is, stopped as soon as it exits (the API measure's pollers, which
   * must not count the client's exit as their errors).
   */
  duringClient?: () => Promise<() => Promise<void>>;
}

export interface SideResult extends ChildResult {
  impl: Impl;
  screen: FinalScreen;
  cpuS: number;
}

export interface PairResult {
  server: SideResult;
  client: SideResult;
  /** Idle VmRSS before any call (server only; the client starts calling at once). */
  idleRssKb?: number;
  /** PID of the client program (SIPp names its -trace_rtt file after it). */
  clientPid?: number;
  /** Highest VmRSS sampled during the run, KiB. */
  maxRssKb?: number;
  /** Reasons this run does not count as clean (failed calls, retransmissions, timeouts...). */
  problems: string[];
}

/** Hard bound for a client: its call schedule, the call length, plus slack for start-up. */
function clientTimeoutMs(load: Load): number {
  return Math.ceil((load.calls / load.rate) * 1000 * 2) + (load.callMs ?? 0) + STARTUP_SLACK_MS;
}

export async function runPair(ctx: BenchContext, spec: PairSpec): Promise<PairResult> {
  const serverPort = await freePort();
  const clientPort = await freePort();
  const { load } = spec;
  const clientLimitMs = clientTimeoutMs(load);
  const server = ctx.children.start({
    name: `uas-${spec.server}`,
    cwd: ctx.workDir,
    timeoutMs: clientLimitMs + UAS_TIMEWAIT_MS + STARTUP_SLACK_MS,
    ...uasCommand(spec.server, ctx.bin, load, serverPort),
  });
  const proto = load.transport === 'u1' ? 'udp' : 'tcp';
  if (!(await waitForPort(serverPort, proto, 10000))) {
    server.kill();
    await server.done;
    throw new Error(`bench: ${spec.server} uas never bound ${proto} port ${serverPort}`);
  }
  let idleRssKb: number | undefined;
  if (spec.sampleRss === 'server') {
    await sleep(1000);
    idleRssKb = readRssKb((await server.pid()) ?? -1);
  }
  const client = ctx.children.start({
    name: `uac-${spec.client}`,
    cwd: ctx.workDir,
    timeoutMs: clientLimitMs,
    ...uacCommand(spec.client, ctx.bin, load, clientPort, serverPort, spec.clientExtra),
  });
  const clientPid = await client.pid();
  const stopDuring = await spec.duringClient?.();
  const sampled =
    spec.sampleRss === 'server' ? server : spec.sampleRss === 'client' ? client : undefined;
  const sampler = sampled ? new RssSampler((await sampled.pid()) ?? -1, 250) : undefined;
  const clientRes = await client.done;
  await stopDuring?.();
  if (sampled === client) sampler?.stop();
  const serverRes = await finishServer(server, UAS_TIMEWAIT_MS + 3000);
  const maxRssKb = sampler?.stop();
  const result: PairResult = {
    server: side(spec.server, serverRes),
    client: side(spec.client, clientRes),
    idleRssKb,
    maxRssKb,
    clientPid,
    problems: [],
  };
  result.problems = findProblems(result, load);
  return result;
}

/** The server ends by -m after its timewait; if calls went missing it never will, so interrupt. */
async function finishServer(server: RunningChild, graceMs: number): Promise<ChildResult> {
  const timer = setTimeout(() => void server.interrupt(), graceMs);
  try {
    return await server.done;
  } finally {
    clearTimeout(timer);
  }
}

function side(impl: Impl, res: ChildResult): SideResult {
  return { ...res, impl, screen: parseFinalScreen(res.stdout), cpuS: res.userS + res.sysS };
}

/**
 * Pass = every call created and successful, nothing failed or retransmitted, nobody timed out.
 * Over TCP a SIPp UAS fails a few calls in its 4 s timewait when the UAC exits and closes the
 * connection (seen at 1000 calls/s, far below any load limit), so there SIPp's UAS failed
 * calls do not count; the UAC completing every call still proves every BYE was answered.
 * Gossipper's UAS counts a call in its timewait as done when the connection closes, so any
 * failure it reports is real.
 */
export function findProblems(r: Pick<PairResult, 'server' | 'client'>, load: Load): string[] {
  const problems: string[] = [];
  for (const [role, s] of [
    ['uas', r.server],
    ['uac', r.client],
  ] as const) {
    const who = `${role} ${s.impl}`;
    if (s.timedOut) problems.push(`${who} hit its hard timeout`);
    if (!Number.isFinite(s.screen.successful)) problems.push(`${who} printed no final screen`);
    const isTimewaitArtifact = role === 'uas' && load.transport === 't1' && s.impl === 'sipp';
    if (s.screen.failed > 0 && !isTimewaitArtifact)
      problems.push(`${who} ${s.screen.failed} failed calls`);
    if (s.screen.retransmissions > 0)
      problems.push(`${who} ${s.screen.retransmissions} retransmissions`);
  }
  if (r.client.screen.successful < load.calls) {
    problems.push(
      `uac ${r.client.impl} completed ${r.client.screen.successful}/${load.calls} calls`,
    );
  }
  return problems;
}
