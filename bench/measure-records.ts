/**
 * Records: what `-call_records_jsonl` costs at 10,000 calls/s (issue 18: one line per call,
 * streamed with bounded memory at that rate). Our UAC runs the same calls against our own UAS
 * with and without the file, in alternating order per trial. Values per trial: the CPU of the
 * run with records over the run without, the peak RSS of each, and the records written and
 * dropped (every finished call must have its line; a drop means the disk fell behind).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './context.ts';
import type { Load } from './commands.ts';
import { runPair, type PairResult } from './pairing.ts';
import type { TrialRecord } from './trial.ts';

export async function measureRecords(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.records;
  const load: Load = { calls, rate, transport: 'u1' };
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    const file = `records-t${trial}.jsonl`;
    const runs: Partial<Record<'with' | 'without', PairResult>> = {};
    const order = trial % 2 === 1 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const kind of order) {
      ctx.log(`records trial ${trial}: ${kind} -call_records_jsonl, ${calls} calls at ${rate}/s`);
      runs[kind] = await runPair(ctx, {
        server: 'gossipper',
        client: 'gossipper',
        load,
        clientExtra: kind === 'with' ? ['-call_records_jsonl', file] : [],
      });
    }
    const withRun = runs.with as PairResult;
    const without = runs.without as PairResult;
    const filePath = path.join(ctx.workDir, file);
    const lines = countLines(filePath);
    rmSync(filePath, { force: true });
    const created = withRun.client.screen.outgoingCreated;
    const problems = [
      ...withRun.problems.map((p) => `with records: ${p}`),
      ...without.problems.map((p) => `without: ${p}`),
    ];
    const base = { measure: 'records' as const, impl: 'gossipper' as const, trial, problems };
    const clean = problems.length === 0;
    records.push(
      {
        ...base,
        metric: 'cpu-ratio',
        value: withRun.client.cpuS / without.client.cpuS,
        unit: '×',
        clean,
        detail: { rate, calls, cpuWithS: withRun.client.cpuS, cpuWithoutS: without.client.cpuS },
      },
      {
        ...base,
        metric: 'rss-with',
        value: (withRun.client.maxRssKb ?? 0) / 1024,
        unit: 'MiB',
        clean,
        detail: { withoutMiB: (without.client.maxRssKb ?? 0) / 1024 },
      },
      {
        ...base,
        metric: 'rss-without',
        value: (without.client.maxRssKb ?? 0) / 1024,
        unit: 'MiB',
        clean,
        detail: {},
      },
      {
        ...base,
        metric: 'missing-records',
        value: Math.max(0, created - lines),
        unit: 'records',
        clean,
        detail: { created, lines },
      },
    );
  }
  return records;
}

function countLines(file: string): number {
  try {
    const text = readFileSync(file, 'latin1');
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}
