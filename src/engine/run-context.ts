/**
 * Per-run values every call reads (addresses, identity, keywords, globals), resolved once by
 * the Run before the engine starts.
 */
import type { AuthDefaults } from '../auth/index.ts';
import type { Clock } from './clock.ts';
import type { Rng } from './rng.ts';
import type { WallClock } from '../platform/index.ts';
import type { InjectionSet } from '../injection/index.ts';
import type { MediaHost } from './media-host.ts';

export interface RunContext {
  readonly clock: Clock;
  /** Time of day (`gettimeofday`, statistics stamps); default the system's. */
  readonly wallClock?: WallClock;
  /** `lost=`, `chance=` and uniform pauses draw from it (seeded by `-seed`). */
  readonly rng: Rng;
  /** The process id, for the `[pid]` keyword. */
  readonly pid: number;
  /**
   * This engine's identity in Call-IDs (`%p` in `-cid_str`) and branches, unique among the engines
   * of one process: the process id for a single-engine run and shard 0 (SIPp users see their pid
   * in Call-IDs), distinct for every other shard (shard/load-split.ts).
   */
  readonly engineId: string;
  readonly service: string;
  readonly remoteIp: string;
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly localIp: string;
  readonly localIpType: number;
  readonly mediaIp: string;
  readonly mediaIpType: number;
  readonly mediaPort: number;
  readonly baseCseq: number;
  readonly userKeywords: Record<string, string>;
  /** Global variables (`-set`, `<Global>`), shared by every call. */
  readonly globals: Map<string, string>;
  /** Names declared global by the scenario; assignments to them update `globals`. */
  readonly globalNames: ReadonlySet<string>;
  /** `[dynamic_id]`: the run-wide counter (run/dynamic-id.ts); absent = always 0. */
  readonly nextDynamicId?: () => number;
  /** `[authentication]` defaults (`-au`, `-ap`, `-auth_uri`, `-aka_*`); undefined: SIPp's. */
  readonly auth?: AuthDefaults;
  /** `-inf` files (src/injection/): each call gets its lines when it is created; or none. */
  readonly injection?: InjectionSet;
  /** `-users N` (users mode); undefined: off. */
  readonly users?: number;
  /** `-threads`: this shard's user ids, offset+1..offset+count of the N (RunConfig.userShare). */
  readonly userShare?: { readonly offset: number; readonly count: number };
  /** `<setdest host="name">`: the literal names, looked up before traffic (run/setdest-hosts). */
  readonly hostAddresses?: ReadonlyMap<string, string>;
  /** The run's media, for keywords that render media state (`[srtp_crypto]`); absent: none. */
  readonly media?: MediaHost;
}
