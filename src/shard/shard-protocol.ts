/**
 * Messages between the coordinator (main thread) and a shard (worker thread). They flow once
 * per report period (statistics, trace text) or once per control action — never per SIP
 * message — and are plain structured-clone data.
 */
import type { RunConfig } from '../config/index.ts';
import type { ErrorCode } from '../errors.ts';
import type { ExportCounts, ShardTraceFile } from '../output/index.ts';
import type { StatsSnapshot } from '../stats/index.ts';
import type { Transport } from '../transport/index.ts';
import type { RunState, RunStatus, SocketBuffers } from '../run/index.ts';

/** `workerData` of a shard. */
export interface ShardInit {
  readonly index: number;
  readonly count: number;
  /** This shard's share of the run (load-split.ts). */
  readonly config: RunConfig;
  /** How often the shard sends its statistics. */
  readonly reportEveryMs: number;
  /** The shard's tick period (ms): shardTickMs(count), see load-split.ts. */
  readonly tickMs: number;
}

/** Coordinator → shard: the Run control surface, and `go` once every shard has started. */
export type ToShard =
  | { readonly type: 'go' }
  | { readonly type: 'setRate'; readonly callsPerPeriod: number }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  /** `nth` soft quit of the whole run: 1 drains, 2 aborts the open calls. */
  | { readonly type: 'softQuit'; readonly nth: number }
  | { readonly type: 'stop' };

/** One shard's run at report time: its state and status. */
export interface ShardView extends RunStatus {
  readonly state: RunState;
}

export interface ShardStarted {
  readonly localPort: number;
  readonly protocol: Transport['protocol'];
  readonly socketBuffers: SocketBuffers;
  readonly remote?: { host: string; ip: string; port: number; family: 4 | 6 };
}

export type ShardEndReason = 'drained' | 'stop_now' | 'fatal' | 'interrupted';

/** Shard → coordinator. */
export type FromShard =
  | { readonly type: 'started'; readonly started: ShardStarted }
  | {
      readonly type: 'failed';
      readonly code: ErrorCode | undefined;
      readonly message: string;
      readonly hint?: string;
    }
  /**
   * The shard's cumulative statistics (the merger sums the shards' latest reports), and with
   * -hep_addr its own exporter's cumulative counts.
   */
  | {
      readonly type: 'report';
      readonly snapshot: StatsSnapshot;
      readonly view: ShardView;
      readonly hep?: ExportCounts;
    }
  /** Formatted `-trace_err` text, batched by the shard's own error log. */
  | { readonly type: 'trace'; readonly text: string }
  /** Formatted `-trace_msg` / `-trace_shortmsg` / `-trace_logs` text (shard-traces.ts). */
  | { readonly type: 'traceFile'; readonly file: ShardTraceFile; readonly text: string }
  | {
      readonly type: 'done';
      readonly reason: ShardEndReason;
      readonly snapshot: StatsSnapshot;
      readonly view: ShardView;
      /** -hep_addr: the final counts, after the shard's exporter flushed and closed. */
      readonly hep?: ExportCounts;
    };
