/**
 * The engine: creates calls at the scheduled rate (client) or on new Call-IDs (server), runs
 * each through the scenario, matches incoming messages by Call-ID, retransmits over UDP and
 * applies SIPp's default behaviours. It knows nothing of terminals, files or HTTP: it reports
 * to a StatsSink and a TraceSink and is driven by `tick()` (wall clock or a fake one).
 *
 * This class is the facade: the control surface, tick timing and the receive entry point. The
 * concerns live beside it, each created once here: call admission and the ramp
 * (call-admission.ts), receive routing (message-routing.ts), the scenario interpreter
 * (scenario-interpreter.ts), retransmission (retransmission.ts), unexpected messages
 * (unexpected-messages.ts) and call ending (call-ending.ts), sharing an EngineCore.
 *
 * The scenario is compiled into a ScenarioProgram (scenario-program.ts). Each call runs on the
 * program it started with; useProgram() changes the one new calls start on.
 */
import type { Scenario, Template } from '../scenario/index.ts';
import { Counter } from '../stats/index.ts';
import type { RunStats } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { ScenarioError } from '../errors.ts';
import type { ActionHost } from './actions.ts';
import { TimerKind, WaitKind } from './call.ts';
import type { Call } from './call.ts';
import { CallAdmission } from './call-admission.ts';
import { abortCall, endCall } from './call-ending.ts';
import { runInitStanza } from './action-init.ts';
import { EngineCore } from './engine-core.ts';
import type { EngineDeps, EngineState } from './engine-deps.ts';
import { MessageRouter } from './message-routing.ts';
import { OutOfCallCalls } from './out-of-call.ts';
import { retransmit } from './retransmission.ts';
import { ScenarioInterpreter } from './scenario-interpreter.ts';
import { TwinCommands } from './three-pcc.ts';
import { compileProgram } from './program-compiler.ts';
import type { ScenarioProgram } from './scenario-program.ts';
import type { Timer } from './timer-wheel.ts';

const DEAD_CALL_SWEEP_MS = 100;
/** The shortest sleep of the ticker between timers (see nextTickInMs). */
const MIN_NAP_MS = 5;

export class Engine implements ActionHost {
  private readonly core: EngineCore;
  private readonly interpreter: ScenarioInterpreter;
  private readonly admission: CallAdmission;
  private readonly router: MessageRouter;
  private readonly twinCommands: TwinCommands;
  private readonly outOfCall: OutOfCallCalls | null;
  private lastSweepMs: number;

  constructor(deps: EngineDeps) {
    this.core = new EngineCore(deps, (t, at) => this.onTimer(t, at));
    this.interpreter = new ScenarioInterpreter(this.core);
    this.admission = new CallAdmission(this.core, this.interpreter, deps);
    this.outOfCall = deps.outOfCallScenario
      ? new OutOfCallCalls(this.core, deps.outOfCallScenario)
      : null;
    this.router = new MessageRouter(this.core, this.interpreter, this.admission, this.outOfCall);
    this.twinCommands = new TwinCommands(this.core, this.interpreter, this.admission);
    this.lastSweepMs = this.core.startMs;
    runInitStanza(this.core, deps.remote);
  }

  // ------------------------------------------------------------------ programs

  /** The scenario new calls start on. */
  get scenario(): Scenario {
    return this.core.program.scenario;
  }

  /** The program new calls start on. */
  get program(): ScenarioProgram {
    return this.core.program;
  }

  /** The `-oocsf` / `-oocsn` program, whose statistics are its own (not in the run's). */
  get outOfCallProgram(): ScenarioProgram | undefined {
    return this.outOfCall?.program;
  }

  /** Those statistics (SIPp keeps them apart as well). */
  get outOfCallStats(): RunStats | undefined {
    return this.outOfCall?.stats;
  }

  /**
   * Compiles `scenario` for this engine (its run constants, its statistics), checking it can
   * take the current one's place: the same mode (a client engine places calls, a server one
   * answers them) and only actions this engine runs. Throws ScenarioError, changing nothing.
   */
  compile(scenario: Scenario): ScenarioProgram {
    const current = this.core.program;
    if (scenario.mode !== current.scenario.mode) {
      throw new ScenarioError(
        `scenario "${scenario.fileStem}" ${describeMode(scenario)}, but this engine ${describeMode(current.scenario)}`,
        'load it in an engine of its own mode',
      );
    }
    return compileProgram(scenario, current.generation + 1, this.core.programContext);
  }

  /**
   * New calls start on `program` from now on; calls in flight finish on the program they
   * started with. SIPp's default `-l` follows the new scenario's pauses.
   */
  useProgram(program: ScenarioProgram): void {
    if (program.isClient !== this.core.isClient)
      throw new ScenarioError(`program "${program.scenario.fileStem}" is of the other mode`);
    this.core.program = program;
    this.admission.onProgramChanged();
  }

  // ------------------------------------------------------------------ control surface

  get state(): EngineState {
    return this.core.state;
  }
  get paused(): boolean {
    return this.core.paused;
  }
  /** Calls created so far (outgoing for a client, incoming for a server). */
  get created(): number {
    return this.core.created;
  }
  /** Calls the schedule wanted but `-l` refused. */
  get skippedByLimit(): number {
    return this.core.skippedByLimit;
  }
  get peakCalls(): number {
    return this.core.peakCalls;
  }
  get peakAtMs(): number {
    return this.core.peakAtMs;
  }
  get startMs(): number {
    return this.core.startMs;
  }
  get currentCalls(): number {
    return this.core.calls.size + this.core.pendingSockets;
  }
  get limit(): number {
    return this.admission.callLimit;
  }
  get rate(): number {
    return this.admission.scheduler.rate;
  }
  get deadCallCount(): number {
    return this.core.deadCalls.size;
  }
  get isClientMode(): boolean {
    return this.core.isClient;
  }
  /** Calls per second the schedule asks for now. */
  get askedCps(): number {
    return this.admission.scheduler.callsPerSecond;
  }
  /** True while new calls are being opened on the schedule. */
  get isScheduling(): boolean {
    const core = this.core;
    return core.isClient && core.state === 'running' && !core.paused && !core.maxReached();
  }
  /** The latest error or warning, for the screen's last-error line ('' when none). */
  get lastError(): string {
    return this.core.lastErrorText;
  }

  /**
   * The one way an error is reported: it becomes the last error (`text`) and a trace entry
   * (`traceText`, which may say more, as the received message). The run's own errors (sockets,
   * lost connections) come through here too.
   */
  reportError(text: string, traceText = text): void {
    this.core.reportError(text, traceText);
  }

  /** Runtime control switched a message trace on that was off at start: take its hooks. */
  retraceMessages(): void {
    this.core.retraceMessages();
  }

  setRate(callsPerPeriod: number): void {
    this.admission.setRate(callsPerPeriod);
  }

  /** `set limit N`: open calls allowed from now on. */
  setCallLimit(limit: number): void {
    this.admission.setCallLimit(limit);
  }

  setPaused(paused: boolean): void {
    const core = this.core;
    const scheduler = this.admission.scheduler;
    if (core.paused && !paused) scheduler.setRate(scheduler.rate, core.ctx.clock.now());
    core.paused = paused;
    if (!paused) core.events.onWork?.();
  }

  /** A server: take new dialogs or not (calls in progress are not touched). */
  setAcceptingDialogs(isAccepting: boolean): void {
    this.core.acceptsDialogs = isAccepting;
  }
  get isAcceptingDialogs(): boolean {
    return this.core.acceptsDialogs;
  }

  /** Soft quit: no new calls; open calls run to completion (SIPp's `q`, SIGUSR1, -timeout). */
  drain(): void {
    this.core.drain();
  }

  /** Hard quit: abort every open call (with CANCEL/BYE when the `bye` behaviour is on). */
  abortAll(): void {
    const core = this.core;
    // Draining before the aborts, so the last call's end reports done exactly once (and a run
    // already done stays done).
    if (core.state === 'running') core.state = 'draining';
    for (const call of core.calls.values()) abortCall(core, call, null, Counter.FailedCallRejected);
    core.checkDone();
  }

  /**
   * One scheduler step: fire due timers, open due calls, sweep dead calls. Returns in how many
   * ms it is needed again (see nextTickInMs).
   */
  tick(): number {
    const core = this.core;
    const now = core.ctx.clock.now();
    core.turnNow = now;
    try {
      this.runTick(now);
    } finally {
      core.turnNow = -1;
    }
    return this.nextTickInMs();
  }

  /**
   * A stream connection closed under its calls (SIPp's "TCP closed"): each call on it fails,
   * except one in its timewait, which had already succeeded (SIPp's terminate()). Returns how
   * many failed.
   */
  failCallsOn(via: Transport): number {
    let failed = 0;
    // Deleting the entry being visited is safe while iterating a Map.
    for (const call of this.core.calls.values()) {
      if (call.socket !== via) continue;
      const isDone = call.waitKind === WaitKind.Timewait;
      if (!isDone) failed++;
      endCall(this.core, call, isDone ? Counter.SuccessfulCall : Counter.FailedTcpClosed);
    }
    return failed;
  }

  /**
   * Transport handler: one message in, lent for the duration of the call (the transport may
   * reuse the memory after). Never throws on bad input.
   */
  onDatagram(buf: Buffer, from: RemoteAddress, via: Transport, ageMs = 0, hash?: number): void {
    const core = this.core;
    const now = core.ctx.clock.now();
    core.turnNow = now;
    core.arrivalMs = now - ageMs;
    core.lent = buf;
    core.lentHash = hash;
    const onReceived = core.onReceived;
    if (onReceived !== undefined) onReceived(buf, from, via);
    try {
      this.router.handle(buf, from, via);
    } finally {
      // A call still holding the lent bytes without having waited (it should not happen: every
      // path that keeps a call alive ends in a wait) gets a copy rather than a dangling view.
      const call = core.lentTo;
      if (call !== null && !call.ended && call.lastRecvRaw === buf) call.keepLastRecv();
      core.lentTo = null;
      core.lent = null;
      core.turnNow = -1;
    }
  }

  /**
   * 3PCC: one command from the twin link, without its delimiter (lent: read during the call
   * only). Never throws on bad input.
   */
  onTwinCommand(command: Buffer): void {
    const core = this.core;
    core.turnNow = core.ctx.clock.now();
    core.arrivalMs = core.turnNow;
    core.onCommandReceived?.(command);
    try {
      this.twinCommands.handle(command);
    } finally {
      core.turnNow = -1;
    }
  }

  // ------------------------------------------------------------------ ActionHost

  warning(call: Call, text: string): void {
    this.core.warning(call, text);
  }

  fatal(call: Call, text: string): void {
    this.core.fatal(call, text);
  }

  expand(call: Call, text: Template): string {
    return this.core.expand(call, text);
  }

  // ------------------------------------------------------------------ timing

  /**
   * 1 (SIPp's timer resolution) while the call schedule or sockets being opened are live, or a
   * timer is due within MIN_NAP_MS; else until the first timer due (at most the dead-call sweep
   * period); Infinity when nothing is left, as in a server waiting for its first call. An idle
   * server ticking every ms cost 6% of a core (SIPp idles at 2%). Work arriving sooner is
   * announced through events.onWork (the wheel's onArm, resume, a new rate).
   */
  private nextTickInMs(): number {
    const core = this.core;
    let inMs: number;
    if (this.isScheduling || core.backlog > 0 || core.pendingSockets > 0) inMs = 1;
    else if (core.wheel.pending > 0) inMs = core.wheel.msUntilNextSlot(DEAD_CALL_SWEEP_MS);
    else inMs = core.deadCalls.size > 0 ? DEAD_CALL_SWEEP_MS : Infinity;
    // Short naps are not worth leaving the 1 ms interval for.
    if (inMs < MIN_NAP_MS) inMs = 1;
    core.wheel.expectAdvanceIn(inMs);
    return inMs;
  }

  private runTick(now: number): void {
    const core = this.core;
    core.wheel.advance(now);
    if (core.state === 'running' && core.isClient && !core.paused) this.admission.openDueCalls(now);
    this.admission.rampIfDue(now);
    if (now - this.lastSweepMs >= DEAD_CALL_SWEEP_MS) {
      this.lastSweepMs = now;
      core.deadCalls.sweep(now);
    }
  }

  private onTimer(timer: Timer<Call>, now: number): void {
    const call = timer.owner;
    if (call.ended) return;
    if (timer.kind === TimerKind.Retrans) {
      if (!retransmit(this.core, call, now)) this.interpreter.onRetransTimeout(call);
    } else this.interpreter.onWaitTimer(call);
  }
}

function describeMode(s: Scenario): string {
  return s.mode === 'client' ? 'places calls' : 'answers calls';
}
