/**
 * Builds an Engine on a FakeClock, a MemoryTransport and real statistics (EngineStats), and
 * steps it as the run loop does (deliver what arrived, then tick), a simulated ms at a time.
 */
import { defaultRunConfig } from '../../src/config/run-config.ts';
import type {
  DefaultBehaviors,
  RateConfig,
  RetransConfig,
  RunConfig,
} from '../../src/config/run-config.ts';
import { Engine, FakeClock, SeededRng } from '../../src/engine/index.ts';
import type {
  EngineConfig,
  MediaHost,
  Rng,
  RunContext,
  TraceSink,
  TwinLink,
} from '../../src/engine/index.ts';
import { loadBuiltinScenario, loadScenarioXml } from '../../src/scenario/index.ts';
import type { Scenario } from '../../src/scenario/index.ts';
import type { InjectionSet } from '../../src/injection/index.ts';
import { EngineStats } from '../../src/stats/index.ts';
import type { CounterValues, StatsSnapshot } from '../../src/stats/index.ts';
import type { RemoteAddress, Transport } from '../../src/transport/transport.ts';
import { MemoryTransport, PEER_ADDRESS } from '../peers/memory-transport.ts';
import type { ScriptedPeer } from '../peers/memory-transport.ts';

export const PID = 4242;

export interface HarnessOptions {
  /** Built-in name or scenario XML text (anything starting with `<`). */
  scenario: 'uac' | 'uas' | string;
  rate?: Partial<RateConfig>;
  retrans?: Partial<RetransConfig>;
  defaultBehaviors?: Partial<DefaultBehaviors>;
  config?: Partial<Omit<RunConfig, 'rate' | 'retrans' | 'defaultBehaviors'>>;
  peer?: ScriptedPeer;
  /** `-t un`: called for each client call. */
  openCallSocket?: () => Promise<Transport>;
  /** The random source (`lost=`, `chance=`, uniform pauses); default: seeded with HARNESS_SEED. */
  rng?: Rng;
  /** RunContext.engineId; default the pid, as a single-engine run. */
  engineId?: string;
  /** RunContext.injection (`-inf` files) and RunContext.users (`-users`). */
  injection?: InjectionSet;
  users?: number;
  /** `-oocsf` / `-oocsn`: built-in name or XML text, as `scenario`. */
  outOfCallScenario?: string;
  /** 3PCC: where `<sendCmd>` sends (EngineDeps.twin). */
  twin?: TwinLink;
  /** EngineDeps.media: a scripted media host (none by default: media actions are refused). */
  media?: MediaHost;
  /** RunContext address values (an IPv6 run: run/addresses.ts addressKeywordValues). */
  addresses?: Partial<
    Pick<RunContext, 'remoteIp' | 'localIp' | 'localIpType' | 'mediaIp' | 'mediaIpType'>
  >;
}

/** A fixed seed, so a test that draws numbers without choosing a source still repeats. */
export const HARNESS_SEED = 1;

/** A TraceSink that keeps everything for assertions. */
export class RecordingTrace implements TraceSink {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly malformedDatagrams: Array<{ raw: Buffer; from: RemoteAddress; reason: string }> = [];
  error(text: string): void {
    this.errors.push(text);
  }
  malformed(raw: Buffer, from: RemoteAddress, reason: string): void {
    // `raw` is lent (TraceSink contract): keep a copy.
    this.malformedDatagrams.push({ raw: Buffer.from(raw), from, reason });
  }
  warning(text: string): void {
    this.warnings.push(text);
  }
  /** `<log>` action lines (the -trace_logs file). */
  readonly logs: string[] = [];
  log(text: string): void {
    this.logs.push(text);
  }
}

export class EngineHarness {
  readonly clock = new FakeClock(0);
  readonly transport: MemoryTransport;
  readonly trace = new RecordingTrace();
  /** One RunStats per scenario program (a swap adds one), summed by snapshot(). */
  readonly stats: EngineStats;
  readonly engine: Engine;
  readonly scenario: Scenario;
  readonly config: EngineConfig;
  readonly done: string[] = [];
  softQuits = 0;
  /** Ticks skipped because the engine said it was not needed (as run/ticker.ts sleeps). */
  skippedTicks = 0;
  wakes = 0;
  /** Clock time of the next tick the ticker would make; Infinity: asleep until onWork. */
  private nextTickAt = 0;

  constructor(o: HarnessOptions) {
    this.scenario = o.scenario.trimStart().startsWith('<')
      ? loadScenarioXml(o.scenario, 'test.xml')
      : loadBuiltinScenario(o.scenario);
    const base = defaultRunConfig();
    this.config = {
      ...base,
      ...o.config,
      rate: { ...base.rate, ...o.rate },
      retrans: { ...base.retrans, ...o.retrans },
      defaultBehaviors: { ...base.defaultBehaviors, ...o.defaultBehaviors },
    };
    this.transport = new MemoryTransport(this.clock);
    if (o.peer) this.transport.connect(o.peer);
    this.stats = new EngineStats(() => this.clock.now());
    const ooc = o.outOfCallScenario;
    this.engine = new Engine({
      scenario: this.scenario,
      outOfCallScenario:
        ooc === undefined
          ? undefined
          : ooc.trimStart().startsWith('<')
            ? loadScenarioXml(ooc, 'ooc.xml')
            : loadBuiltinScenario(ooc),
      config: this.config,
      ctx: {
        clock: this.clock,
        rng: o.rng ?? new SeededRng(HARNESS_SEED),
        pid: PID,
        engineId: o.engineId ?? String(PID),
        service: 'service',
        remoteIp: PEER_ADDRESS.address,
        remoteHost: PEER_ADDRESS.address,
        remotePort: PEER_ADDRESS.port,
        localIp: '127.0.0.1',
        localIpType: 4,
        mediaIp: '127.0.0.1',
        mediaIpType: 4,
        ...o.addresses,
        mediaPort: 6000,
        baseCseq: o.config?.baseCseq ?? base.baseCseq,
        userKeywords: {},
        globals: new Map(),
        globalNames: new Set(this.scenario.globalVariables),
        injection: o.injection,
        users: o.users,
      },
      transport: this.transport,
      remote: PEER_ADDRESS,
      openCallSocket: o.openCallSocket,
      twin: o.twin,
      media: o.media,
      stats: this.stats,
      trace: this.trace,
      events: {
        onDone: (reason) => this.done.push(reason),
        onSoftQuitRequested: () => this.softQuits++,
        onWork: () => {
          this.wakes++;
          this.nextTickAt = 0;
        },
      },
    });
    // Messages are lent as the batched UDP transport lends them: from one reused area that is
    // scribbled over after each message, so a call keeping a view instead of a copy breaks tests.
    const area = Buffer.alloc(1 << 17);
    this.transport.onMessage((buf, from, via) => {
      const view = area.subarray(0, buf.length);
      buf.copy(view);
      this.engine.onDatagram(view, from, via);
      view.fill(0x58);
    });
  }

  /**
   * Runs `ms` simulated milliseconds, one at a time: deliver due datagrams, then tick, unless
   * the engine's last tick said it was not needed yet (and no onWork came since), as the real
   * ticker does. A missing onWork therefore shows up as a timer that never fires.
   */
  run(ms: number): void {
    for (let i = 0; i < ms; i++) {
      this.clock.advance(1);
      this.transport.deliverDue();
      this.tickIfDue();
    }
  }

  /** A stalled loop: the clock jumps `ms` at once and the engine ticks once (if due). */
  jump(ms: number): void {
    this.clock.advance(ms);
    this.transport.deliverDue();
    this.tickIfDue();
  }

  private tickIfDue(): void {
    const now = this.clock.now();
    if (now < this.nextTickAt) {
      this.skippedTicks++;
      return;
    }
    const inMs = this.engine.tick();
    this.nextTickAt = inMs > 1 ? now + inMs : 0;
  }

  /** Delivers what is due now (e.g. an injected datagram) without moving the clock. */
  deliver(): void {
    this.transport.deliverDue();
  }

  snapshot(): StatsSnapshot {
    return this.stats.snapshot(this.clock.now());
  }

  counters(): CounterValues {
    return this.snapshot().cumulative;
  }
}

/** A client scenario sending one request and expecting its answer: a minimal fixture. */
export function clientXml(body: string): string {
  return `<?xml version="1.0"?>\n<scenario name="test">\n${body}\n</scenario>\n`;
}

/** `<send>` of a request with the usual headers; `extra` adds attributes. */
export function sendRequest(method: string, extra = '', cseq = `[cseq] ${method}`): string {
  return `<send${extra ? ' ' + extra : ''}><![CDATA[
${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: ${cseq}
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0

]]></send>`;
}
