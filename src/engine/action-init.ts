/**
 * Runs a scenario's `<init>` once, when the engine is built and before any call: its nops'
 * actions in a pseudo call of their own, so only `<Global>` variables (and `-set` ones) outlive
 * it, as in SIPp. `next=`/`test=`/`chance=`/`condexec` and `jump` work within init's own
 * commands; a stop_* exec or `error` ends init there.
 */
import type { RemoteAddress } from '../transport/index.ts';
import { ActionOutcome, runActions } from './actions.ts';
import { Call } from './call.ts';
import type { EngineCore } from './engine-core.ts';

/** A guard against an init that loops forever (SIPp would hang before sending anything). */
const MAX_INIT_STEPS = 1_000_000;

function isSet(call: Call, name: string): boolean {
  const v = call.variable(name);
  return v !== '' && v !== 'false' && v !== '0.000000';
}

export function runInitStanza(core: EngineCore, remote: RemoteAddress): void {
  const program = core.program;
  const init = program.scenario.init;
  if (init.length === 0) return;
  const call = new Call(core.ctx, program, 0, 'init', core.transport, remote, core.now());
  let steps = 0;
  while (call.index < init.length) {
    if (++steps > MAX_INIT_STEPS) {
      core.fatal(call, `<init> did not finish after ${MAX_INIT_STEPS} steps (a jump loop?)`);
      return;
    }
    const cmd = init[call.index];
    const skip = cmd.condExec !== undefined && isSet(call, cmd.condExec) === cmd.condExecInverse;
    if (!skip && cmd.actions.length > 0) {
      const outcome = runActions(call, cmd.actions, core, null);
      if (outcome !== ActionOutcome.Continue && outcome !== ActionOutcome.Failed) return;
    }
    const at = call.index;
    const from = at >= 0 ? init[at] : undefined;
    let next = at + 1;
    if (
      from?.next !== undefined &&
      (from.test === undefined || isSet(call, from.test)) &&
      (from.chance === undefined || core.rng.next() < from.chance)
    )
      next = from.next;
    call.index = next;
  }
}
