/**
 * Transports: what our TLS costs beside our TCP, ours against ours (SIPp's Debian build has no
 * TLS). Gossipper UAC `-t l1` against Gossipper UAS `-t l1`, and the same over `-t t1`, in the
 * same run, alternating order by trial. The UAS finds the lab certificate `gossipper cert` wrote
 * in the work directory; the UAC verifies it (-tls_ca), as a real client does.
 *   cpu:     CPU of both processes per 1000 calls, marginal (a long run minus a run of a fifth of
 *            the calls: start-up, JIT warm-up and the one handshake of `l1` cancel out), so the
 *            ratio is TLS's cost per call after the handshake; the issue-15 goal is ≤ 1.5×.
 *   ceiling: the highest rate of a ladder completed with zero failures, as bench/measure-ceiling.
 * A new stream transport (WS, WSS) joins by adding a row to TRANSPORTS.
 */
import { spawnSync } from 'node:child_process';
import type { BenchContext } from './context.ts';
import type { Load, SipTransport } from './commands.ts';
import { MIN_ACHIEVED_SHARE } from './measure-ceiling.ts';
import { marginal } from './measure-efficiency.ts';
import { runPair, type PairResult } from './pairing.ts';
import type { TrialRecord } from './trial.ts';

interface TransportRow {
  /** Metric prefix: `tcp-cpu`, `tls-ceiling`... */
  name: string;
  mode: SipTransport;
  clientExtra: string[];
}

const TRANSPORTS: readonly TransportRow[] = [
  { name: 'tcp', mode: 't1', clientExtra: [] },
  { name: 'tls', mode: 'l1', clientExtra: ['-tls_ca', 'cacert.pem'] },
  { name: 'ws', mode: 'w1', clientExtra: [] },
  { name: 'wss', mode: 'wss1', clientExtra: ['-tls_ca', 'cacert.pem'] },
];

export async function measureTransports(ctx: BenchContext): Promise<TrialRecord[]> {
  writeLabCertificate(ctx);
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    const order = trial % 2 === 1 ? TRANSPORTS : [...TRANSPORTS].reverse();
    const perCall = new Map<string, TrialRecord>();
    for (const t of order) {
      const m = await cpuPerCall(ctx, t, trial);
      perCall.set(t.name, m);
      records.push(m);
    }
    const tcp = perCall.get('tcp') as TrialRecord;
    const tls = perCall.get('tls') as TrialRecord;
    records.push({
      measure: 'transports',
      metric: 'tls-tcp-cpu-ratio',
      impl: 'gossipper',
      trial,
      value: tls.value / tcp.value,
      unit: '×',
      clean: tls.clean && tcp.clean,
      problems: [...tcp.problems, ...tls.problems],
      detail: { tcp: tcp.value, tls: tls.value },
    });
    // WebSocket's cost beside TCP's, as TLS's above (no bound: issue 15 sets one for TLS only).
    for (const name of ['ws', 'wss']) {
      const ws = perCall.get(name) as TrialRecord;
      records.push({
        measure: 'transports',
        metric: `${name}-tcp-cpu-ratio`,
        impl: 'gossipper',
        trial,
        value: ws.value / tcp.value,
        unit: '×',
        clean: ws.clean && tcp.clean,
        problems: [...tcp.problems, ...ws.problems],
        detail: { tcp: tcp.value, [name]: ws.value },
      });
    }
    for (const t of order) records.push(await climb(ctx, t, trial));
  }
  return records;
}

/** cacert.pem / cakey.pem in the work directory, where every child runs. */
function writeLabCertificate(ctx: BenchContext): void {
  const r = spawnSync(ctx.bin.gossipperBin, ['cert', '-force'], {
    cwd: ctx.workDir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`bench: gossipper cert failed: ${r.stderr}`);
}

function run(ctx: BenchContext, t: TransportRow, load: Load): Promise<PairResult> {
  return runPair(ctx, {
    server: 'gossipper',
    client: 'gossipper',
    load,
    clientExtra: t.clientExtra,
  });
}

async function cpuPerCall(ctx: BenchContext, t: TransportRow, trial: number): Promise<TrialRecord> {
  const { rate, calls } = ctx.options.sizes.transports;
  const long: Load = { calls, rate, transport: t.mode };
  const short: Load = { ...long, calls: Math.round(calls / 5) };
  ctx.log(
    `transports trial ${trial}: ${t.name} cpu, ${calls} then ${short.calls} calls at ${rate}/s`,
  );
  const a = cpuRecord(t, trial, await run(ctx, t, long), long);
  const b = cpuRecord(t, trial, await run(ctx, t, short), short);
  return marginal(a, b);
}

function cpuRecord(t: TransportRow, trial: number, pair: PairResult, load: Load): TrialRecord {
  const cpuS = pair.client.cpuS + pair.server.cpuS;
  const created = pair.client.screen.outgoingCreated;
  return {
    measure: 'transports',
    metric: `${t.name}-cpu`,
    impl: 'gossipper',
    trial,
    value: (cpuS / created) * 1000,
    unit: 'CPU-s/1000 calls',
    clean: pair.problems.length === 0,
    problems: pair.problems,
    detail: {
      rate: load.rate,
      calls: created,
      cpuS,
      uacCpuS: pair.client.cpuS,
      uasCpuS: pair.server.cpuS,
    },
  };
}

async function climb(ctx: BenchContext, t: TransportRow, trial: number): Promise<TrialRecord> {
  const { seconds, rates } = ctx.options.sizes.transports.ceiling;
  let best = 0;
  let stoppedBy = '';
  const steps: string[] = [];
  for (const rate of rates) {
    const load: Load = { calls: Math.round(rate * seconds), rate, transport: t.mode };
    ctx.log(`transports trial ${trial}: ${t.name} ceiling at ${rate}/s`);
    const pair = await run(ctx, t, load);
    const problems = [...pair.problems];
    const achieved = pair.client.screen.callRateCps;
    if (!(achieved >= rate * MIN_ACHIEVED_SHARE))
      problems.push(`achieved ${achieved.toFixed(0)}/s of ${rate}/s`);
    steps.push(`${rate}:${problems.length === 0 ? 'pass' : problems.join('; ')}`);
    if (problems.length > 0) {
      stoppedBy = `stopped at ${rate}/s: ${problems.join('; ')}`;
      break;
    }
    best = rate;
  }
  return {
    measure: 'transports',
    metric: `${t.name}-ceiling`,
    impl: 'gossipper',
    trial,
    value: best,
    unit: 'calls/s',
    clean: true,
    problems: stoppedBy === '' ? [] : [stoppedBy],
    detail: {
      seconds,
      transport: t.mode,
      reachedTopOfLadder: best >= (rates[rates.length - 1] ?? 0),
      steps: steps.join(' | '),
    },
  };
}
