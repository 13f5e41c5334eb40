/**
 * What front-ends (the one-shot run, keyboard, screens) read and drive on a running test. A Run
 * (one engine on this thread) and a ShardedRun (shard/: N engines on worker threads, merged
 * statistics) both provide it, so everything above them is the same for `-threads 1` and `N`.
 */
import type { RunConfig } from '../config/run-config.ts';
import type { Engine } from '../engine/index.ts';
import * as exit from '../exit-codes.ts';
import type { Scenario } from '../scenario/index.ts';
import type { StatsSnapshot } from '../stats/index.ts';
import type { Transport } from '../transport/index.ts';
import type { ResolvedRemote } from './addresses.ts';
import type { ErrorSummary } from './error-tally.ts';
import type { RunResult, RunState } from './run.ts';

/** The engine figures the screen, keyboard and load monitor read (summed over shards). */
export type EngineStatus = Readonly<Pick<Engine,
  | 'rate' | 'paused' | 'limit' | 'currentCalls' | 'peakCalls' | 'peakAtMs' | 'lastError' | 'created'
  | 'skippedByLimit' | 'askedCps' | 'isScheduling' | 'isClientMode'>>;

export interface RunHandle {
  readonly config: RunConfig;
  readonly scenario: Scenario;
  readonly state: RunState;
  readonly remote?: ResolvedRemote;
  readonly engine: EngineStatus;
  /** The main socket's protocol and bound address, for the screen. */
  readonly transport: Pick<Transport, 'protocol' | 'localAddress'>;
  /** Starts a new statistics period after each display. */
  readonly stats: { resetPeriod(nowMs: number): void };
  readonly openSockets: number;
  readonly bufferText: string;
  /** Errors reported so far and the latest one, for the summary on stderr at exit. */
  readonly errors: ErrorSummary;
  start(): Promise<void>;
  setRate(callsPerPeriod: number): void;
  pause(): void;
  resume(): void;
  softQuit(): void;
  stop(): void;
  snapshot(): StatsSnapshot;
  done(): Promise<RunResult>;
}

/** SIPp's exit code for a finished run (sipp-reference.md §9). */
export function sippExitCode(
  reason: RunResult['reason'], timedOut: boolean, timeoutIsError: boolean, s: StatsSnapshot,
): number {
  if (reason === 'stop_now') return exit.EXIT_TIMEOUT_NO_CALLS;
  if (reason === 'fatal') return exit.EXIT_FATAL;
  const failed = s.cumulative.FailedCall;
  if (timedOut) {
    if (timeoutIsError) return exit.EXIT_FATAL;
    if (failed === 0 && s.cumulative.SuccessfulCall === 0) return exit.EXIT_TIMEOUT_NO_CALLS;
  }
  return failed > 0 ? exit.EXIT_FAILED_CALLS : exit.EXIT_OK;
}
