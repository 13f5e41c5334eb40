/**
 * A scenario compiled for one engine: everything the hot path reads about the scenario, worked
 * out once and never changed after. Each call holds the program it started with, so an engine
 * can swap in a new one (Engine.useProgram, a hot reload) while calls in flight finish on theirs.
 */
import { webrtcRoleOf } from '../scenario/index.ts';
import type { Command, Scenario, Template } from '../scenario/index.ts';
import type { ProgramStatsSource, StatsSink } from '../stats/index.ts';
import type { Transport } from '../transport/index.ts';
import { lastMessageNeededAt } from './last-message-use.ts';
import type { WebRtcRole } from './media-host.ts';
import type { RunContext } from './run-context.ts';
import { runProbe, runTemplates } from './run-templates.ts';

/** What compiling needs from the engine: the run's constants and where statistics go. */
export interface ProgramContext {
  readonly ctx: RunContext;
  /** The shared socket: its port and protocol are folded into templates. */
  readonly transport: Transport;
  /** `-t un`: `[local_port]` differs per call, so it is not folded. */
  readonly socketPerCall: boolean;
  readonly stats: ProgramStatsSource;
  /** Media actions run only with a media host (EngineDeps.media); else they are refused. */
  readonly hasMedia?: boolean;
}

export class ScenarioProgram {
  readonly commands: ReadonlyArray<Command>;
  /** Send templates with the run's constants folded in, by command index. */
  readonly templates: ReadonlyArray<Template | undefined>;
  /** By command index: may a call waiting there still read its last message? (last-message-use) */
  readonly lastNeededAt: ReadonlyArray<boolean>;
  /** By command index: the RTD its `rtd=` stops and its `start_rtd=` starts (-1: none). */
  readonly stopsRtd: Int16Array;
  readonly startsRtd: Int16Array;
  /** By command index: the generic counter its `counter=` adds to (-1: none). */
  readonly countsGeneric: Int16Array;
  readonly rtdCount: number;
  /** By command index: the WebRTC SDP a send renders (webrtc-sdp-wait.ts); empty when none. */
  readonly webrtcRoles: ReadonlyArray<WebRtcRole | undefined>;
  /** Where `_unexp.main` points, if the scenario has it. */
  readonly unexpectedLabel: number | undefined;
  /** This program's statistics: its calls count here, whatever program is current. */
  readonly stats: StatsSink;
  /**
   * `<User variables>` with `-users`: each user's values, kept from one of its calls to the next
   * (SIPp keeps them per user id). Null otherwise: the names are then call variables.
   */
  readonly userVariables: UserVariables | null;
  /** Each call has its own socket or connection (`-t un`, `-t tn`): setdest reads it. */
  readonly socketPerCall: boolean;

  /** Compiles without checking: compileProgram (program-compiler.ts) checks first. */
  constructor(
    readonly scenario: Scenario,
    readonly generation: number,
    pc: ProgramContext,
  ) {
    const commands = scenario.commands;
    this.commands = commands;
    this.socketPerCall = pc.socketPerCall;
    this.templates = runTemplates(commands, runProbe(pc.ctx, pc.transport), pc.socketPerCall);
    this.lastNeededAt = lastMessageNeededAt(scenario);
    this.rtdCount = scenario.rtdNames.length;
    const roles = commands.map((c) => (c.kind === 'send' ? webrtcRoleOf(c.template) : undefined));
    this.webrtcRoles = roles.some((r) => r !== undefined) ? roles : [];
    this.stopsRtd = indexes(commands, (c) => scenario.rtdNames.indexOf(c.rtd ?? '\0'));
    this.startsRtd = indexes(commands, (c) => scenario.rtdNames.indexOf(c.startRtd ?? '\0'));
    this.countsGeneric = indexes(commands, (c) => scenario.counterNames.indexOf(c.counter ?? '\0'));
    this.unexpectedLabel = scenario.labels.get('_unexp.main');
    this.stats = pc.stats.forProgram(scenario, scenario.fileStem);
    const userNames = scenario.userVariables ?? [];
    this.userVariables =
      pc.ctx.users !== undefined && userNames.length > 0
        ? { names: new Set(userNames), byUser: new Map() }
        : null;
  }

  get isClient(): boolean {
    return this.scenario.mode === 'client';
  }
}

/** The `<User>` variable names and, per user id, their values. */
export interface UserVariables {
  readonly names: ReadonlySet<string>;
  readonly byUser: Map<number, Map<string, string>>;
}

function indexes(commands: ReadonlyArray<Command>, of: (c: Command) => number): Int16Array {
  const out = new Int16Array(commands.length);
  for (let i = 0; i < commands.length; i++) out[i] = of(commands[i]);
  return out;
}
