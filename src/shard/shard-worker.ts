/**
 * Worker-thread entry of one shard (bundled on its own as dist/shard-worker.js): the shard's run
 * (shard-runner.ts) behind this thread's parentPort.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runShard } from './shard-runner.ts';
import type { FromShard, ShardInit, ToShard } from './shard-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('shard-worker.ts runs as a worker thread only');

void runShard(workerData as ShardInit, {
  post: (message: FromShard) => port.postMessage(message),
  onControl: (listener: (message: ToShard) => void) => port.on('message', listener),
});
