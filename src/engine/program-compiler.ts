/**
 * Checks a scenario against what this engine runs, then compiles it into a ScenarioProgram.
 * Kept apart from scenario-program.ts so that a call (which names its program) does not depend
 * on the action handlers.
 */
import { ScenarioError } from '../errors.ts';
import { scenarioUsesWebRtc } from '../scenario/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { checkInjectionUse } from '../injection/index.ts';
import { assertActionsSupported } from './actions.ts';
import { ScenarioProgram } from './scenario-program.ts';
import type { ProgramContext } from './scenario-program.ts';

/** Throws ScenarioError (file, line, action) for an action this engine does not run. */
export function compileProgram(
  scenario: Scenario,
  generation: number,
  pc: ProgramContext,
): ScenarioProgram {
  assertActionsSupported(scenario, pc.hasMedia === true);
  // Without a media host the keywords would render empty bodies: refuse, as media actions are.
  if (pc.hasMedia !== true && scenarioUsesWebRtc(scenario))
    throw new ScenarioError(
      `${scenario.fileStem}: [webrtc_offer]/[webrtc_answer] need media, which this engine has not`,
      'a one-shot run opens media (and loads werift) for a scenario with these keywords',
    );
  checkInjectionUse(scenario, pc.ctx.injection);
  return new ScenarioProgram(scenario, generation, pc);
}
