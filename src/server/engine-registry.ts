/**
 * The engines the API drives, by id: the primary (the server's SIP endpoint, or the one-shot run
 * beside which `-api_addr` started the API), the other profiles of a composite config, and the
 * dynamic clients started over the API. Every route reads the registry, never one engine.
 */
import type { RunConfig, ScenarioSource } from '../config/index.ts';
import type { RunHandle } from '../run/index.ts';
import type { Scenario } from '../scenario/index.ts';

/**
 * A RunHandle that can swap its scenario and stop taking new dialogs (Run; a ShardedRun cannot
 * yet).
 */
export type ManagedRun = RunHandle & {
  replaceScenario?(scenario: Scenario): void;
  setAcceptingDialogs?(isAccepting: boolean): void;
  readonly isAcceptingDialogs?: boolean;
};

export interface ManagedEngine {
  readonly id: string;
  readonly run: ManagedRun;
  readonly config: RunConfig;
  /** Where its scenario came from at start: a `-sn` name or a `-sf` file (what PUT writes). */
  readonly source: ScenarioSource;
  /** Started by POST /clients; false for the engines of the command line and config. */
  readonly dynamic: boolean;
  /**
   * `listeners[i]` (i ≥ 1) of the primary: a server engine on the primary's scenario, its bind
   * toggled and its scenario replaced with the primary's. Undefined for every other engine.
   */
  readonly listenerIndex?: number;
}

export const PRIMARY_ENGINE_ID = 'primary';

export class EngineRegistry {
  private readonly engines = new Map<string, ManagedEngine>();
  private primaryId = PRIMARY_ENGINE_ID;
  /** Bumped on every add and remove: cached views of the engines (stats-cache.ts) rebuild. */
  version = 0;

  add(engine: ManagedEngine, isPrimary = this.engines.size === 0): void {
    if (this.engines.has(engine.id)) throw new Error(`engine id "${engine.id}" is taken`);
    this.engines.set(engine.id, engine);
    this.version++;
    if (isPrimary) this.primaryId = engine.id;
  }

  /** A stopped dynamic client leaves at once: stats and the live feed stop showing it. */
  remove(id: string): void {
    if (id !== this.primaryId && this.engines.delete(id)) this.version++;
  }

  get size(): number {
    return this.engines.size;
  }

  get(id: string): ManagedEngine | undefined {
    return this.engines.get(id);
  }

  /** The management engine: scenario PUT/apply target it only (reference, §B6 6.17). */
  get primary(): ManagedEngine {
    const engine = this.engines.get(this.primaryId);
    if (engine === undefined) throw new Error('no primary engine');
    return engine;
  }

  /**
   * The primary's SIP binds, index order: the primary (index 0) and its further listeners. What
   * scenario PUT/apply and the listener toggles act on (§B6 6.17).
   */
  listenerGroup(): ManagedEngine[] {
    const more = [...this.engines.values()].filter((e) => e.listenerIndex !== undefined);
    return [this.primary, ...more.sort((a, b) => (a.listenerIndex ?? 0) - (b.listenerIndex ?? 0))];
  }

  /** Primary first, then the others in the order they were added. */
  all(): ManagedEngine[] {
    const rest = [...this.engines.values()].filter((e) => e.id !== this.primaryId);
    // Empty before the primary is added (a start refused early, then cleaned up).
    const primary = this.engines.get(this.primaryId);
    return primary === undefined ? rest : [primary, ...rest];
  }

  /** More than one engine: stats and control answer in the `multi` envelope. */
  get isMulti(): boolean {
    return this.engines.size > 1;
  }
}
