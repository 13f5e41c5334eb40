/**
 * Shard 0 of a `-threads N` run on the main thread itself, behind the same message surface as a
 * worker thread. The coordinator's own work is a few messages a second, so its thread has a core's
 * worth of room: running a shard there saves one worker's start-up (its Node bootstrap and a second
 * parse of the engine bundle, ~0.1 CPU-s) and one idle event loop, and N shards take N threads,
 * not N + 1 (docs/performance.md, "Shards").
 *
 * Messages cross as they would between threads: asynchronously (a microtask), in order, and as
 * the same objects (no copy is needed: neither side keeps or changes what it sent).
 */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { runShard } from './shard-runner.ts';
import type { ShardRunning } from './shard-runner.ts';
import type { FromShard, ShardInit, ToShard } from './shard-protocol.ts';

class InlineShard extends EventEmitter {
  private control?: (message: ToShard) => void;
  private readonly running: ShardRunning = { isStarted: false };
  private isEnded = false;
  private readonly ended: Promise<void>;

  constructor(init: ShardInit) {
    super();
    // Started after the coordinator has wired its listeners, as a worker's first message would be.
    this.ended = new Promise<void>((resolve) => {
      queueMicrotask(() => {
        runShard(init, this.link(), this.running)
          .catch((err: unknown) => this.emit('error', err))
          .finally(() => {
            this.isEnded = true;
            resolve();
          });
      });
    });
  }

  private link(): Parameters<typeof runShard>[1] {
    return {
      post: (message: FromShard) => queueMicrotask(() => this.emit('message', message)),
      onControl: (listener) => (this.control = listener),
    };
  }

  postMessage(message: ToShard): void {
    queueMicrotask(() => this.control?.(message));
  }

  /** Stops the shard's run if it is still going, then reports the exit as a worker would. */
  async terminate(): Promise<number> {
    const { run, isStarted } = this.running;
    if (!this.isEnded && isStarted && run !== undefined && run.state !== 'done') run.stop();
    if (isStarted) await this.ended;
    queueMicrotask(() => this.emit('exit', 0));
    return 0;
  }
}

/** Shard `init` on this thread, as a Worker-shaped handle for the coordinator. */
export function startInlineShard(init: ShardInit): Worker {
  return new InlineShard(init) as unknown as Worker;
}
