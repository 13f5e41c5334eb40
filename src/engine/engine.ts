/**
 * The engine: creates calls at the scheduled rate (client) or on new Call-IDs (server), runs
 * each through the scenario, matches incoming messages by Call-ID, retransmits over UDP and
 * applies SIPp's default behaviours. It knows nothing of terminals, files or HTTP: it reports
 * to a StatsSink and a TraceSink and is driven by `tick()` (wall clock or a fake one).
 *
 * Longer than the usual file budget because the call state machine reads best in one place;
 * matching, default messages, actions and timers live in their own modules.
 */
import type { RunConfig } from '../config/index.ts';
import { TemplateRenderer } from '../scenario/index.ts';
import type { Command, PauseCommand, RecvCommand, Scenario, SendCommand, Template } from '../scenario/index.ts';
import { isParseFailure, parseSipMessage } from '../sip/index.ts';
import type { SipMessage } from '../sip/index.ts';
import { Counter, StepEvent } from '../stats/index.ts';
import type { CounterId, StatsSink } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { ActionOutcome, assertActionsSupported, runActions } from './actions.ts';
import type { ActionHost, ActionOutcomeId } from './actions.ts';
import { Call, TimerKind, WaitKind, keptBytes } from './call.ts';
import { lastMessageNeededAt } from './last-message-use.ts';
import { compileCallIdFormat } from './call-id.ts';
import { DeadCalls } from './dead-calls.ts';
import { abortMessages } from './abort-messages.ts';
import { buildAck, buildOk, contactUri } from './default-messages.ts';
import { RateScheduler, sippDefaultCallLimit } from './rate-scheduler.ts';
import { NO_MATCH, lateMatch, matchRecv } from './recv-matcher.ts';
import type { RunContext } from './run-context.ts';
import type { Rng } from './rng.ts';
import { Timer, TimerWheel } from './timer-wheel.ts';
import { runProbe, runTemplates } from './run-templates.ts';
import type { TraceSink } from './trace-sink.ts';
import { runSoon } from '../platform/index.ts';

/** The slice of RunConfig the engine reads. */
export type EngineConfig = Pick<
  RunConfig,
  | 'rate' | 'callLimit' | 'maxCalls' | 'defaultPauseMs' | 'recvTimeoutMs' | 'retrans' | 'callIdFormat'
  | 'autoAnswer' | 'defaultBehaviors' | 'deadCallWaitMs'
>;

export interface EngineEvents {
  /** Draining finished (or `-m` reached and every call ended): the run is over. */
  onDone(reason: 'drained' | 'stop_now' | 'fatal'): void;
  /** The scenario asked for a soft quit (`stop_gracefully`, `-rate_max` reached). */
  onSoftQuitRequested(): void;
  /**
   * There is work for tick() again (a timer on an empty wheel, the call schedule resumed) after
   * tick() answered that it was not needed every millisecond.
   */
  onWork?(): void;
}

export interface EngineDeps {
  scenario: Scenario;
  config: EngineConfig;
  ctx: RunContext;
  /** Shared socket (`-t u1`; with `-t un` it still receives out-of-call traffic). */
  transport: Transport;
  /** Where new client calls send to (`-rsa`, else the remote host). */
  remote: RemoteAddress;
  /** `-t un`: a fresh socket per client call; undefined = share `transport`. */
  openCallSocket?: () => Promise<Transport>;
  stats: StatsSink;
  trace: TraceSink;
  events: EngineEvents;
}

export type EngineState = 'running' | 'draining' | 'done';

/**
 * A late tick owes many calls at once; opening them all in one burst would queue them behind
 * each other (and at the peer) and show up as response time. The backlog is paid back at up to
 * CATCH_UP_FACTOR times the asked rate, at least MIN_CALLS_PER_TICK per tick.
 */
const CATCH_UP_FACTOR = 4;
const MIN_CALLS_PER_TICK = 10;
const DEAD_CALL_SWEEP_MS = 100;
/** The shortest sleep of the ticker between timers (see nextTickInMs). */
const MIN_NAP_MS = 5;
/** Longest shift of a call's start to when its first message left (Engine.rebaseStarts). */
const MAX_REBASE_MS = 50;
/** Pauses at least this long compact what the call keeps (Call.compactKept). */
const LONG_PAUSE_MS = 100;

/** An abort reads the last message only for the ACK still owed to a 2xx answer. */
function abortNeedsAnswer(call: Call): boolean {
  return call.inviteRaw !== null && call.inviteFinalStatus >= 200 && call.inviteFinalStatus < 300 && !call.ackSent;
}
const AUTO_ANSWER_METHODS = new Set(['INFO', 'NOTIFY', 'OPTIONS', 'UPDATE']);

export class Engine implements ActionHost {
  readonly scenario: Scenario;
  private readonly commands: ReadonlyArray<Command>;
  /** By command index: may a call waiting there still read its last message? (last-message-use.ts) */
  private readonly lastNeededAt: boolean[];
  private readonly cfg: EngineConfig;
  private readonly ctx: RunContext;
  private readonly rng: Rng;
  private readonly deps: EngineDeps;
  private readonly stats: StatsSink;
  private readonly trace: TraceSink;
  private readonly wheel: TimerWheel<Call>;
  private readonly calls = new Map<string, Call>();
  private readonly deadCalls: DeadCalls;
  private readonly makeCallId: (n: number) => string;
  private readonly scheduler: RateScheduler;
  private readonly isClient: boolean;
  /** Send templates with run constants folded in, by command index. */
  private readonly templates: Array<Template | undefined>;
  /** Every message this engine sends is rendered here (its scratch is the engine's own). */
  private readonly renderer = new TemplateRenderer();

  state: EngineState = 'running';
  paused = false;
  /** Calls created so far (outgoing for a client, incoming for a server). */
  created = 0;
  /** Calls the schedule wanted but `-l` refused. */
  skippedByLimit = 0;
  peakCalls = 0;
  peakAtMs = 0;
  readonly startMs: number;
  private backlog = 0;
  private pendingSockets = 0;
  private lastSweepMs: number;
  /**
   * When the message being handled reached the host (the kernel's receive timestamp, when the
   * transport has one): response times and RTDs end there, so the time a datagram waited for
   * our event loop is not charged to the system under test.
   */
  private arrivalMs = 0;
  /** The current message's or tick's time (see now()); -1 outside them. */
  private turnNow = -1;
  /** Client calls made in this turn, whose start moves to when their messages left (rebaseStarts). */
  private readonly startedThisTurn: Call[] = [];
  private rebaseQueued = false;
  /**
   * Runs as a microtask queued after the transport's send flush (which was queued by the first
   * send of the turn): a call's response-time timers then start when its INVITE left, not when
   * it was rendered earlier in a busy tick. Measured against a tcpdump, that was 0.1–0.7 ms.
   */
  private readonly rebaseStarts = (): void => {
    this.rebaseQueued = false;
    const now = this.ctx.clock.now();
    for (const call of this.startedThisTurn) {
      // A turn lasts far less; a larger gap means a driver that never yielded between turns
      // (a simulated clock in tests), and then the start stays as it was.
      if (now - call.startMs <= MAX_REBASE_MS) call.rebaseStart(now);
    }
    this.startedThisTurn.length = 0;
  };
  /** The message being handled, lent by the transport, and its hash when the transport gave one. */
  private lent: Buffer | null = null;
  private lentHash: number | undefined = undefined;
  /** The call that matched the lent message (it may hold it as its last message). */
  private lentTo: Call | null = null;
  private callLimit: number;
  private readonly explicitLimit: boolean;
  private nextRampMs: number;
  private lastErrorText = '';

  constructor(deps: EngineDeps) {
    assertActionsSupported(deps.scenario);
    this.deps = deps;
    this.scenario = deps.scenario;
    this.commands = deps.scenario.commands;
    this.lastNeededAt = lastMessageNeededAt(deps.scenario);
    this.cfg = deps.config;
    this.ctx = deps.ctx;
    this.rng = deps.ctx.rng;
    this.stats = deps.stats;
    this.trace = deps.trace;
    this.isClient = deps.scenario.mode === 'client';
    this.templates = runTemplates(this.commands, runProbe(deps.ctx, deps.transport), deps.openCallSocket !== undefined);
    const now = deps.ctx.clock.now();
    this.startMs = now;
    this.lastSweepMs = now;
    this.wheel = new TimerWheel<Call>(now, (t, at) => this.onTimer(t, at));
    const onWork = deps.events.onWork;
    if (onWork) this.wheel.onArm = onWork;
    this.deadCalls = new DeadCalls(deps.config.deadCallWaitMs);
    this.makeCallId = compileCallIdFormat(deps.config.callIdFormat, deps.ctx.engineId, deps.ctx.localIp);
    this.scheduler = new RateScheduler(deps.config.rate.callsPerPeriod, deps.config.rate.periodMs, now);
    this.explicitLimit = deps.config.callLimit !== undefined;
    this.callLimit = deps.config.callLimit ?? this.defaultLimit(deps.config.rate.callsPerPeriod);
    this.nextRampMs = deps.config.rate.increase > 0 ? now + deps.config.rate.intervalMs : Infinity;
  }

  // ------------------------------------------------------------------ control surface

  get currentCalls(): number {
    return this.calls.size + this.pendingSockets;
  }
  get limit(): number {
    return this.callLimit;
  }
  get rate(): number {
    return this.scheduler.rate;
  }
  get deadCallCount(): number {
    return this.deadCalls.size;
  }
  get isClientMode(): boolean {
    return this.isClient;
  }
  /** Calls per second the schedule asks for now. */
  get askedCps(): number {
    return this.scheduler.callsPerSecond;
  }
  /** True while new calls are being opened on the schedule. */
  get isScheduling(): boolean {
    return this.isClient && this.state === 'running' && !this.paused && !this.maxReached();
  }
  /** The latest error or warning, for the screen's last-error line ('' when none). */
  get lastError(): string {
    return this.lastErrorText;
  }

  /**
   * The one way an error is reported: it becomes the last error (`text`) and a trace entry
   * (`traceText`, which may say more, as the received message). The run's own errors (sockets,
   * lost connections) come through here too.
   */
  reportError(text: string, traceText = text): void {
    this.lastErrorText = text;
    this.trace.error(traceText);
  }

  setRate(callsPerPeriod: number): void {
    this.scheduler.setRate(callsPerPeriod, this.ctx.clock.now());
    if (!this.explicitLimit) this.callLimit = this.defaultLimit(callsPerPeriod);
    this.deps.events.onWork?.();
  }

  setPaused(paused: boolean): void {
    if (this.paused && !paused) this.scheduler.setRate(this.scheduler.rate, this.ctx.clock.now());
    this.paused = paused;
    if (!paused) this.deps.events.onWork?.();
  }

  /** Soft quit: no new calls; open calls run to completion (SIPp's `q`, SIGUSR1, -timeout). */
  drain(): void {
    if (this.state !== 'running') return;
    this.state = 'draining';
    this.checkDone();
  }

  /** Hard quit: abort every open call (with CANCEL/BYE when the `bye` behaviour is on). */
  abortAll(): void {
    // Draining before the aborts, so the last call's end reports done exactly once (and a run
    // already done stays done).
    if (this.state === 'running') this.state = 'draining';
    for (const call of [...this.calls.values()]) this.abort(call, null, Counter.FailedCallRejected);
    this.checkDone();
  }

  /**
   * One scheduler step: fire due timers, open due calls, sweep dead calls. Returns in how many
   * ms it is needed again (see nextTickInMs).
   */
  tick(): number {
    const now = this.ctx.clock.now();
    this.turnNow = now;
    try {
      this.runTick(now);
    } finally {
      this.turnNow = -1;
    }
    return this.nextTickInMs();
  }

  /**
   * 1 (SIPp's timer resolution) while the call schedule or sockets being opened are live, or a
   * timer is due within MIN_NAP_MS; else until the first timer due (at most the dead-call sweep
   * period); Infinity when nothing is left, as in a server waiting for its first call. An idle
   * server ticking every ms cost 6% of a core (SIPp idles at 2%). Work arriving sooner is
   * announced through events.onWork (the wheel's onArm, resume, a new rate).
   */
  private nextTickInMs(): number {
    let inMs: number;
    if (this.isScheduling || this.backlog > 0 || this.pendingSockets > 0) inMs = 1;
    else if (this.wheel.pending > 0) inMs = this.wheel.msUntilNextSlot(DEAD_CALL_SWEEP_MS);
    else inMs = this.deadCalls.size > 0 ? DEAD_CALL_SWEEP_MS : Infinity;
    // Short naps are not worth leaving the 1 ms interval for.
    if (inMs < MIN_NAP_MS) inMs = 1;
    this.wheel.expectAdvanceIn(inMs);
    return inMs;
  }

  private runTick(now: number): void {
    this.wheel.advance(now);
    if (this.state === 'running' && this.isClient && !this.paused) this.openDueCalls(now);
    if (now >= this.nextRampMs) this.ramp(now);
    if (now - this.lastSweepMs >= DEAD_CALL_SWEEP_MS) {
      this.lastSweepMs = now;
      this.deadCalls.sweep(now);
    }
  }

  /**
   * A stream connection closed under its calls (SIPp's "TCP closed"): each call on it fails,
   * except one in its timewait, which had already succeeded (SIPp's terminate()). Returns how
   * many failed.
   */
  failCallsOn(via: Transport): number {
    let failed = 0;
    // Deleting the entry being visited is safe while iterating a Map.
    for (const call of this.calls.values()) {
      if (call.socket !== via) continue;
      const isDone = call.waitKind === WaitKind.Timewait;
      if (!isDone) failed++;
      this.endCall(call, isDone ? Counter.SuccessfulCall : Counter.FailedTcpClosed);
    }
    return failed;
  }

  // ------------------------------------------------------------------ receive path

  /**
   * Transport handler: one message in, lent for the duration of the call (the transport may
   * reuse the memory after). Never throws on bad input.
   */
  onDatagram(buf: Buffer, from: RemoteAddress, via: Transport, ageMs = 0, hash?: number): void {
    const now = this.ctx.clock.now();
    this.turnNow = now;
    this.arrivalMs = now - ageMs;
    this.lent = buf;
    this.lentHash = hash;
    try {
      this.handle(buf, from, via);
    } finally {
      // A call still holding the lent bytes without having waited (it should not happen: every
      // path that keeps a call alive ends in a wait) gets a copy rather than a dangling view.
      const call = this.lentTo;
      if (call !== null && !call.ended && call.lastRecvRaw === buf) call.keepLastRecv();
      this.lentTo = null;
      this.lent = null;
      this.turnNow = -1;
    }
  }

  /**
   * The time now: read once per received message or tick and shared by everything done for it
   * (a clock read per timer, counter and call state change added up).
   */
  private now(): number {
    return this.turnNow >= 0 ? this.turnNow : this.ctx.clock.now();
  }

  private handle(buf: Buffer, from: RemoteAddress, via: Transport): void {
    const parsed = parseSipMessage(buf);
    if (isParseFailure(parsed)) {
      this.stats.count(Counter.MalformedMessages);
      this.trace.malformed(buf, from, parsed.reason);
      return;
    }
    let callId = parsed.callId();
    const slashes = callId.indexOf('///');
    if (slashes >= 0) callId = callId.slice(slashes + 3);
    const call = this.calls.get(callId);
    if (call) {
      this.onCallMessage(call, parsed, buf);
      return;
    }
    this.onUnknownCallId(parsed, callId, from, via);
  }

  private onUnknownCallId(msg: SipMessage, callId: string, from: RemoteAddress, via: Transport): void {
    if (this.deadCalls.has(callId, this.now())) {
      this.stats.count(Counter.DeadCallMsgs);
      return;
    }
    if (!this.isClient && this.state === 'running' && msg.isRequest && msg.method !== 'ACK' && !this.maxReached()) {
      this.created++;
      this.stats.count(Counter.IncomingCall);
      const call = new Call(this.ctx, this.created, callId, via, { address: from.address, port: from.port },
        this.now(), this.scenario.rtdNames.length);
      this.addCall(call);
      this.onCallMessage(call, msg, msg.raw);
      return;
    }
    if (msg.isRequest && this.cfg.autoAnswer && AUTO_ANSWER_METHODS.has(msg.method)) {
      via.send(buildOk(msg, ''), from);
      this.stats.count(Counter.AutoAnswered);
      return;
    }
    this.stats.count(Counter.OutOfCallMsgs);
    this.trace.error(`Discarding message which can't be mapped to a known SIPp call:\n${msg.raw.toString('latin1')}`);
  }

  private onCallMessage(call: Call, msg: SipMessage, raw: Buffer): void {
    // The peer retransmitted what we already matched: answer with what followed it, once more.
    if (this.cfg.retrans.enabled && call.hasLastRecv && call.isLastRecv(raw, raw === this.lent ? this.lentHash : undefined)) {
      this.stats.count(Counter.Retransmissions);
      this.stats.step(call.lastRecvIndex, StepEvent.Retrans);
      if (call.replyToLastRecv !== null) call.socket.send(keptBytes(call.replyToLastRecv), call.remote);
      return;
    }
    if (!msg.isRequest) {
      // §3.5: any response, expected or not, updates the peer tag (an abort's BYE needs it).
      const tag = msg.toTag();
      if (tag !== '') call.peerTag = tag;
    }
    const m = matchRecv(this.commands, call.index, msg);
    if (m === NO_MATCH) {
      this.onUnexpected(call, msg);
      return;
    }
    if (m < 0) {
      this.onLateMessage(call, msg, lateMatch(m));
      return;
    }
    this.onMatched(call, this.commands[m] as RecvCommand, msg, raw);
  }

  private onMatched(call: Call, cmd: RecvCommand, msg: SipMessage, raw: Buffer): void {
    if (cmd.lostPercent !== undefined && this.rng.next() * 100 < cmd.lostPercent) {
      this.stats.step(cmd.index, StepEvent.Lost);
      return;
    }
    this.wheel.cancel(call.waitTimer);
    call.waitKind = WaitKind.None;
    call.index = cmd.index;
    this.stats.step(cmd.index, StepEvent.Message);
    this.stopRetransOn(call, msg);
    if (msg.isRequest) {
      const n = msg.cseqNumber();
      if (n > call.cseq) call.cseq = n;
    }
    const cseqMethod = msg.cseqMethod();
    if (!msg.isRequest && cseqMethod === 'INVITE') {
      if (msg.statusCode >= 200) call.inviteFinalStatus = msg.statusCode;
      call.inviteRinging = msg.statusCode < 200;
    } else call.inviteRinging = false;
    call.lastMessage = msg;
    call.lastRecvRaw = raw;
    call.lastRecvLength = -1;
    call.lastRecvIndex = cmd.index;
    call.lastRecvCseqMethod = cseqMethod;
    call.replyToLastRecv = null;
    this.lentTo = call;
    if (cmd.rrs && call.routes === '') this.recordRoutes(call, msg);
    if (this.afterCommand(call, cmd, this.arrivalMs)) this.run(call);
  }

  /** RFC 3261 §17.1.1.2/§17.1.2.2: a provisional stops INVITE retransmission, moves non-INVITE to T2. */
  private stopRetransOn(call: Call, msg: SipMessage): void {
    if (call.retransBuf === null) return;
    if (!msg.isRequest && msg.statusCode < 200) {
      if (call.retransIsRequest && !call.retransIsInvite) {
        call.retransIntervalMs = this.cfg.retrans.t2Ms;
        return;
      }
      if (!call.retransIsRequest) return;
    }
    call.retransBuf = null;
    this.wheel.cancel(call.retransTimer);
  }

  private recordRoutes(call: Call, msg: SipMessage): void {
    const rr = msg.headerValues('Record-Route');
    if (rr.length > 0) call.routes = (msg.isRequest ? rr : [...rr].reverse()).join(', ');
    call.nextUrl = contactUri(msg) ?? '';
  }

  /** An earlier step matched again: a late retransmission; re-ACK a final response to INVITE. */
  private onLateMessage(call: Call, msg: SipMessage, index: number): void {
    this.stats.count(Counter.Retransmissions);
    this.stats.step(index, StepEvent.Retrans);
    if (!msg.isRequest && msg.statusCode >= 200 && msg.cseqMethod() === 'INVITE' && call.inviteRaw !== null) {
      const ack = buildAck(keptBytes(call.inviteRaw), msg, `${this.ctx.engineId}-${call.callNumber}-ack`);
      if (ack) call.socket.send(ack, call.remote);
    }
  }

  private onUnexpected(call: Call, msg: SipMessage): void {
    const idx = Math.min(call.index, this.commands.length - 1);
    const unexpLabel = this.scenario.labels.get('_unexp.main');
    if (msg.isRequest && this.cfg.autoAnswer && AUTO_ANSWER_METHODS.has(msg.method)) {
      call.socket.send(buildOk(msg, ''), call.remote);
      this.stats.count(Counter.AutoAnswered);
      return;
    }
    if (msg.isRequest && msg.method === 'PING' && this.cfg.defaultBehaviors.pingReply) {
      call.socket.send(buildOk(msg, ''), call.remote);
      return;
    }
    this.stats.step(idx, StepEvent.Unexpected);
    if (unexpLabel !== undefined) {
      call.setVariable('_unexp.retaddr', String(call.index));
      this.jump(call, unexpLabel);
      return;
    }
    const b = this.cfg.defaultBehaviors;
    if (!b.abortUnexpected) {
      this.warning(call, `Continuing call on unexpected message for Call-Id '${call.callId}'`);
      return;
    }
    const text = `Aborting call on unexpected message for Call-Id '${call.callId}': while expecting '${this.expecting(idx)}' (index ${idx})`;
    this.reportError(text, `${text}, received '${msg.raw.toString('latin1')}'`);
    if (msg.isRequest && (msg.method === 'BYE' || msg.method === 'CANCEL')) {
      if (b.bye) call.socket.send(buildOk(msg, ''), call.remote);
      this.endCall(call, Counter.FailedUnexpectedMessage);
      return;
    }
    this.abort(call, msg, Counter.FailedUnexpectedMessage);
  }

  private expecting(idx: number): string {
    const c = this.commands[idx];
    if (c?.kind === 'recv') return c.request ?? String(c.response);
    return c?.kind ?? '';
  }

  // ------------------------------------------------------------------ call execution

  private openDueCalls(now: number): void {
    let due = this.scheduler.take(now) + this.backlog;
    this.backlog = 0;
    if (due <= 0) return;
    const max = this.cfg.maxCalls;
    if (max !== undefined && this.created + due > max) due = max - this.created;
    const room = this.callLimit - this.currentCalls;
    if (due > room) {
      // SIPp skips calls the limit does not allow; they still count against the schedule.
      this.stats.count(Counter.CallsSkippedByLimit, due - Math.max(room, 0));
      this.skippedByLimit += due - Math.max(room, 0);
      due = Math.max(room, 0);
    }
    const perTick = Math.max(MIN_CALLS_PER_TICK, Math.ceil((this.scheduler.callsPerSecond * CATCH_UP_FACTOR) / 1000));
    if (due > perTick) {
      this.backlog = due - perTick;
      due = perTick;
    }
    for (let i = 0; i < due; i++) this.startClientCall(now);
    if (this.maxReached()) this.drain();
  }

  private startClientCall(now: number): void {
    const n = ++this.created;
    this.stats.count(Counter.OutgoingCall);
    const open = this.deps.openCallSocket;
    if (!open) {
      // Started at the tick's time; rebaseStarts moves it to when the INVITE left.
      this.launch(new Call(this.ctx, n, this.makeCallId(n), this.deps.transport, this.deps.remote, now, this.scenario.rtdNames.length));
      return;
    }
    this.pendingSockets++;
    open().then(
      (sock) => {
        this.pendingSockets--;
        this.launch(new Call(this.ctx, n, this.makeCallId(n), sock, this.deps.remote, this.ctx.clock.now(), this.scenario.rtdNames.length));
      },
      (err: Error) => {
        this.pendingSockets--;
        this.stats.count(Counter.FailedCall);
        this.stats.count(Counter.FailedCannotSendMessage);
        this.reportError(`cannot open a socket for call ${n}: ${err.message}`);
        this.checkDone();
      },
    );
  }

  private launch(call: Call): void {
    this.addCall(call);
    this.run(call);
    if (call.ended) return;
    this.startedThisTurn.push(call);
    if (!this.rebaseQueued) {
      this.rebaseQueued = true;
      runSoon(this.rebaseStarts);
    }
  }

  private addCall(call: Call): void {
    this.calls.set(call.callId, call);
    if (this.calls.size > this.peakCalls) {
      this.peakCalls = this.calls.size;
      this.peakAtMs = this.now() - this.startMs;
    }
  }

  /** Executes commands from the call's position until it must wait (recv, pause) or ends. */
  private run(call: Call): void {
    const cmds = this.commands;
    while (!call.ended) {
      if (call.index >= cmds.length) {
        this.endCall(call, Counter.SuccessfulCall);
        return;
      }
      const cmd = cmds[call.index];
      if (cmd.condExec !== undefined && this.isSet(call, cmd.condExec) === cmd.condExecInverse) {
        call.index++;
        continue;
      }
      switch (cmd.kind) {
        case 'send':
          if (!this.execSend(call, cmd)) return;
          break;
        case 'recv':
          this.enterRecv(call, cmd);
          return;
        case 'pause':
          if (this.enterPause(call, cmd)) return;
          break;
        case 'nop':
          this.stats.step(cmd.index, StepEvent.Message);
          if (!this.afterCommand(call, cmd)) return;
          break;
      }
    }
  }

  /** Returns false when the call ended (send failure, action) and must not continue. */
  private execSend(call: Call, cmd: SendCommand): boolean {
    const t = cmd.template;
    if (t.isRequest && t.method !== 'ACK' && t.method !== 'CANCEL') call.cseq++;
    call.msgIndex = cmd.index;
    const buf = this.renderer.render(this.templates[cmd.index] ?? t, call);
    if (cmd.lostPercent !== undefined && this.rng.next() * 100 < cmd.lostPercent) {
      this.stats.step(cmd.index, StepEvent.Lost);
    } else {
      call.socket.send(buf, call.remote);
    }
    this.stats.step(cmd.index, StepEvent.Message);
    if (call.replyToLastRecv === null && call.hasLastRecv) call.replyToLastRecv = buf;
    if (t.isRequest) {
      if (t.method === 'INVITE') {
        call.inviteRaw = buf;
        call.inviteFinalStatus = 0;
        call.ackSent = false;
      } else if (t.method === 'ACK') call.ackSent = true;
    }
    // SIPp's docs, "Transport mode": retransmissions apply to UDP only; a stream transport delivers.
    if (cmd.retransMs !== undefined && this.cfg.retrans.enabled && !call.socket.isReliable) {
      call.retransBuf = buf;
      call.retransIndex = cmd.index;
      call.retransCount = 0;
      call.retransIntervalMs = cmd.retransMs;
      call.retransIsRequest = t.isRequest;
      call.retransIsInvite = t.isRequest ? t.method === 'INVITE' : call.lastRecvCseqMethod === 'INVITE';
      this.wheel.schedule(call.retransTimer, this.now() + cmd.retransMs);
    }
    return this.afterCommand(call, cmd);
  }

  private enterRecv(call: Call, cmd: RecvCommand): void {
    call.waitKind = WaitKind.Recv;
    this.settleLastRecv(call, cmd.index);
    const timeout = cmd.timeoutMs ?? this.cfg.recvTimeoutMs;
    if (timeout > 0) this.wheel.schedule(call.waitTimer, this.now() + timeout);
  }

  /** Returns true when the call now waits on a timer. */
  private enterPause(call: Call, cmd: PauseCommand): boolean {
    const ms = this.pauseMs(call, cmd);
    this.stats.step(cmd.index, StepEvent.Message);
    if (ms <= 0 && !cmd.isTimewait) return !this.afterCommand(call, cmd);
    call.waitKind = cmd.isTimewait ? WaitKind.Timewait : WaitKind.Pause;
    this.settleLastRecv(call, cmd.index);
    if (ms >= LONG_PAUSE_MS) call.compactKept();
    this.wheel.schedule(call.waitTimer, this.now() + Math.max(ms, 0));
    return true;
  }

  /**
   * A call starts waiting at command `index`: its parsed last message is dropped, and the bytes
   * are forgotten (length and hash kept) when nothing before the next match can read them, or
   * else copied if they are still the transport's.
   */
  private settleLastRecv(call: Call, index: number): void {
    call.releaseParsed();
    const raw = call.lastRecvRaw;
    if (raw === null) return;
    const isLent = raw === this.lent;
    if (!this.lastNeededAt[index] && !abortNeedsAnswer(call)) call.forgetLastRecv(isLent ? this.lentHash : undefined);
    else if (isLent) call.keepLastRecv();
  }

  private pauseMs(call: Call, cmd: PauseCommand): number {
    const d = cmd.duration;
    switch (d.kind) {
      case 'default': return this.cfg.defaultPauseMs;
      case 'fixed': return d.ms;
      case 'uniform': return d.minMs + this.rng.next() * (d.maxMs - d.minMs);
      case 'variable': return Number(call.variable(d.name)) || 0;
    }
  }

  /**
   * Bookkeeping after a command ran (RTDs, counters, actions) and the move to the next position.
   * Returns false when the call or the run ended.
   */
  private afterCommand(call: Call, cmd: Command, now = this.now()): boolean {
    if (cmd.rtd !== undefined) this.stopRtd(call, cmd, now);
    if (cmd.startRtd !== undefined) {
      const i = this.scenario.rtdNames.indexOf(cmd.startRtd);
      if (i >= 0) {
        // A timer started by a send starts when the message leaves: a fresh clock read, since
        // rebaseStarts only moves the timers started with the call.
        call.rtdStartMs[i] = cmd.kind === 'send' ? this.ctx.clock.now() : now;
        call.rtdDone &= ~(1 << i);
      }
    }
    if (cmd.counter !== undefined) this.stats.generic(this.scenario.counterNames.indexOf(cmd.counter));
    if (cmd.actions.length > 0) {
      const outcome = runActions(call, cmd.actions, this);
      if (outcome !== ActionOutcome.Continue && !this.onActionOutcome(call, outcome)) return false;
    }
    let next = cmd.index + 1;
    if (cmd.next !== undefined && (cmd.test === undefined || this.isSet(call, cmd.test))
      && (cmd.chance === undefined || this.rng.next() < cmd.chance)) next = cmd.next;
    call.index = next;
    return true;
  }

  private stopRtd(call: Call, cmd: Command, now: number): void {
    const i = this.scenario.rtdNames.indexOf(cmd.rtd as string);
    if (i < 0) return;
    const bit = 1 << i;
    if ((call.rtdDone & bit) !== 0 && !cmd.repeatRtd) return;
    call.rtdDone |= bit;
    this.stats.responseTime(i, now - call.rtdStartMs[i]);
  }

  private onActionOutcome(call: Call, outcome: ActionOutcomeId): boolean {
    switch (outcome) {
      case ActionOutcome.StopCall:
        this.endCall(call, Counter.SuccessfulCall);
        return false;
      case ActionOutcome.StopGracefully:
        this.deps.events.onSoftQuitRequested();
        return true;
      case ActionOutcome.StopNow:
        this.state = 'done';
        this.deps.events.onDone('stop_now');
        return false;
      default:
        return false;
    }
  }

  private isSet(call: Call, name: string): boolean {
    const v = call.variable(name);
    return v !== '' && v !== 'false' && v !== '0.000000';
  }

  private jump(call: Call, index: number): void {
    this.wheel.cancel(call.waitTimer);
    call.waitKind = WaitKind.None;
    call.index = index;
    this.run(call);
  }

  // ------------------------------------------------------------------ timers

  private onTimer(timer: Timer<Call>, now: number): void {
    const call = timer.owner;
    if (call.ended) return;
    if (timer.kind === TimerKind.Retrans) this.onRetransTimer(call, now);
    else this.onWaitTimer(call);
  }

  private onRetransTimer(call: Call, now: number): void {
    const buf = call.retransBuf;
    if (buf === null) return;
    const r = this.cfg.retrans;
    const limit = Math.min(call.retransIsInvite ? r.maxInvite : r.maxNonInvite, r.max);
    if (call.retransCount >= limit) {
      const cmd = this.commands[call.retransIndex];
      this.stats.step(call.retransIndex, StepEvent.Timeout);
      call.retransBuf = null;
      if (cmd.onTimeout !== undefined) {
        this.jump(call, cmd.onTimeout);
        return;
      }
      this.reportError(`Aborting call on UDP retransmission timeout for Call-ID '${call.callId}'`);
      this.abort(call, null, Counter.FailedMaxUDPRetrans);
      return;
    }
    call.retransCount++;
    call.socket.send(buf, call.remote);
    this.stats.count(Counter.Retransmissions);
    this.stats.step(call.retransIndex, StepEvent.Retrans);
    // Timer A doubles without cap for INVITE; Timer E caps at T2 for non-INVITE requests.
    call.retransIntervalMs *= 2;
    if (!call.retransIsInvite && call.retransIntervalMs > r.t2Ms) call.retransIntervalMs = r.t2Ms;
    this.wheel.schedule(call.retransTimer, now + call.retransIntervalMs);
  }

  private onWaitTimer(call: Call): void {
    const kind = call.waitKind;
    call.waitKind = WaitKind.None;
    const cmd = this.commands[call.index];
    if (kind === WaitKind.Timewait) {
      this.endCall(call, Counter.SuccessfulCall);
    } else if (kind === WaitKind.Pause) {
      if (this.afterCommand(call, cmd)) this.run(call);
    } else if (kind === WaitKind.Recv) {
      this.stats.step(call.index, StepEvent.Timeout);
      if (cmd.onTimeout !== undefined) {
        this.jump(call, cmd.onTimeout);
        return;
      }
      this.trace.error(`Aborting call on timeout for Call-ID '${call.callId}' while expecting '${this.expecting(call.index)}' (index ${call.index})`);
      this.abort(call, null, Counter.FailedTimeoutOnRecv);
    }
  }

  // ------------------------------------------------------------------ ending calls

  /**
   * Fails the call with `cause`; with the `bye` behaviour (`-default_behaviors` in `sipp -h`),
   * first tells the peer: ACK a final error, CANCEL an unanswered INVITE, ACK+BYE or BYE an
   * answered one.
   */
  private abort(call: Call, trigger: SipMessage | null, cause: CounterId): void {
    if (call.waitKind === WaitKind.Timewait) {
      this.endCall(call, Counter.SuccessfulCall);
      return;
    }
    if (this.cfg.defaultBehaviors.bye) {
      for (const b of abortMessages(call, trigger, this.ctx.engineId)) call.socket.send(b, call.remote);
    }
    this.endCall(call, cause);
  }

  private endCall(call: Call, outcome: CounterId): void {
    if (call.ended) return;
    call.ended = true;
    call.waitKind = WaitKind.None;
    call.retransBuf = null;
    this.wheel.cancel(call.retransTimer);
    this.wheel.cancel(call.waitTimer);
    const now = this.now();
    this.calls.delete(call.callId);
    this.deadCalls.add(call.callId, now);
    if (outcome === Counter.SuccessfulCall) this.stats.count(Counter.SuccessfulCall);
    else {
      this.stats.count(Counter.FailedCall);
      this.stats.count(outcome);
    }
    this.stats.callLength(now - call.startMs);
    if (call.socket !== this.deps.transport) void call.socket.close();
    this.checkDone();
  }

  private defaultLimit(callsPerPeriod: number): number {
    return sippDefaultCallLimit(this.scenario, this.cfg.defaultPauseMs, callsPerPeriod, this.cfg.rate.periodMs);
  }

  private maxReached(): boolean {
    return this.cfg.maxCalls !== undefined && this.created >= this.cfg.maxCalls;
  }

  private checkDone(): void {
    if (this.state === 'done') return;
    const finished = this.state === 'draining' || this.maxReached();
    if (finished && this.calls.size === 0 && this.pendingSockets === 0 && this.backlog === 0) {
      this.state = 'done';
      this.deps.events.onDone('drained');
    }
  }

  private ramp(now: number): void {
    const r = this.cfg.rate;
    this.nextRampMs = now + r.intervalMs;
    let next = this.scheduler.rate + r.increase;
    // SIPp clamps and quits only once an increase goes past -rate_max (`rate > rate_max`), so
    // the run spends one full interval at -rate_max before quitting.
    if (r.max > 0 && next > r.max) {
      next = r.max;
      this.nextRampMs = Infinity;
      if (!r.noRateQuit) this.deps.events.onSoftQuitRequested();
    }
    this.setRate(next);
  }

  // ------------------------------------------------------------------ ActionHost

  warning(call: Call, text: string): void {
    this.stats.count(Counter.Warnings);
    this.lastErrorText = text;
    this.trace.warning(`${text} (Call-ID '${call.callId}')`);
  }

  fatal(call: Call, text: string): void {
    this.stats.count(Counter.FatalErrors);
    this.reportError(text, `Fatal error in call '${call.callId}': ${text}`);
    this.state = 'done';
    this.deps.events.onDone('fatal');
  }

  expand(call: Call, text: Template): string {
    call.msgIndex = call.index;
    return this.renderer.render(text, call).toString('latin1');
  }
}
