/**
 * Milliseconds on the monotonic clock (performance.now()), read on every message and tick.
 * Node defines the `performance` global as an accessor, so each plain `performance.now()`
 * runs that getter (about 25 ns); the object is looked up once here instead, lazily, so the
 * start-up snapshot (src/snapshot-entry.ts) does not capture it at build time.
 */
let perf: typeof performance | undefined;

export function nowMs(): number {
  return (perf ??= performance).now();
}
