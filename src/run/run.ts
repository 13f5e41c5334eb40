/**
 * A Run is the one control surface over a running scenario: the CLI, signals, keyboard (and
 * later the HTTP API, TUI and console) drive it through start/setRate/pause/resume/stop/
 * snapshot, never the engine's internals. It owns the sockets, the engine's tick loop and the
 * exit-code rules (SIPp's, docs/errors.md, checked against sipp 3.6.1).
 */
import { authDefaultsFromText } from '../auth/index.ts';
import type { RunConfig } from '../config/index.ts';
import { Engine, MONOTONIC_CLOCK, createRng, warmUpBySelfCalls } from '../engine/index.ts';
import type { Clock, RunContext, SeededRng, TraceSink } from '../engine/index.ts';
import { GossipperError } from '../errors.ts';
import { loadRunInjection } from '../injection/index.ts';
import { NODE_TIMERS, SYSTEM_WALL_CLOCK } from '../platform/index.ts';
import type { TimerHandle, Timers, WallClock } from '../platform/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { Counter, EngineStats } from '../stats/index.ts';
import type { ProgramStatsSnapshot, StatsSnapshot } from '../stats/index.ts';
import { hasReadPacing } from '../transport/index.ts';
import type {
  CommandLink,
  RemoteAddress,
  Transport,
  TransportHandlers,
} from '../transport/index.ts';
import { addressKeywordValues, remoteKeywordPort, resolveRunAddresses } from './addresses.ts';
import type { ResolvedRemote } from './addresses.ts';
import { ErrorTally } from './error-tally.ts';
import { resolveSetdestHosts, setdestHostNames } from './setdest-hosts.ts';
import { loadOutOfCallScenarioFor } from './scenario-source.ts';
import { sippExitCode } from './run-handle.ts';
import type { RunHandle, RunResult, RunState, RunStatus } from './run-handle.ts';
import { openTransports } from './open-transport.ts';
import { perIpChoice } from './per-ip-sockets.ts';
import type { RunTransports, TransportEvents } from './open-transport.ts';
import type { Ticker, TickerOptions } from './ticker.ts';
import { startWatchdog } from './watchdog.ts';
import { TWIN_CLOSE_GRACE_MS, closeThreePccLink, openThreePccLink } from './three-pcc-link.ts';
import { dynamicIdCounter } from './dynamic-id.ts';
import { checkRunMediaFiles, openRunMedia, tickFunction } from './run-media.ts';
import type { MediaReporting, OpenedMedia, RtcpTap } from '../media/index.ts';

export { DEFAULT_LOAD_BUFFER_BYTES } from './open-transport.ts';
/**
 * Below this asked rate a client run starts without the self-call JIT warm-up. Measured against
 * `sipp -sn uas` on 2 cores: at 4,000 calls/s the warm-up cost 0.4 CPU-s per run and p99 was no
 * better (3.4-11 ms with it, 2.9-3.1 ms without; arrival timestamps keep a cold start's read
 * delays out of the response times); at 10,000 calls/s it still helped (p99 20 ms vs 23-34 ms).
 */
const WARM_UP_MIN_CPS = 8000;
/** Bound on messages held for an engine not yet built; past it they are dropped. */
const EARLY_MESSAGES_MAX = 1000;

export interface RunDeps {
  clock: Clock;
  trace: TraceSink;
  pid: number;
  /** The engine's identity in Call-IDs and branches (RunContext.engineId); default the pid. */
  engineId?: string;
  /** Drives `engine.tick()` (run/ticker.ts); tick returns how soon it is needed again. */
  startTicker(tick: () => number, options?: TickerOptions): Ticker;
  /**
   * Read the main UDP socket on a timer of this period while datagrams keep coming (batched UDP
   * only; transport/transport-capabilities.ts). A `-threads N` shard passes its tick period.
   */
  readPeriodMs?: number;
  /** Self-call JIT warm-up before traffic (engine/self-call-warm-up.ts); default on. */
  warmUp?: boolean;
  /** Statistics timestamps; default the system clock. */
  wallClock?: WallClock;
  /** The `-timeout` timer; default Node's timers. */
  timers?: Timers;
  /** Each RTP datagram a media port received (lent), for tests and recorders; default none. */
  onMediaPacket?: (port: number, from: RemoteAddress, buf: Buffer) => void;
  /** Each RTCP packet of the calls, in clear (`-hep_raw_rtcp`); default none. */
  rtcpTap?: RtcpTap;
  /** `-send_media_report`: periodic media reports; default none. */
  mediaReport?: MediaReporting;
}

export class Run implements RunHandle {
  readonly config: RunConfig;
  /** The scenario the run started with, until the engine exists (then: the engine's current). */
  private readonly initialScenario: Scenario;
  private readonly deps: RunDeps;
  private readonly wallClock: WallClock;
  private readonly timers: Timers;
  /** Every trace entry passes through it, for the end-of-run error summary. */
  private readonly trace: ErrorTally;
  stats!: EngineStats;
  engine!: Engine;
  /** Messages that arrived before the engine was built (handlers()); replayed by start(). */
  private readonly early: Array<[Buffer, RemoteAddress, Transport]> = [];
  state: RunState = 'starting';
  remote?: ResolvedRemote;
  transport!: Transport;
  localIp = '';
  private sockets!: RunTransports;
  /** 3PCC command connections (three-pcc-link.ts); null without sendCmd/recvCmd. */
  private twinLink: CommandLink | null = null;
  private rng!: SeededRng;
  private ticker: Ticker | null = null;
  /** RTP (run-media.ts); null when the run has none. */
  private media: OpenedMedia | null = null;
  private timeoutTimer?: TimerHandle;
  private stopWatchdog?: () => void;
  private timedOut = false;
  private softQuits = 0;
  private finished!: Promise<RunResult>;
  private resolveFinished!: (r: RunResult) => void;
  private endReason: RunResult['reason'] = 'drained';

  constructor(config: RunConfig, scenario: Scenario, deps: RunDeps) {
    this.config = config;
    this.initialScenario = scenario;
    this.deps = deps;
    this.wallClock = deps.wallClock ?? SYSTEM_WALL_CLOCK;
    this.timers = deps.timers ?? NODE_TIMERS;
    this.trace = new ErrorTally(deps.trace);
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  /** Binds sockets, resolves the remote and starts traffic. Resolves once traffic started. */
  async start(): Promise<void> {
    try {
      await this.startTraffic();
    } catch (err) {
      // A refusal after the media block was bound (the engine refusing the scenario) must not
      // leave its ports bound in a long-running process (the server); nor the SIP sockets, bound
      // before media (a refused -record_wav_dir).
      await this.media?.ports.closeAll();
      this.media = null;
      await (this.sockets as RunTransports | undefined)?.closeAll();
      throw err;
    }
  }

  private async startTraffic(): Promise<void> {
    const c = this.config;
    const isClient = this.scenario.mode === 'client';
    if (isClient && !(c.remote ?? c.remoteSendAddress)) {
      throw new GossipperError(
        'REMOTE_MISSING',
        `scenario "${this.scenario.fileStem}" places calls but no remote host was given`,
        'add the target as host[:port] (e.g. 127.0.0.1:5060) or -rsa host:port',
      );
    }
    const outOfCallScenario = loadOutOfCallScenarioFor(c);
    if (outOfCallScenario && !isClient) {
      // SIPp refuses the same: a server starts a call on every new Call-ID.
      throw new GossipperError(
        'CONFIG_INVALID',
        'out-of-call scenarios (-oocsf, -oocsn) cannot be used in server mode',
        'a server scenario already answers every new Call-ID',
      );
    }
    // Injection files are read before any socket is bound, so a bad file fails fast (exit 1).
    const injection = loadRunInjection(c);
    checkRunMediaFiles(c, this.scenario);
    const { remote, sendTo, localIp, bindIp, family } = await resolveRunAddresses(c);
    const setdestNames = setdestHostNames([this.scenario, outOfCallScenario]);
    const hostAddresses =
      setdestNames.length > 0 ? await resolveSetdestHosts(setdestNames, family) : undefined;
    this.remote = remote;
    this.localIp = localIp;
    // 3PCC: the twin connection is up before traffic, as in SIPp (controller B listens first).
    this.twinLink = await openThreePccLink(c, this.scenario, {
      onCommand: (command) => this.engine?.onTwinCommand(command),
      onClosed: (what) => {
        this.reportError(`3PCC: ${what}`);
        if (this.state === 'running') this.softQuit();
      },
    });
    this.sockets = await openTransports({
      // SIPp binds its sockets to -i when given (a user asking for loopback must not be
      // reachable from the network), else to every interface.
      config: c,
      family,
      isClient,
      localIp,
      bindIp,
      events: this.transportEvents(),
      remote: sendTo,
      perIp:
        c.transport.perLocalIp === true ? perIpChoice(injection, c.injection.ipField) : undefined,
    });
    this.transport = this.sockets.main;
    if (this.deps.readPeriodMs !== undefined && hasReadPacing(this.transport))
      this.transport.paceReads(this.deps.readPeriodMs);
    const clock = this.deps.clock;
    this.rng = createRng(c.seed);
    this.media = await openRunMedia({
      config: c,
      scenario: this.scenario,
      mediaIp: c.mediaIp ?? this.localIp,
      clock,
      // The pacer thread keeps CLOCK_MONOTONIC: a run on a test's fake clock sends at once.
      paceStreams: clock === MONOTONIC_CLOCK,
      wallClockMs: () => this.wallClock.nowMs(),
      rng: this.rng,
      count: (counter, n) => this.stats?.count(counter, n),
      reportError: (text) => this.reportError(text),
      onPacket: this.deps.onMediaPacket,
      rtcpTap: this.deps.rtcpTap,
      mediaReport: this.deps.mediaReport,
    });
    const globals = new Map(Object.entries(c.globals));
    const ctx: RunContext = {
      clock,
      wallClock: this.wallClock,
      pid: this.deps.pid,
      engineId: this.deps.engineId ?? String(this.deps.pid),
      service: c.service,
      rng: this.rng,
      ...addressKeywordValues(this.localIp, c.mediaIp ?? this.localIp, this.remote),
      remoteHost: this.remote?.host ?? '',
      remotePort: remoteKeywordPort(this.remote),
      mediaPort: this.media?.mediaPort ?? c.mediaPort,
      baseCseq: c.baseCseq,
      userKeywords: c.keywords,
      globals,
      globalNames: new Set([...this.scenario.globalVariables, ...globals.keys()]),
      injection,
      users: c.users,
      userShare: c.userShare,
      hostAddresses,
      media: this.media?.session,
      nextDynamicId: dynamicIdCounter(c.dynamicId),
      auth: authDefaultsFromText({
        username: c.authUser,
        password: c.authPassword,
        uri: c.authUri,
        akaK: c.akaK,
        akaOp: c.akaOp,
        akaAmf: c.akaAmf,
      }),
    };
    // Only fast client runs gain from a warm JIT. An answering run cannot know the rate coming,
    // and measured without the warm-up (sipp -sn uac driving our UAS) it used 7% less CPU at
    // 4,000 calls/s and still passed 12,000 calls/s without a failure or retransmission.
    const askedCps = (c.rate.callsPerPeriod * 1000) / c.rate.periodMs;
    // Not with media: the trial calls would play it (and their engine has no media host).
    if (this.deps.warmUp !== false && isClient && askedCps >= WARM_UP_MIN_CPS && !this.media)
      warmUpBySelfCalls(this.scenario, c, ctx);
    // After the warm-up, so the run's clock and rates start with its first real call.
    this.stats = new EngineStats(() => this.wallClock.nowMs());
    this.engine = new Engine({
      scenario: this.scenario,
      outOfCallScenario,
      config: c,
      ctx,
      transport: this.transport,
      remote: sendTo ?? { address: '', port: 0 },
      openCallSocket: this.sockets.openCallSocket,
      twin: this.twinLink ?? undefined,
      media: this.media?.session,
      stats: this.stats,
      trace: this.trace,
      events: {
        onDone: (reason) => this.finish(reason),
        onSoftQuitRequested: () => this.softQuit(),
        onWork: () => this.ticker?.wake(),
      },
    });
    this.state = 'running';
    for (const [buf, from, via] of this.early.splice(0)) this.engine.onDatagram(buf, from, via);
    this.ticker = this.deps.startTicker(tickFunction(this.engine, this.media), {
      precise: this.media !== null,
    });
    if (this.media !== null) this.media.session.onWork = () => this.ticker?.wake();
    // Event-loop stalls, counted and reported as SIPp's watchdog does (run/watchdog.ts).
    this.stopWatchdog = startWatchdog(c.watchdog, this.timers, () => clock.now(), {
      trip: (kind, warning) => {
        this.stats.count(kind === 'major' ? Counter.WatchdogMajor : Counter.WatchdogMinor);
        this.reportError(warning);
      },
      warn: (text) => this.reportError(text),
      fatal: (text) => {
        this.reportError(text);
        this.finish('fatal');
      },
    });
    if (c.runTimeoutMs > 0) {
      this.timeoutTimer = this.timers.setTimeout(() => {
        this.timedOut = true;
        if (!c.timeoutIsError) return this.softQuit();
        // -timeout_error: SIPp stops at once (exit 255), calls in flight and all; measured: an
        // unanswered INVITE with `-timeout 1 -timeout_error` ends after 1 s, not after its 32 s
        // of retransmissions as a soft quit would.
        const secs = (c.runTimeoutMs / 1000).toFixed(3);
        this.reportError(`${this.scenario.fileStem} timed out after '${secs}' seconds`);
        this.finish('fatal');
      }, c.runTimeoutMs);
    }
  }

  private handlers(): TransportHandlers {
    return {
      // A connection opened before the engine exists (a server-mode stream transport given a
      // remote, which connects out) can carry messages at once: they wait for start() to build
      // the engine rather than being lost on a reliable transport that never resends them.
      onMessage: (buf, from, via, ageMs, hash) => {
        if (this.engine !== undefined) this.engine.onDatagram(buf, from, via, ageMs, hash);
        else if (this.early.length < EARLY_MESSAGES_MAX) this.early.push([buf, from, via]);
      },
      onError: (kind, err, via) => {
        this.stats?.count(
          kind === 'recv'
            ? Counter.RecvErrors
            : kind === 'congestion'
              ? Counter.CongestionErrors
              : Counter.SendErrors,
        );
        this.reportError(`${via.protocol} ${kind} error: ${err.message}`);
      },
    };
  }

  /**
   * Stream transports: malformed streams count like malformed datagrams; lost connections fail
   * their calls.
   */
  private transportEvents(): TransportEvents {
    return {
      handlers: this.handlers(),
      onMalformed: (raw, from, reason) => {
        this.stats?.count(Counter.MalformedMessages);
        this.trace.malformed(raw, from, reason);
      },
      onConnectionLost: (via, reason, isShared) => {
        const failed = this.engine?.failCallsOn(via) ?? 0;
        // A peer closing an idle connection (a tn UAC after its call) is no error.
        if (failed > 0 || isShared) {
          this.reportError(failed > 0 ? `${reason}, ${failed} call(s) failed` : reason);
        }
        // SIPp: without -max_reconnect a lost t1 connection ends the run (exit 255).
        if (isShared && this.state !== 'done') this.finish('fatal');
      },
      // -max_reconnect (run/reconnecting-connection.ts): the run goes on over a new connection.
      reconnect: {
        onReconnecting: (via, text, failCalls) => {
          const failed = failCalls ? (this.engine?.failCallsOn(via) ?? 0) : 0;
          this.reportError(failed > 0 ? `${text}, ${failed} call(s) failed` : text);
        },
        onReconnected: (_via, text) => this.reportError(text),
      },
    };
  }

  /** The run's own errors (sockets, connections): through the engine once it exists. */
  private reportError(text: string): void {
    if (this.engine) this.engine.reportError(text);
    else this.trace.error(text);
  }

  // ------------------------------------------------------------------ control surface

  setRate(callsPerPeriod: number): void {
    this.engine.setRate(callsPerPeriod);
  }
  setCallLimit(limit: number): void {
    this.engine.setCallLimit(limit);
  }
  pause(): void {
    this.engine.setPaused(true);
  }
  /** A server's listener toggle: new dialogs refused or taken again; calls in flight go on. */
  setAcceptingDialogs(isAccepting: boolean): void {
    this.engine.setAcceptingDialogs(isAccepting);
  }
  get isAcceptingDialogs(): boolean {
    return this.engine?.isAcceptingDialogs ?? true;
  }
  retraceMessages(): void {
    this.trace.retraceMessages();
    this.engine.retraceMessages();
  }
  resume(): void {
    this.engine.setPaused(false);
  }

  /** The scenario new calls start on. */
  get scenario(): Scenario {
    return this.engine?.scenario ?? this.initialScenario;
  }

  /**
   * Hot reload: new calls start on `scenario`, calls in flight finish on the one they started
   * with. Throws ScenarioError, changing nothing, when the engine cannot run it (another mode,
   * an action it lacks). Statistics are kept per scenario (programSnapshots) and summed.
   */
  replaceScenario(scenario: Scenario): void {
    this.engine.useProgram(this.engine.compile(scenario));
  }

  /** SIPp's `q` / SIGUSR1: first a soft quit, a second one aborts the open calls. */
  softQuit(): void {
    if (this.state === 'done') return;
    this.softQuits++;
    this.state = 'draining';
    if (this.softQuits === 1) this.engine.drain();
    else this.engine.abortAll();
  }

  /** SIGINT / SIGTERM / `Q`: stop now; the exit code is computed as for a normal end. */
  stop(): void {
    this.finish('interrupted');
  }

  snapshot(): StatsSnapshot {
    return this.stats.snapshot(this.wallClock.nowMs());
  }

  /** Each scenario's own figures, in the order they were used. */
  programSnapshots(): ProgramStatsSnapshot[] {
    return this.stats.programSnapshots(this.wallClock.nowMs());
  }

  /** Resolves when the run is over (sockets closed). */
  done(): Promise<RunResult> {
    return this.finished;
  }

  private finish(reason: RunResult['reason']): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.endReason = reason;
    this.ticker?.stop();
    this.stopWatchdog?.();
    if (this.timeoutTimer !== undefined) this.timers.clearTimeout(this.timeoutTimer);
    // Calls still up when the run ends keep what they recorded (-record_wav_dir).
    this.media?.session.finishRecordings();
    const twinGraceMs = reason === 'drained' ? TWIN_CLOSE_GRACE_MS : 0;
    void Promise.all([
      this.sockets.closeAll(),
      this.media?.ports.closeAll(),
      this.media?.session.close(),
      closeThreePccLink(this.twinLink, this.timers, twinGraceMs),
    ]).then(() => {
      const snapshot = this.snapshot();
      this.resolveFinished({
        exitCode: this.exitCode(snapshot),
        reason: this.endReason,
        timedOut: this.timedOut,
        snapshot,
      });
    });
  }

  private exitCode(s: StatsSnapshot): number {
    return sippExitCode(this.endReason, this.timedOut, this.config.timeoutIsError, s);
  }

  status(): RunStatus {
    const e = this.engine;
    const buffers = this.sockets.bufferBytes;
    return {
      rate: e.rate,
      paused: e.paused,
      limit: e.limit,
      currentCalls: e.currentCalls,
      peakCalls: e.peakCalls,
      peakAtMs: e.peakAtMs,
      created: e.created,
      skippedByLimit: e.skippedByLimit,
      askedCps: e.askedCps,
      isScheduling: e.isScheduling,
      isClientMode: e.isClientMode,
      lastError: e.lastError,
      openSockets: this.sockets.openCount,
      socketBuffers: {
        recvBytes: buffers?.recv,
        sendBytes: buffers?.send,
        isDgramIo: this.sockets.isDgramIo,
      },
      // SIPp prints the latest error to stderr at exit, with a count of the others.
      errors: this.trace.summary,
      seed: this.rng.seed,
    };
  }
}
