/**
 * One step of the media bench for real, tiny: our UAC opens 3 calls whose streams reach the
 * bench's receiver child through our UAS's SDP, and the window's figures come back. Not a
 * timing verdict (this shared machine's jitter is what the bench reports), only the path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchContext } from '../../bench/context.ts';
import { runStep, startSink } from '../../bench/measure-media.ts';
import { ChildProcesses } from '../../bench/processes.ts';
import { parseOptions } from '../../bench/options.ts';
import { GOSSIPPER_BIN, requireBuiltBin } from '../peers/processes.ts';

test('a media bench step: 3 streams heard, counted and timed', { timeout: 60_000 }, async () => {
  requireBuiltBin();
  const workDir = mkdtempSync(path.join(tmpdir(), 'gossipper-media-step-'));
  const ctx: BenchContext = {
    children: new ChildProcesses(workDir),
    bin: { gossipperBin: GOSSIPPER_BIN, sipp: 'sipp' },
    workDir,
    options: parseOptions(['--quick']),
    log: () => undefined,
  };
  const sink = await startSink();
  try {
    const r = await runStep(ctx, sink, { impl: 'gossipper', mode: 'rtp_stream' }, 3, 500);
    assert.ok(r.figures, r.why);
    assert.equal(r.figures.streams, 3, r.why);
    assert.equal(r.figures.lost, 0);
    // 3 streams × 500 ms of 20 ms packets, give or take the window's edges.
    assert.ok(r.figures.packets >= 60 && r.figures.packets <= 90, `${r.figures.packets}`);
    assert.ok(r.figures.p50Us > 0 && r.figures.p99Us >= r.figures.p50Us);
  } finally {
    sink.kill();
    ctx.children.killAll();
  }
});
