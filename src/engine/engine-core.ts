/**
 * The state one engine's concerns share (call table, wheel, sinks, the current turn) and the few
 * operations all of them use: the turn's time, adding a call, ending the run, reporting errors.
 * Created once by Engine; the interpreter, router, admission and retransmission read it directly.
 */
import { TemplateRenderer } from '../scenario/index.ts';
import type { Template } from '../scenario/index.ts';
import { UserPool } from '../injection/index.ts';
import { Counter } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { SYSTEM_WALL_CLOCK } from '../platform/index.ts';
import type { CounterId } from '../stats/index.ts';
import { runShellCommand } from './action-exec.ts';
import type { ActionRuntime } from './actions.ts';
import type { Call } from './call.ts';
import { CallTable } from './call-table.ts';
import { DeadCalls } from './dead-calls.ts';
import type { EngineConfig, EngineDeps, EngineEvents, EngineState } from './engine-deps.ts';
import type { RunContext } from './run-context.ts';
import type { Rng } from './rng.ts';
import type { TwinLink } from './twin-link.ts';
import { compileProgram } from './program-compiler.ts';
import type { ScenarioProgram } from './scenario-program.ts';
import type { ProgramContext } from './scenario-program.ts';
import type { Timer } from './timer-wheel.ts';
import { TimerWheel } from './timer-wheel.ts';
import type { TraceSink } from './trace-sink.ts';
import type { MediaHost } from './media-host.ts';

export class EngineCore implements ActionRuntime {
  /**
   * The program new calls start on. A call keeps its own (Call.program): its steps, templates
   * and statistics come from there, never from here. Events that belong to no call (a malformed
   * message, an out-of-call one) count in this program's statistics.
   */
  program: ScenarioProgram;
  /** What compiling a program for this engine needs (Engine.compile). */
  readonly programContext: ProgramContext;
  readonly cfg: EngineConfig;
  readonly ctx: RunContext;
  readonly rng: Rng;
  readonly trace: TraceSink;
  readonly events: EngineEvents;
  /** The shared socket; a call on another one (`-t un`) closes it when it ends. */
  readonly transport: Transport;
  readonly wheel: TimerWheel<Call>;
  readonly calls = new CallTable<Call>();
  readonly deadCalls: DeadCalls;
  /** Fixed for the engine's life: a swapped-in program must have the same mode. */
  readonly isClient: boolean;
  /** Every message this engine sends is rendered here (its scratch is the engine's own). */
  readonly renderer = new TemplateRenderer();
  readonly startMs: number;
  /** Users mode (`-users`, a client): the users without a call; null otherwise. */
  readonly userPool: UserPool | null;
  /** RTP (src/media/), null when the run has none: each media hook is then one null check. */
  readonly media: MediaHost | null;

  state: EngineState = 'running';
  paused = false;
  /**
   * A server takes new dialogs (the API's listener toggle, POST /api/v1/transports); false: new
   * Call-IDs are treated as out of call, calls in progress go on.
   */
  acceptsDialogs = true;
  /** Calls created so far (outgoing for a client, incoming for a server). */
  created = 0;
  /** Calls the schedule wanted but `-l` refused. */
  skippedByLimit = 0;
  peakCalls = 0;
  peakAtMs = 0;
  /** Calls due but not yet opened (CallAdmission's catch-up). */
  backlog = 0;
  /** Client calls waiting for their own socket (`-t un`). */
  pendingSockets = 0;
  /**
   * When the message being handled reached the host (the kernel's receive timestamp, when the
   * transport has one): response times and RTDs end there, so the time a datagram waited for
   * our event loop is not charged to the system under test.
   */
  arrivalMs = 0;
  /** The current message's or tick's time (see now()); -1 outside them. */
  turnNow = -1;
  /** The message being handled, lent by the transport, and its hash when the transport gave one. */
  lent: Buffer | null = null;
  lentHash: number | undefined = undefined;
  /** The call that matched the lent message (it may hold it as its last message). */
  lentTo: Call | null = null;
  lastErrorText = '';
  /** EngineDeps.runCommand: who runs `<exec command>`; undefined: a detached `sh -c`. */
  private readonly commandRunner: ((command: string) => void) | undefined;
  /** Hands a queued message (`_unexp.main`) to its call's recv; set by MessageRouter. */
  redeliver: ((call: Call, raw: Buffer) => void) | null = null;
  /**
   * The message-trace hooks (`-trace_msg`, `-trace_shortmsg`), taken from the TraceSink once:
   * undefined when not traced, so an untraced message costs one predictable branch. Taken again
   * only by retraceMessages() (runtime control's `trace messages on`).
   */
  onSent: ((raw: Buffer, to: RemoteAddress, via: Transport) => void) | undefined;
  onReceived: ((raw: Buffer, from: RemoteAddress, via: Transport) => void) | undefined;
  /** The 3PCC command hooks of the same traces (off the hot path: 3PCC runs only). */
  onCommandSent: ((raw: Buffer) => void) | undefined;
  onCommandReceived: ((raw: Buffer) => void) | undefined;
  /** `-trace_calldebug` hooks, taken once like onSent (undefined when not traced). */
  readonly onCallStarted: ((callId: string) => void) | undefined;
  readonly onCallAborting: ((callId: string, index: number) => void) | undefined;
  readonly onCallEnded: ((callId: string, failed: boolean) => void) | undefined;
  /** `-call_records_jsonl` hook, taken once like onSent (undefined when not asked for). */
  readonly onCallRecord: TraceSink['callRecord'];
  readonly onCallNote: ((callId: string, text: string) => void) | undefined;
  /** 3PCC: where `<sendCmd>` sends (EngineDeps.twin); null without -3pcc / -master / -slave. */
  readonly twin: TwinLink | null;
  /** Where a call created by a 3PCC command sends its messages (EngineDeps.remote). */
  readonly remoteForCommands: RemoteAddress;

  constructor(deps: EngineDeps, onTimer: (timer: Timer<Call>, nowMs: number) => void) {
    this.cfg = deps.config;
    this.ctx = deps.ctx;
    this.rng = deps.ctx.rng;
    this.trace = deps.trace;
    this.commandRunner = deps.runCommand;
    this.onSent = deps.trace.messageSent?.bind(deps.trace);
    this.onReceived = deps.trace.messageReceived?.bind(deps.trace);
    this.onCommandSent = deps.trace.commandSent?.bind(deps.trace);
    this.onCommandReceived = deps.trace.commandReceived?.bind(deps.trace);
    this.onCallStarted = deps.trace.callStarted?.bind(deps.trace);
    this.onCallAborting = deps.trace.callAborting?.bind(deps.trace);
    this.onCallEnded = deps.trace.callEnded?.bind(deps.trace);
    this.onCallRecord = deps.trace.callRecord?.bind(deps.trace);
    this.onCallNote = deps.trace.callNote?.bind(deps.trace);
    this.events = deps.events;
    this.transport = deps.transport;
    this.twin = deps.twin ?? null;
    this.media = deps.media ?? null;
    // The media side holds only calls this engine handed it, so each MediaCall is a Call.
    this.media?.bindCallFailure?.((call, cause, text) =>
      this.callFailed(call as Call, cause, text),
    );
    this.remoteForCommands = deps.remote;
    this.programContext = {
      ctx: deps.ctx,
      transport: deps.transport,
      socketPerCall: deps.openCallSocket !== undefined,
      stats: deps.stats,
      hasMedia: deps.media !== undefined,
    };
    this.program = compileProgram(deps.scenario, 1, this.programContext);
    this.isClient = this.program.isClient;
    const now = deps.ctx.clock.now();
    this.startMs = now;
    this.wheel = new TimerWheel<Call>(now, onTimer);
    const onWork = deps.events.onWork;
    if (onWork) this.wheel.onArm = onWork;
    this.deadCalls = new DeadCalls(deps.config.deadCallWaitMs);
    const users = deps.ctx.users;
    const share = deps.ctx.userShare;
    this.userPool =
      users !== undefined && this.isClient
        ? new UserPool(share?.count ?? users, share?.offset ?? 0)
        : null;
    const injection = deps.ctx.injection;
    if (injection) injection.onWarning = (text) => this.injectionWarning(text);
  }

  /**
   * The time now: read once per received message or tick and shared by everything done for it
   * (a clock read per timer, counter and call state change added up).
   */
  /** Takes the message-trace hooks from the TraceSink again (a trace file switched on late). */
  retraceMessages(): void {
    this.onSent = this.trace.messageSent?.bind(this.trace);
    this.onReceived = this.trace.messageReceived?.bind(this.trace);
    this.onCommandSent = this.trace.commandSent?.bind(this.trace);
    this.onCommandReceived = this.trace.commandReceived?.bind(this.trace);
  }

  now(): number {
    return this.turnNow >= 0 ? this.turnNow : this.ctx.clock.now();
  }

  addCall(call: Call): void {
    this.calls.set(call.callId, call);
    const onStarted = this.onCallStarted;
    if (onStarted !== undefined) onStarted(call.callId);
    if (this.calls.size > this.peakCalls) {
      this.peakCalls = this.calls.size;
      this.peakAtMs = this.now() - this.startMs;
    }
  }

  maxReached(): boolean {
    return this.cfg.maxCalls !== undefined && this.created >= this.cfg.maxCalls;
  }

  /** Soft quit: no new calls; open calls run to completion. */
  drain(): void {
    if (this.state !== 'running') return;
    this.state = 'draining';
    this.checkDone();
  }

  checkDone(): void {
    if (this.state === 'done') return;
    const finished = this.state === 'draining' || this.maxReached();
    if (finished && this.calls.size === 0 && this.pendingSockets === 0 && this.backlog === 0) {
      this.state = 'done';
      this.events.onDone('drained');
    }
  }

  /** Every message the engine sends goes out here (traced first when asked). */
  send(socket: Transport, buf: Buffer, to: RemoteAddress): void {
    const onSent = this.onSent;
    if (onSent !== undefined) onSent(buf, to, socket);
    socket.send(buf, to);
  }

  /** See Engine.reportError. */
  reportError(text: string, traceText = text): void {
    this.lastErrorText = text;
    this.trace.error(traceText);
  }

  /** SIPp's "Field N not found in the file" (a warning; the field reads as ''). */
  private injectionWarning(text: string): void {
    this.program.stats.count(Counter.Warnings);
    this.lastErrorText = text;
    this.trace.warning(text);
  }

  // ------------------------------------------------------------------ ActionHost

  warning(call: Call, text: string): void {
    call.program.stats.count(Counter.Warnings);
    this.lastErrorText = text;
    this.trace.warning(`${text} (Call-ID '${call.callId}')`);
  }

  fatal(call: Call, text: string): void {
    call.program.stats.count(Counter.FatalErrors);
    this.reportError(text, `Fatal error in call '${call.callId}': ${text}`);
    this.state = 'done';
    this.events.onDone('fatal');
  }

  expand(call: Call, text: Template): string {
    call.msgIndex = call.index;
    return this.renderer.render(text, call).toString('latin1');
  }

  log(_call: Call, text: string): void {
    this.trace.log?.(text);
  }

  runCommand(_call: Call, command: string): void {
    if (this.commandRunner !== undefined) this.commandRunner(command);
    else runShellCommand(command, (text) => this.reportError(text));
  }

  callFailed(call: Call, cause: CounterId, text: string): void {
    const stats = call.program.stats;
    if (!call.actionFailed) {
      call.actionFailed = true;
      stats.count(Counter.FailedCall);
    }
    stats.count(cause);
    this.warning(call, text);
  }

  wallClockMs(): number {
    return (this.ctx.wallClock ?? SYSTEM_WALL_CLOCK).nowMs();
  }

  closeConnection(call: Call): void {
    if (call.socket !== this.transport && call.socket.protocol !== 'UDP') void call.socket.close();
  }
}
