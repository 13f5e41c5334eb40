/**
 * Shapes of the declarative flag table. One entry per SIPp flag drives parsing, `-h` text and
 * errors; see flag-table.ts for the list.
 */
import type { HostPort, RunConfig } from '../config/index.ts';

/** The SIPp `-h` sections, in SIPp's order. */
export type FlagGroupId =
  // Gossipper's own, first in `gossipper sipp -h` as in the reference (§1.3).
  | 'hep'
  | 'scenario'
  | 'network'
  | 'overall'
  | 'call'
  | 'injection'
  | 'media'
  | 'rate'
  | 'retrans'
  | '3pcc'
  | 'performance'
  | 'tracing'
  // Gossipper's own: `gossipper server -h` only, hidden from `gossipper sipp -h` (reference).
  | 'management';

export type TimeUnit = 'ms' | 's';

/** A flag that ends parsing at once and decides what main() does instead of a run. */
export type EarlyExit =
  { kind: 'help' } | { kind: 'sipp-version' } | { kind: 'dump-scenario'; name: string };

/** Mutable state while one argv tail is parsed; discarded after finishParse(). */
export interface FlagContext {
  readonly config: RunConfig;
  /** Directory `-sf` paths are resolved against. */
  readonly cwd: string;
  /** Table names (without dash) seen so far, for "default depends on another flag" rules. */
  readonly seen: Set<string>;
  /** `-fd` in ms: the stats period, also `-rate_interval`'s default. */
  statsPeriodMs: number;
  /** One line each for stderr: flags accepted that mean nothing in Gossipper, and why. */
  readonly notes: string[];
}

type Apply<V> = (ctx: FlagContext, value: V) => EarlyExit | void;

interface FlagCommon {
  /** Name without the leading dash, exactly as SIPp spells it. */
  readonly name: string;
  readonly group: FlagGroupId;
  /** One line for `-h`. */
  readonly help: string;
  /** Default as shown in `-h`; omitted when there is none worth showing. */
  readonly defaultText?: string;
}

/** Argument kinds; each available flag's apply receives the parsed value of its kind. */
export type AvailableFlag = FlagCommon & { readonly available: true } & (
    | { readonly kind: 'none'; readonly apply: Apply<true> }
    | { readonly kind: 'string'; readonly argName: string; readonly apply: Apply<string> }
    | { readonly kind: 'int'; readonly argName: string; readonly apply: Apply<number> }
    | { readonly kind: 'float'; readonly argName: string; readonly apply: Apply<number> }
    | {
        readonly kind: 'time';
        readonly unit: TimeUnit;
        readonly argName: string;
        readonly apply: Apply<number>;
      }
    | { readonly kind: 'bool'; readonly argName: string; readonly apply: Apply<boolean> }
    | { readonly kind: 'pair'; readonly argName: string; readonly apply: Apply<[string, string]> }
    | { readonly kind: 'hostport'; readonly argName: string; readonly apply: Apply<HostPort> }
  );

/** A SIPp flag this version recognises but does not implement yet: using it is an error. */
export interface UnavailableFlag extends FlagCommon {
  readonly available: false;
  /** Argument text shown in `-h` (empty for a switch). */
  readonly argName: string;
}

export type FlagSpec = AvailableFlag | UnavailableFlag;

export type ArgKind = AvailableFlag['kind'];
