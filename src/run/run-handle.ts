/**
 * What front-ends (the one-shot run, keyboard, screens) read and drive on a running test. A Run
 * (one engine on this thread) and a ShardedRun (shard/: N engines on worker threads, merged
 * statistics) both provide it, so everything above them is the same for `-threads 1` and `N`.
 */
import type { RunConfig } from '../config/index.ts';
import * as exit from '../exit-codes.ts';
import type { Scenario } from '../scenario/index.ts';
import type { StatsSnapshot } from '../stats/index.ts';
import type { Transport } from '../transport/index.ts';
import type { ResolvedRemote } from './addresses.ts';
import type { ErrorSummary } from './error-tally.ts';

export type RunState = 'starting' | 'running' | 'draining' | 'done';

export interface RunResult {
  exitCode: number;
  reason: 'drained' | 'stop_now' | 'fatal' | 'interrupted';
  timedOut: boolean;
  /** The final statistics, cumulative like RunHandle.snapshot(). */
  snapshot: StatsSnapshot;
}

/** The main socket's buffers as the kernel granted them (the screen's `-buff_size` line). */
export interface SocketBuffers {
  /** Absent over TCP, where the kernel tunes them. */
  readonly recvBytes?: number;
  readonly sendBytes?: number;
  /** UDP through node:dgram, because the batched addon did not load. */
  readonly isDgramIo: boolean;
  /** `-threads N`: N shards, each with buffers of this size. */
  readonly shards?: number;
}

/**
 * The figures a front-end reads from a run, as plain data taken at one moment (summed over the
 * shards' latest reports for a ShardedRun). The screen, the keyboard and the load monitor read it.
 */
export interface RunStatus {
  /** Calls per rate period (`-r`, `-rp`) asked now. */
  readonly rate: number;
  readonly paused: boolean;
  /** `-l`: open calls allowed. */
  readonly limit: number;
  readonly currentCalls: number;
  readonly peakCalls: number;
  /** When the peak was reached, ms after the start. */
  readonly peakAtMs: number;
  /** Calls created so far (outgoing for a client, incoming for a server). */
  readonly created: number;
  /** Calls the schedule wanted but `-l` refused, so far. */
  readonly skippedByLimit: number;
  /** Calls per second the schedule asks for now. */
  readonly askedCps: number;
  /** True while new calls are being opened on the schedule. */
  readonly isScheduling: boolean;
  readonly isClientMode: boolean;
  /** The latest error or warning, for the screen's last-error line ('' when none). */
  readonly lastError: string;
  readonly openSockets: number;
  readonly socketBuffers: SocketBuffers;
  /**
   * The random seed in use (`-seed`, else drawn at start): `-seed` with it replays the run's draws.
   */
  readonly seed: number;
  /** Errors reported so far and the latest one, for the summary on stderr at exit. */
  readonly errors: ErrorSummary;
}

export interface RunHandle {
  readonly config: RunConfig;
  readonly scenario: Scenario;
  readonly state: RunState;
  readonly remote?: ResolvedRemote;
  /** The main socket's protocol and bound address, for the screen. */
  readonly transport: Pick<Transport, 'protocol' | 'localAddress'>;
  start(): Promise<void>;
  setRate(callsPerPeriod: number): void;
  /** `set limit N` (runtime control); absent where the limit cannot change (`-threads`). */
  setCallLimit?(limit: number): void;
  /**
   * The TraceSink gained message hooks (`trace messages on` for a file that was off at start):
   * the engine takes them. Absent where the run cannot (`-threads`).
   */
  retraceMessages?(): void;
  pause(): void;
  resume(): void;
  softQuit(): void;
  stop(): void;
  /**
   * The statistics now, cumulative: the snapshot's period is the whole run. A front-end that
   * shows periods keeps its own with a PeriodTracker (stats/), so front-ends never share one.
   */
  snapshot(): StatsSnapshot;
  /** The run's figures now (after start() resolved). */
  status(): RunStatus;
  done(): Promise<RunResult>;
}

/** SIPp's exit code for a finished run (docs/errors.md, checked against sipp 3.6.1). */
export function sippExitCode(
  reason: RunResult['reason'],
  timedOut: boolean,
  timeoutIsError: boolean,
  s: StatsSnapshot,
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
