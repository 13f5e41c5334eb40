/**
 * Where a run's scenario comes from: a built-in by name (`-sn`) or an XML file (`-sf`), loaded
 * with the run's `-key` names as user keywords. The CLI checks it before detaching (`-bg`), the
 * one-shot front-end and every shard load it the same way.
 */
import type { RunConfig } from '../config/index.ts';
import { loadBuiltinScenario, loadScenarioFile } from '../scenario/index.ts';
import type { Scenario } from '../scenario/index.ts';

export function loadScenarioFor(config: RunConfig): Scenario {
  const options = {
    userKeywords: new Set(Object.keys(config.keywords)),
    globalNames: new Set(Object.keys(config.globals)),
  };
  const scenario =
    config.scenario.kind === 'builtin'
      ? loadBuiltinScenario(config.scenario.name, options)
      : loadScenarioFile(config.scenario.path, options);
  return withDefaultLoss(scenario, config.lostPercent);
}

/** The `-oocsf` / `-oocsn` scenario (SIPp's out-of-call scenario), undefined without either. */
export function loadOutOfCallScenarioFor(config: RunConfig): Scenario | undefined {
  const source = config.outOfCallScenario;
  if (source === undefined) return undefined;
  const options = {
    userKeywords: new Set(Object.keys(config.keywords)),
    globalNames: new Set(Object.keys(config.globals)),
  };
  return source.kind === 'builtin'
    ? loadBuiltinScenario(source.name, options)
    : loadScenarioFile(source.path, options);
}

/**
 * `-lost P`: SIPp loses P% of every send and recv that has no `lost` attribute of its own, so
 * the default is written into those commands once here and the engine draws as for `lost=`.
 */
export function withDefaultLoss(scenario: Scenario, percent: number): Scenario {
  if (!(percent > 0)) return scenario;
  const commands = scenario.commands.map((c) =>
    (c.kind === 'send' || c.kind === 'recv') && c.lostPercent === undefined
      ? { ...c, lostPercent: percent }
      : c,
  );
  return { ...scenario, commands };
}
