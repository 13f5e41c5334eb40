import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcesses } from './processes.ts';
import { runStep, startSink } from './measure-media.ts';
import type { BenchContext } from './context.ts';
import type { Impl } from './commands.ts';
import type { MediaMode } from './media-scenarios.ts';
const workDir = mkdtempSync(join(tmpdir(), 'zz-'));
const ctx = {
  children: new ChildProcesses(workDir),
  bin: { gossipperBin: process.env.BIN ?? '/work/wt-rec/dist/gossipper', sipp: 'sipp' },
  workDir,
  options: {} as never,
  log: () => undefined,
} as BenchContext;
const sink = await startSink();
const [impl, mode, window, countText, ...extra] = process.argv.slice(2);
try {
  for (const n of countText.split(',')) {
    const r = await runStep(
      ctx,
      sink,
      { impl: impl as Impl, mode: mode as MediaMode },
      Number(n),
      Number(window),
      extra,
    );
    const f = r.figures;
    console.log(
      `${impl} ${mode} ${n} ${extra.join(' ')}: ${r.met ? 'met' : 'missed'} ${f ? `p50 ${f.p50Us} p99 ${f.p99Us} max ${Math.round(f.maxUs)} lost ${f.lost} streams ${f.streams}` : r.why} cpu ${r.cpuS?.toFixed(2)}`,
    );
  }
} finally {
  sink.kill();
  ctx.children.killAll();
}
process.exit(0);
