/**
 * `npm run bench`: Gossipper against SIPp 3.6.1 on loopback, same work, alternating trials.
 * Prints a table of medians and Gossipper/SIPp ratios; writes bench/results/bench-<date>.json
 * (machine, versions, every trial) and bench/results/latest.md. Not a test: nothing here asserts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError } from './bench-error.ts';
import type { Binaries } from './commands.ts';
import type { BenchContext } from './context.ts';
import { machineInfo, renderMachine } from './machine.ts';
import { measureApi } from './measure-api.ts';
import { measureCeiling } from './measure-ceiling.ts';
import { measureEfficiency } from './measure-efficiency.ts';
import { measureFidelity } from './measure-fidelity.ts';
import { measureHostile } from './measure-hostile.ts';
import { measureMemory } from './measure-memory.ts';
import { measureRecords } from './measure-records.ts';
import { measureShards } from './measure-shards.ts';
import { measureThreads } from './measure-threads.ts';
import { measureTransports } from './measure-transports.ts';
import { parseOptions, type BenchOptions, type Measure } from './options.ts';
import { ChildProcesses, GNU_TIME } from './processes.ts';
import { renderMarkdown, renderText, summarize } from './report.ts';
import type { TrialRecord } from './trial.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(REPO, 'bench', 'results');

const MEASURE_FNS: ReadonlyArray<[Measure, (ctx: BenchContext) => Promise<TrialRecord[]>]> = [
  ['efficiency', measureEfficiency],
  ['fidelity', measureFidelity],
  ['memory', measureMemory],
  ['ceiling', measureCeiling],
  ['shards', measureShards],
  ['threads', measureThreads],
  ['transports', measureTransports],
  ['hostile', measureHostile],
  ['api', measureApi],
  ['records', measureRecords],
];

function binaries(): Binaries {
  const bin: Binaries = { gossipperBin: join(REPO, 'dist', 'gossipper'), sipp: 'sipp' };
  if (!existsSync(bin.gossipperBin))
    throw new BenchError(`${bin.gossipperBin} is missing`, 'run `npm run build` first');
  return bin;
}

async function main(argv: string[]): Promise<number> {
  const options: BenchOptions = parseOptions(argv);
  const bin = binaries();
  const machine = machineInfo(bin, existsSync(GNU_TIME));
  if (!/SIPp v3\./.test(machine.sipp)) {
    throw new BenchError(
      `"${bin.sipp} -v" printed no SIPp banner`,
      'install SIPp 3.6.1 (Debian: sip-tester)',
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), 'gossipper-bench-'));
  const children = new ChildProcesses(workDir);
  const log = (line: string): void => {
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  };
  const onSignal = (): void => {
    children.killAll();
    process.stderr.write('bench: interrupted; killed the children it started\n');
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ctx: BenchContext = { children, bin, workDir, options, log };
  log(
    `work directory ${workDir}; ${options.quick ? 'quick' : 'full'} run, ${options.trials} trial(s), ` +
      `fidelity ${options.fidelityTrials}, hostile ${options.hostileTrials}`,
  );
  const records: TrialRecord[] = [];
  const startedAt = new Date();
  try {
    for (const [name, fn] of MEASURE_FNS) {
      if (options.only.has(name)) records.push(...(await fn(ctx)));
    }
  } finally {
    children.killAll();
  }
  const rows = summarize(records, options.only);
  const markdown = renderMarkdown(
    rows,
    options.trials,
    options.fidelityTrials,
    options.hostileTrials,
  );
  mkdirSync(RESULTS, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const jsonPath = join(RESULTS, `bench-${stamp}.json`);
  writeFileSync(
    jsonPath,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        options: { ...options, only: [...options.only] },
        summary: rows,
        trials: records,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(RESULTS, 'latest.md'),
    `# Gossipper vs SIPp, ${startedAt.toISOString()}\n\n${renderMachine(machine)}\n\n${markdown}\n`,
  );
  process.stdout.write(
    `\n${renderText(rows)}\n\n${renderMachine(machine)}\nresults: ${jsonPath}\n`,
  );
  if (!options.keepLogs) rmSync(workDir, { recursive: true, force: true });
  else process.stdout.write(`child logs: ${workDir}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof BenchError && err.hint) process.stderr.write(`${err.hint}\n`);
    process.exit(1);
  },
);
