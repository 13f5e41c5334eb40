/**
 * Finds the compiled batched-UDP addon (binding.gyp → build/Release/udp_batch.node). It is
 * optional: without a compiler the install still succeeds and UDP falls back to node:dgram.
 * GOSSIPPER_UDP_IO=dgram forces the fallback (for comparisons and tests).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface UdpBatchAddon {
  open(
    family: number,
    ip: string,
    port: number,
    bufferBytes: number,
    reusePort: boolean,
    recvSlab: Uint8Array,
    recvMeta: Int32Array,
    slotBytes: number,
    onBatch: (count: number) => void,
  ): object;
  localAddress(handle: object, out: Int32Array): void;
  bufferSizes(handle: object, out: Int32Array): void;
  /** `[periodMs, stayAt]`: read on a timer every periodMs while reads find stayAt (udp_batch.c). */
  setReadPacing?(handle: object, pacing: Int32Array): void;
  /** `due`: per entry, 0 (send now) or a due time (ms, CLOCK_MONOTONIC) for the pacer thread. */
  send(
    handle: object,
    slab: Uint8Array,
    meta: Int32Array,
    count: number,
    due?: Float64Array,
  ): number;
  /** CLOCK_MONOTONIC in ms: the clock of send()'s due times. */
  monotonicMs?(): number;
  /** `[sent, dropped, late, waiting, forgotten]` of the pacer thread (udp_pacer.h). */
  pacerStats?(out: Float64Array): void;
  close(handle: object): void;
  /** A libuv timer calling `callback` (src/run/ticker.ts); see loop_timer in native/udp_batch.c. */
  timerOpen(callback: () => void, precise?: boolean): object;
  timerStart(handle: object, timeoutMs: number, repeatMs: number): void;
  timerStop(handle: object): void;
  timerClose(handle: object): void;
}

/**
 * Where the addon may sit relative to this module: bundled (dist/) or from source (src/transport/).
 */
const CANDIDATES = ['../build/Release/udp_batch.node', '../../build/Release/udp_batch.node'];

let loaded: UdpBatchAddon | null | undefined;

/** The addon, or null when it is not built, cannot load, or is switched off. Loaded once. */
export function udpBatchAddon(): UdpBatchAddon | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.GOSSIPPER_UDP_IO === 'dgram' || process.platform !== 'linux') return loaded;
  const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);
  for (const rel of CANDIDATES) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      loaded = require(path) as UdpBatchAddon;
      break;
    } catch {
      // Built for another Node ABI or platform: the dgram fallback still works.
    }
  }
  return loaded;
}
