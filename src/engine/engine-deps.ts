/** What an Engine is built from and reports to (kept apart so its parts can name them). */
import type { RunConfig } from '../config/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { ProgramStatsSource } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import type { RunContext } from './run-context.ts';
import type { TwinLink } from './twin-link.ts';
import type { TraceSink } from './trace-sink.ts';
import type { MediaHost } from './media-host.ts';

/** The slice of RunConfig the engine reads. */
export type EngineConfig = Pick<
  RunConfig,
  | 'rate'
  | 'callLimit'
  | 'maxCalls'
  | 'defaultPauseMs'
  | 'recvTimeoutMs'
  | 'retrans'
  | 'callIdFormat'
  | 'autoAnswer'
  | 'defaultBehaviors'
  | 'deadCallWaitMs'
  | 'pauseMsgIgn'
  | 'callidSlashIgn'
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
  /** The scenario the engine starts with (compiled into its first ScenarioProgram). */
  scenario: Scenario;
  /**
   * `-oocsf` / `-oocsn` (client mode): each request of no call starts a call of its own on this
   * scenario, with statistics of its own (out-of-call.ts).
   */
  outOfCallScenario?: Scenario;
  config: EngineConfig;
  ctx: RunContext;
  /** Shared socket (`-t u1`; with `-t un` it still receives out-of-call traffic). */
  transport: Transport;
  /** Where new client calls send to (`-rsa`, else the remote host). */
  remote: RemoteAddress;
  /**
   * `-t un`/`tn`: a socket per client call; undefined = share `transport`. Given the call's
   * injection lines (`-t ui` picks the socket by the local IP in one of their fields).
   */
  openCallSocket?: (injectionLines: Int32Array | null) => Promise<Transport>;
  /** Gives each scenario program its statistics (stats/engine-stats.ts keeps and sums them). */
  stats: ProgramStatsSource;
  trace: TraceSink;
  events: EngineEvents;
  /**
   * Runs an `<exec command>` (already expanded); default: `sh -c`, detached (action-exec.ts).
   * The self-call warm-up passes a no-op so its trial calls start no processes.
   */
  runCommand?: (command: string) => void;
  /** 3PCC: the twin connection(s) `<sendCmd>` writes to (engine/three-pcc.ts); undefined: none. */
  twin?: TwinLink;
  /** RTP for media actions and SDP (src/media/ implements it); undefined: no media. */
  media?: MediaHost;
}

export type EngineState = 'running' | 'draining' | 'done';
