/**
 * `-threads N`: one Run's load on N shards, each an ordinary Run with its own engine and socket
 * (shard-runner.ts): shard 0 on the main thread (inline-shard.ts), the others on worker threads
 * (shard-worker.ts), behind the same control surface as a single Run. Besides its shard, the main
 * thread coordinates: it splits the load (load-split.ts), forwards control, owns the run-wide
 * `-timeout` and `-rate_increase` ramp, merges the statistics the shards report once a period
 * (stats-merge.ts), writes their trace text, and applies SIPp's exit-code rules to the sum.
 */
import type { Worker } from 'node:worker_threads';
import type { RunConfig } from '../config/index.ts';
import { FlagError, GossipperError } from '../errors.ts';
import { nextRampRate } from '../engine/index.ts';
import type { ExportCounts, ShardTraceFile } from '../output/index.ts';
import { NODE_TIMERS, SYSTEM_WALL_CLOCK, randomSeed } from '../platform/index.ts';
import type { TimerHandle, Timers, WallClock } from '../platform/index.ts';
import { NO_ERRORS, mergeErrorSummaries, sippExitCode } from '../run/index.ts';
import type { RunHandle, RunResult, RunState, RunStatus } from '../run/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { StatsSnapshot } from '../stats/index.ts';
import { shardConfigs, shardTickMs, splitRate } from './load-split.ts';
import { startInlineShard } from './inline-shard.ts';
import type {
  FromShard,
  ShardEndReason,
  ShardStarted,
  ShardView,
  ToShard,
} from './shard-protocol.ts';
import { ShardStatsMerger } from './stats-merge.ts';
import { startShardWorker } from './worker-launch.ts';
import type { ShardInit } from './shard-protocol.ts';

export interface ShardedRunDeps {
  /** Formatted `-trace_err` text from the shards, in arrival order (omit without -trace_err). */
  onTraceText?(text: string): void;
  /** Formatted `-trace_msg` / `-trace_shortmsg` / `-trace_logs` text from the shards. */
  onTraceFileText?(file: ShardTraceFile, text: string): void;
  /** -hep_addr: shard `index`'s latest cumulative export counts (each shard has its exporter). */
  onHepCounts?(index: number, counts: ExportCounts): void;
  /**
   * Starts one shard; tests may substitute. Default: shard 0 on this thread (inline-shard.ts),
   * the others on worker threads (worker-launch.ts).
   */
  startWorker?(init: ShardInit): Worker;
  /** Statistics timestamps and the peak's time; default the system clock. */
  wallClock?: WallClock;
  /** The run-wide `-timeout` and `-rate_increase` timers; default Node's timers. */
  timers?: Timers;
}

/** Worse reasons win when shards end differently. */
const REASON_RANK: Record<ShardEndReason, number> = {
  drained: 0,
  interrupted: 1,
  stop_now: 2,
  fatal: 3,
};

/** Refuses what shards cannot do yet, before any thread starts. */
export function assertShardable(
  config: RunConfig,
  scenario: Pick<Scenario, 'mode' | 'twin'>,
): void {
  const n = config.threads;
  if (n <= 1) return;
  if (scenario.twin !== undefined) {
    throw new FlagError(
      'CONFIG_INVALID',
      `-threads ${n} with a 3PCC scenario (sendCmd/recvCmd): a twin connection is one per run`,
      'run 3PCC scenarios with -threads 1 (the default)',
    );
  }
  if (scenario.mode === 'server') {
    throw new FlagError(
      'CONFIG_INVALID',
      `-threads ${n} with a server scenario needs every shard to receive on the same port (SO_REUSEPORT), and shards do not open their sockets that way yet`,
      'run server scenarios with -threads 1 (the default); client scenarios can use -threads',
    );
  }
  if (config.callLimit !== undefined && config.callLimit < n) {
    throw new FlagError(
      'CONFIG_INVALID',
      `-l ${config.callLimit} is below -threads ${n}: every shard needs at least one call`,
      `raise -l to at least ${n} or lower -threads`,
    );
  }
}

class Shard {
  started?: ShardStarted;
  view?: ShardView;
  ended?: ShardEndReason;
  constructor(readonly worker: Worker) {}
}

export class ShardedRun implements RunHandle {
  state: RunState = 'starting';
  remote?: ShardStarted['remote'];
  private readonly shards: Shard[] = [];
  private readonly merger: ShardStatsMerger;
  private rate: number;
  private paused = false;
  /** Shard reports received so far (a barrier for whoever waits on the shards' next word). */
  reportCount = 0;
  private peakCalls = 0;
  private peakAtMs = 0;
  private readonly wallClock: WallClock;
  private readonly timers: Timers;
  private startedAtMs: number;
  private softQuits = 0;
  private timedOut = false;
  private endReason: ShardEndReason = 'drained';
  private lastError = '';
  private timeoutTimer?: TimerHandle;
  private rampTimer?: TimerHandle;
  private readonly finished: Promise<RunResult>;
  private resolveFinished!: (r: RunResult) => void;

  /** The run's random seed (-seed, else drawn here); each shard's is derived from it. */
  private readonly seed: number;
  constructor(
    readonly config: RunConfig,
    readonly scenario: Scenario,
    private readonly deps: ShardedRunDeps = {},
  ) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
    this.seed = config.seed ?? randomSeed();
    this.wallClock = deps.wallClock ?? SYSTEM_WALL_CLOCK;
    this.timers = deps.timers ?? NODE_TIMERS;
    this.startedAtMs = this.wallClock.nowMs();
    this.merger = new ShardStatsMerger(scenario, config.threads, this.startedAtMs);
    this.rate = config.rate.callsPerPeriod;
  }

  /** Starts every shard; resolves once all have bound their sockets and started traffic. */
  async start(): Promise<void> {
    assertShardable(this.config, this.scenario);
    const reportEveryMs = Math.min(1000, Math.max(100, this.config.screenRefreshMs));
    // One seed for the run, drawn here when -seed is absent: the shards derive theirs from it, so
    // the seed the final report prints replays the whole run.
    const configs = shardConfigs({ ...this.config, seed: this.seed }, this.config.threads);
    const launch =
      this.deps.startWorker ??
      ((init: ShardInit) => (init.index === 0 ? startInlineShard(init) : startShardWorker(init)));
    const count = configs.length;
    const tickMs = shardTickMs(count);
    const starts = configs.map((config, index) => {
      const shard = new Shard(launch({ index, count, config, reportEveryMs, tickMs }));
      this.shards.push(shard);
      return this.wire(shard, index);
    });
    const outcomes = await Promise.allSettled(starts);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(this.shards.map((s) => s.worker.terminate()));
      this.state = 'done';
      throw failure.reason;
    }
    this.remote = this.shards[0].started?.remote;
    this.state = this.shards.every((s) => s.ended !== undefined) ? this.state : 'running';
    this.startedAtMs = this.wallClock.nowMs();
    this.merger.markStart(this.startedAtMs);
    this.broadcast({ type: 'go' });
    this.armRunTimers();
  }

  /** Routes one shard's messages; resolves when it started, rejects when it could not. */
  private wire(shard: Shard, index: number): Promise<void> {
    return new Promise((resolve, reject) => {
      shard.worker.on('message', (m: FromShard) => {
        if (m.type === 'started') {
          shard.started = m.started;
          resolve();
        } else if (m.type === 'failed') {
          reject(new GossipperError(m.code ?? 'RUN_FATAL', `shard ${index}: ${m.message}`, m.hint));
        } else if (m.type === 'report') {
          if (m.hep !== undefined) this.deps.onHepCounts?.(index, m.hep);
          this.onReport(shard, index, m.snapshot, m.view);
        } else if (m.type === 'trace') {
          this.deps.onTraceText?.(m.text);
        } else if (m.type === 'traceFile') {
          this.deps.onTraceFileText?.(m.file, m.text);
        } else {
          if (m.hep !== undefined) this.deps.onHepCounts?.(index, m.hep);
          this.onReport(shard, index, m.snapshot, m.view);
          this.onShardEnd(shard, m.reason);
        }
      });
      shard.worker.on('error', (err) => {
        this.lastError = `shard ${index} crashed: ${err.message}`;
        reject(new GossipperError('RUN_FATAL', this.lastError));
        this.onShardEnd(shard, 'fatal');
      });
      shard.worker.on('exit', () => {
        if (shard.ended === undefined) {
          this.lastError ||= `shard ${index} exited before its run ended`;
          reject(new GossipperError('RUN_FATAL', this.lastError));
          this.onShardEnd(shard, 'fatal');
        }
      });
    });
  }

  private onReport(shard: Shard, index: number, snapshot: StatsSnapshot, view: ShardView): void {
    shard.view = view;
    this.reportCount++;
    this.merger.add(index, snapshot);
    if (view.lastError !== '') this.lastError = view.lastError;
    // Seen at report times, so at least every shard's own peak and the sum of current calls.
    const peak = Math.max(
      this.sumOf('currentCalls'),
      ...this.shards.map((s) => s.view?.peakCalls ?? 0),
    );
    if (peak > this.peakCalls) {
      this.peakCalls = peak;
      this.peakAtMs = this.wallClock.nowMs() - this.startedAtMs;
    }
    // A shard draining on its own (the scenario's soft quit) soft-quits the whole run, as SIPp.
    if (view.state === 'draining' && this.state === 'running') this.softQuit();
  }

  private onShardEnd(shard: Shard, reason: ShardEndReason): void {
    if (shard.ended !== undefined) return;
    shard.ended = reason;
    if (REASON_RANK[reason] > REASON_RANK[this.endReason]) this.endReason = reason;
    void shard.worker.terminate();
    // A fatal error or stop_now in one shard ends the whole run, as it would a single engine.
    if (reason === 'fatal' || reason === 'stop_now') this.broadcast({ type: 'stop' });
    if (this.shards.every((s) => s.ended !== undefined)) this.finish();
  }

  private finish(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.disarmRunTimers();
    const snapshot = this.snapshot();
    const exitCode = sippExitCode(
      this.endReason,
      this.timedOut,
      this.config.timeoutIsError,
      snapshot,
    );
    this.resolveFinished({ exitCode, reason: this.endReason, timedOut: this.timedOut, snapshot });
  }

  /** `-timeout` and the `-rate_increase` ramp act on the whole run, so they live here. */
  private armRunTimers(): void {
    const c = this.config;
    if (c.runTimeoutMs > 0) {
      this.timeoutTimer = this.timers.setTimeout(() => {
        this.timeoutTimer = undefined;
        this.timedOut = true;
        this.softQuit();
      }, c.runTimeoutMs);
    }
    if (c.rate.increase > 0) {
      this.rampTimer = this.timers.setInterval(() => {
        const step = nextRampRate(this.rate, c.rate.increase, c.rate.max);
        if (step.reachedMax) {
          this.stopRamp();
          if (!c.rate.noRateQuit) this.softQuit();
        }
        this.setRate(step.rate);
      }, c.rate.intervalMs);
    }
  }

  private stopRamp(): void {
    if (this.rampTimer !== undefined) this.timers.clearInterval(this.rampTimer);
    this.rampTimer = undefined;
  }

  private disarmRunTimers(): void {
    if (this.timeoutTimer !== undefined) this.timers.clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
    this.stopRamp();
  }

  private broadcast(m: ToShard): void {
    for (const s of this.shards) if (s.ended === undefined) s.worker.postMessage(m);
  }

  /** Each shard's latest report of itself (undefined until its first). */
  views(): Array<ShardView | undefined> {
    return this.shards.map((s) => s.view);
  }

  /** Sum of one view figure over the shards that have reported. */
  sumOf(
    key:
      'rate' | 'limit' | 'currentCalls' | 'created' | 'skippedByLimit' | 'askedCps' | 'openSockets',
  ): number {
    let sum = 0;
    for (const s of this.shards) sum += s.view?.[key] ?? 0;
    return sum;
  }

  // ------------------------------------------------------------------ control surface

  setRate(callsPerPeriod: number): void {
    this.rate = Math.max(0, callsPerPeriod);
    const shares = splitRate(this.rate, this.shards.length);
    this.shards.forEach((s, i) => {
      if (s.ended === undefined)
        s.worker.postMessage({ type: 'setRate', callsPerPeriod: shares[i] } satisfies ToShard);
    });
  }
  pause(): void {
    this.paused = true;
    this.broadcast({ type: 'pause' });
  }
  resume(): void {
    this.paused = false;
    this.broadcast({ type: 'resume' });
  }
  softQuit(): void {
    if (this.state === 'done') return;
    this.softQuits++;
    this.state = 'draining';
    this.broadcast({ type: 'softQuit', nth: this.softQuits });
  }
  stop(): void {
    if (this.state === 'done') return;
    this.state = 'draining';
    this.broadcast({ type: 'stop' });
  }
  snapshot(): StatsSnapshot {
    return this.merger.snapshot(this.wallClock.nowMs());
  }
  done(): Promise<RunResult> {
    return this.finished;
  }

  // ------------------------------------------------------------------ screen figures

  get transport(): RunHandle['transport'] {
    const s = this.shards[0]?.started;
    return {
      protocol: s?.protocol ?? 'UDP',
      localAddress: { address: '', port: s?.localPort ?? 0 },
    };
  }

  /** The run's figures: this coordinator's own, and sums over the shards' latest reports. */
  status(): RunStatus {
    const first = this.shards[0]?.started?.socketBuffers;
    return {
      rate: this.rate,
      paused: this.paused,
      limit: this.sumOf('limit'),
      currentCalls: this.sumOf('currentCalls'),
      peakCalls: this.peakCalls,
      peakAtMs: this.peakAtMs,
      created: this.sumOf('created'),
      skippedByLimit: this.sumOf('skippedByLimit'),
      askedCps: this.sumOf('askedCps'),
      isScheduling: this.shards.some((s) => s.ended === undefined && s.view?.isScheduling === true),
      isClientMode: this.scenario.mode === 'client',
      lastError: this.lastError,
      openSockets: this.sumOf('openSockets'),
      socketBuffers: { ...first, isDgramIo: first?.isDgramIo ?? false, shards: this.shards.length },
      errors: mergeErrorSummaries(this.shards.map((s) => s.view?.errors ?? NO_ERRORS)),
      seed: this.seed,
    };
  }
}
