/**
 * What the screens show that is not in a StatsSnapshot: the run's settings and live state.
 * The front-end (one-shot/, tui/) fills it; the screen functions only read it.
 */
import type { Scenario } from '../scenario/index.ts';

/** The run's state as the screen words it (SIPp's footer and final report). */
export type ScreenState = 'running' | 'paused' | 'draining' | 'terminated';

/** The slice of a Scenario the screens draw (a Scenario satisfies it). */
export type ScreenScenario = Pick<Scenario, 'mode' | 'commands' | 'rtdNames'>;

export interface ScreenInfo {
  readonly scenario: ScreenScenario;
  /** Calls per `ratePeriodMs` (`-r`, `-rp`). */
  readonly rate: number;
  readonly ratePeriodMs: number;
  /** `-users N`: the header then shows users instead of a rate. */
  readonly users?: number;
  /** `-d`: the call length shown in the header and the length of a bare `<pause/>`. */
  readonly callLengthMs: number;
  readonly localPort: number;
  /** Remote host as given (`127.0.0.1`), port and transport (`UDP`) for `host:port(UDP)`. */
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly transport: string;
  readonly state: ScreenState;
  /** Defaults to the snapshot's takenAt − startedAt. */
  readonly totalElapsedMs?: number;
  /** `-m`: "Call limit N hit" once that many calls were created. */
  readonly maxCalls?: number;
  /** `-l`: shown as "N calls (limit L)" for clients. */
  readonly callLimit?: number;
  readonly schedulerResolutionMs?: number;
  /** Calls created during the last display period; defaults to the snapshot's period. */
  readonly lastPeriod?: { readonly newCalls: number; readonly durationMs: number };
  /** Defaults to created − ended from the snapshot. */
  readonly currentCalls?: number;
  readonly peakCalls?: number;
  /** Seconds since start when the peak was reached. */
  readonly peakAfterS?: number;
  /** SIPp's task line "N Running, N Paused, N Woken up"; defaults to all current calls paused. */
  readonly tasks?: { readonly running: number; readonly paused: number; readonly wokenUp: number };
  readonly openSockets?: number;
  /** RTP counts for SIPp's RTP line; without media the line reads 0 (see scenario-screen.ts). */
  readonly rtp?: { readonly packetsSent: number; readonly lastPeriodKBps: number };
  /** Last warning or error, shown above the footer on every screen. */
  readonly lastError?: string;
  /** Gossipper's own notices under the command table, e.g. "event loop saturated". */
  readonly warnings?: ReadonlyArray<string>;
  /**
   * One statistics line per non-zero failure cause under "Failed call". Off by default because
   * SIPp 3.6.1 prints none (see test/output/sipp-samples/trace_client_screen.log: 8 failed calls,
   * no cause).
   */
  readonly showFailureCauses?: boolean;
  /**
   * The statistics screen printed at exit. SIPp 3.6.1 prints it right after a periodic reset
   * (seen by running it): Last Reset Time = Current Time, a Periodic column of zeros, no failure
   * cause rows, and every duration (Elapsed Time, Response Time, Call Length) as 00:00:00:000000
   * in both columns; only the cumulative Call Rate keeps its value.
   */
  readonly finalScreen?: boolean;
  /** `set index true` (runtime control): the step index before each send and recv row. */
  readonly showIndex?: boolean;
  /** The run's random seed, for the final report's replay row. */
  readonly seed?: number;
}
