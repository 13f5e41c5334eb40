/**
 * The statistics object of every engine, built at most once per STATS_MAX_AGE_MS however many
 * clients ask: building it (a snapshot of each engine, latency summaries over their histograms)
 * and serializing it cost about 0.5 ms, and at 50 polls a second plus the live feed that was a
 * quarter of a 4,000 calls/s UAC's CPU (bench `--only api`). With the cache the API's cost no
 * longer grows with the number of pollers. Adding or removing an engine rebuilds at once.
 */
import type { EngineRegistry } from './engine-registry.ts';

/** Fresh enough for a dashboard or a poller; 10 builds a second at most. */
export const STATS_MAX_AGE_MS = 100;

export class StatsCache {
  private builtAtMs = -Infinity;
  private builtForVersion = -1;
  private value: unknown;
  private serialized: string | undefined;

  constructor(
    private readonly registry: EngineRegistry,
    private readonly build: () => unknown,
    private readonly nowMs: () => number,
    private readonly maxAgeMs = STATS_MAX_AGE_MS,
  ) {}

  /** The statistics object (the live feed's `stats`). */
  object(): unknown {
    const now = this.nowMs();
    if (now - this.builtAtMs >= this.maxAgeMs || this.builtForVersion !== this.registry.version) {
      this.value = this.build();
      this.serialized = undefined;
      this.builtAtMs = now;
      this.builtForVersion = this.registry.version;
    }
    return this.value;
  }

  /** The same, as the JSON text GET /stats answers. */
  text(): string {
    const value = this.object();
    this.serialized ??= JSON.stringify(value);
    return this.serialized;
  }
}
