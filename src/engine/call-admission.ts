/**
 * Which calls start: client calls opened on the rate schedule (with `-m`, `-l` and catch-up after
 * a late tick), server calls admitted on a new Call-ID, and the `-rate_increase` ramp.
 */
import { runSoon } from '../platform/index.ts';
import { Counter } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { Call } from './call.ts';
import { compileCallIdFormat } from './call-id.ts';
import type { EngineCore } from './engine-core.ts';
import type { EngineDeps } from './engine-deps.ts';
import { RateScheduler, sippDefaultCallLimit } from './rate-scheduler.ts';
import { nextRampRate } from './rate-ramp.ts';
import type { UserPool } from '../injection/index.ts';
import type { ScenarioInterpreter } from './scenario-interpreter.ts';

/**
 * A late tick owes many calls at once; opening them all in one burst would queue them behind
 * each other (and at the peer) and show up as response time. The backlog is paid back at up to
 * CATCH_UP_FACTOR times the asked rate, at least MIN_CALLS_PER_TICK per tick.
 */
const CATCH_UP_FACTOR = 4;
const MIN_CALLS_PER_TICK = 10;
/** Longest shift of a call's start to when its first message left (rebaseStarts). */
const MAX_REBASE_MS = 50;

export class CallAdmission {
  readonly scheduler: RateScheduler;
  callLimit: number;
  private explicitLimit: boolean;
  private readonly makeCallId: (n: number) => string;
  private readonly remote: RemoteAddress;
  private readonly openCallSocket: EngineDeps['openCallSocket'];
  private nextRampMs: number;
  /** RANDOM injection files draw from the run's Rng. */
  private readonly draw = (): number => this.core.ctx.rng.next();
  /** Client calls made this turn; their start moves to when their messages left (rebaseStarts). */
  private readonly startedThisTurn: Call[] = [];
  private rebaseQueued = false;
  /**
   * Runs as a microtask queued after the transport's send flush (which was queued by the first
   * send of the turn): a call's response-time timers then start when its INVITE left, not when
   * it was rendered earlier in a busy tick. Measured against a tcpdump, that was 0.1–0.7 ms.
   */
  private readonly rebaseStarts = (): void => {
    this.rebaseQueued = false;
    const now = this.core.ctx.clock.now();
    for (const call of this.startedThisTurn) {
      // A turn lasts far less; a larger gap means a driver that never yielded between turns
      // (a simulated clock in tests), and then the start stays as it was.
      if (now - call.startMs <= MAX_REBASE_MS) call.rebaseStart(now);
    }
    this.startedThisTurn.length = 0;
  };

  constructor(
    private readonly core: EngineCore,
    private readonly interpreter: ScenarioInterpreter,
    deps: EngineDeps,
  ) {
    const cfg = deps.config;
    const now = core.startMs;
    this.remote = deps.remote;
    this.openCallSocket = deps.openCallSocket;
    this.makeCallId = compileCallIdFormat(cfg.callIdFormat, deps.ctx.engineId, deps.ctx.localIp);
    this.scheduler = new RateScheduler(cfg.rate.callsPerPeriod, cfg.rate.periodMs, now);
    this.explicitLimit = cfg.callLimit !== undefined;
    this.callLimit = cfg.callLimit ?? this.defaultLimit(cfg.rate.callsPerPeriod);
    this.nextRampMs = cfg.rate.increase > 0 ? now + cfg.rate.intervalMs : Infinity;
  }

  setRate(callsPerPeriod: number): void {
    this.scheduler.setRate(callsPerPeriod, this.core.ctx.clock.now());
    if (!this.explicitLimit) this.callLimit = this.defaultLimit(callsPerPeriod);
    this.core.events.onWork?.();
  }

  /** `set limit N` (runtime control): from then on the limit no longer follows the rate. */
  setCallLimit(limit: number): void {
    this.explicitLimit = true;
    this.callLimit = limit;
    this.core.events.onWork?.();
  }

  /** A new program: SIPp's default `-l` follows its pauses (unless `-l` was given). */
  onProgramChanged(): void {
    if (!this.explicitLimit) this.callLimit = this.defaultLimit(this.scheduler.rate);
  }

  /** One `-rate_increase` step when its interval is up (nextRampRate). */
  rampIfDue(now: number): void {
    if (now < this.nextRampMs) return;
    const r = this.core.cfg.rate;
    this.nextRampMs = now + r.intervalMs;
    const step = nextRampRate(this.scheduler.rate, r.increase, r.max);
    if (step.reachedMax) {
      this.nextRampMs = Infinity;
      if (!r.noRateQuit) this.core.events.onSoftQuitRequested();
    }
    this.setRate(step.rate);
  }

  /** A new Call-ID asks a server for a call. */
  admitIncoming(callId: string, from: RemoteAddress, via: Transport): Call {
    const core = this.core;
    core.created++;
    core.program.stats.count(Counter.IncomingCall);
    const call = new Call(
      core.ctx,
      core.program,
      core.created,
      callId,
      via,
      { address: from.address, port: from.port },
      core.now(),
    );
    const injection = core.ctx.injection;
    if (injection) call.injectionLines = injection.chooseLines(0, this.draw);
    core.addCall(call);
    return call;
  }

  /** Users mode: a call for every user without one (no rate, no -l), up to -m. */
  private openUserCalls(now: number, pool: UserPool): void {
    const core = this.core;
    let due = pool.free;
    const max = core.cfg.maxCalls;
    if (max !== undefined && core.created + due > max) due = max - core.created;
    for (let i = 0; i < due; i++) this.startClientCall(now, pool.take());
    if (core.maxReached()) core.drain();
  }

  openDueCalls(now: number): void {
    const core = this.core;
    if (core.userPool !== null) return this.openUserCalls(now, core.userPool);
    let due = this.scheduler.take(now) + core.backlog;
    core.backlog = 0;
    if (due <= 0) return;
    const max = core.cfg.maxCalls;
    if (max !== undefined && core.created + due > max) due = max - core.created;
    const room = this.callLimit - (core.calls.size + core.pendingSockets);
    if (due > room) {
      // SIPp skips calls the limit does not allow; they still count against the schedule.
      core.program.stats.count(Counter.CallsSkippedByLimit, due - Math.max(room, 0));
      core.skippedByLimit += due - Math.max(room, 0);
      this.scheduler.skip(due - Math.max(room, 0));
      due = Math.max(room, 0);
    }
    const perTick = Math.max(
      MIN_CALLS_PER_TICK,
      Math.ceil((this.scheduler.callsPerSecond * CATCH_UP_FACTOR) / 1000),
    );
    if (due > perTick) {
      core.backlog = due - perTick;
      due = perTick;
    }
    for (let i = 0; i < due; i++) this.startClientCall(now, 0, this.scheduler.nextDueMs(now));
    if (core.maxReached()) core.drain();
  }

  /** `dueMs`: when the rate schedule wanted this call started (users mode: now). */
  private startClientCall(now: number, userId = 0, dueMs = now): void {
    const core = this.core;
    const n = ++core.created;
    core.program.stats.count(Counter.OutgoingCall);
    const open = this.openCallSocket;
    if (!open) {
      // Started at the tick's time; rebaseStarts moves it to when the INVITE left.
      const call = new Call(
        core.ctx,
        core.program,
        n,
        this.makeCallId(n),
        core.transport,
        this.remote,
        now,
      );
      call.dueMs = dueMs;
      this.launch(call, userId);
      return;
    }
    core.pendingSockets++;
    // The program current when the call was due, even if another is swapped in meanwhile.
    const program = core.program;
    // Chosen now (SIPp picks them as it creates the call): `-t ui` opens by one of their fields.
    const injection = core.ctx.injection;
    const lines = injection ? injection.chooseLines(userId, this.draw) : null;
    open(lines).then(
      (sock) => {
        core.pendingSockets--;
        const call = new Call(
          core.ctx,
          program,
          n,
          this.makeCallId(n),
          sock,
          this.remote,
          core.ctx.clock.now(),
        );
        call.dueMs = dueMs;
        this.launch(call, userId, lines);
      },
      (err: Error) => {
        core.pendingSockets--;
        core.userPool?.release(userId);
        program.stats.count(Counter.FailedCall);
        // SIPp 3.6.1 (`-t tn` to a closed port) counts a connection it cannot open as TCP closed.
        program.stats.count(
          core.transport.isReliable ? Counter.FailedTcpClosed : Counter.FailedCannotSendMessage,
        );
        core.reportError(`cannot open a socket for call ${n}: ${err.message}`);
        core.checkDone();
      },
    );
  }

  private launch(call: Call, userId: number, lines?: Int32Array | null): void {
    // The user and the injection lines are the call's from its creation (SIPp's call::init).
    call.userId = userId;
    const injection = this.core.ctx.injection;
    if (lines !== undefined) call.injectionLines = lines;
    else if (injection) call.injectionLines = injection.chooseLines(userId, this.draw);
    this.core.addCall(call);
    this.interpreter.run(call);
    if (call.ended) return;
    this.startedThisTurn.push(call);
    if (!this.rebaseQueued) {
      this.rebaseQueued = true;
      runSoon(this.rebaseStarts);
    }
  }

  private defaultLimit(callsPerPeriod: number): number {
    const cfg = this.core.cfg;
    return sippDefaultCallLimit(
      this.core.program.scenario,
      cfg.defaultPauseMs,
      callsPerPeriod,
      cfg.rate.periodMs,
    );
  }
}
