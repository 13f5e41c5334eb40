/**
 * SIPp's out-of-call scenario (`-oocsf` / `-oocsn`, client mode only). A request whose Call-ID
 * belongs to no call (and to no recently ended one) starts a call of its own on this scenario,
 * which then runs like any other call: later messages with that Call-ID reach it, its timers
 * and retransmissions work, and it ends as its scenario says.
 *
 * What SIPp 3.6.1 does, and so do we: the new call counts as an incoming call in the out-of-call
 * scenario's own statistics (kept apart: they are not summed into the run's), the run counts an
 * auto-answered message, and a warning names the method. Out-of-call responses are still only
 * counted (unexpected-messages.ts). Without the flags none of this exists and routing costs one
 * null check.
 */
import type { Scenario } from '../scenario/index.ts';
import type { SipMessage } from '../sip/index.ts';
import { Counter, RunStats } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { Call } from './call.ts';
import type { EngineCore } from './engine-core.ts';
import { compileProgram } from './program-compiler.ts';
import type { ScenarioProgram } from './scenario-program.ts';

export class OutOfCallCalls {
  /** The compiled out-of-call scenario. */
  readonly program: ScenarioProgram;
  /** Its own statistics (what `program.stats` writes to), for reports. */
  readonly stats: RunStats;
  /** Out-of-call calls started so far: their `[call_number]`. */
  private started = 0;

  /** Throws ScenarioError when the scenario uses an action this engine does not run. */
  constructor(
    private readonly core: EngineCore,
    scenario: Scenario,
  ) {
    const stats = new RunStats(scenario, core.wallClockMs());
    this.stats = stats;
    // Generation 0: never one of the engine's main programs (those count from 1).
    this.program = compileProgram(scenario, 0, {
      ...core.programContext,
      stats: { forProgram: () => stats },
    });
  }

  /** A call on the out-of-call scenario for `msg`, registered; the caller hands it `msg`. */
  admit(msg: SipMessage, callId: string, from: RemoteAddress, via: Transport): Call {
    const core = this.core;
    this.program.stats.count(Counter.IncomingCall);
    core.program.stats.count(Counter.AutoAnswered);
    const text = `Received out-of-call ${msg.method} message, using the out-of-call scenario`;
    core.program.stats.count(Counter.Warnings);
    core.lastErrorText = text;
    core.trace.warning(text);
    const remote = { address: from.address, port: from.port };
    const call = new Call(core.ctx, this.program, ++this.started, callId, via, remote, core.now());
    core.addCall(call);
    return call;
  }
}
