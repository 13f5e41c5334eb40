/**
 * Starting a shard's worker thread from both places the code runs: the esbuild bundle
 * (dist/gossipper.js next to dist/shard-worker.js, see scripts/build.mjs) and the TypeScript
 * sources under tsx (tests, `node --import tsx src/bin.ts`). Node 20 does not apply the parent's
 * `--import tsx` hooks to a worker's entry module, so from sources the worker first registers
 * tsx itself and then imports the .ts entry.
 */
import type { Worker } from 'node:worker_threads';
import type { ShardInit } from './shard-protocol.ts';

export function startShardWorker(init: ShardInit): Worker {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const here = import.meta.url;
  const name = `gossipper-shard-${init.index}`;
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./shard-worker.js', here), { workerData: init, name });
  const entry = new URL('./shard-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData: init, name });
}
