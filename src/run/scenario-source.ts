/**
 * Where a run's scenario comes from: a built-in by name (`-sn`) or an XML file (`-sf`), loaded
 * with the run's `-key` names as user keywords. The CLI checks it before detaching (`-bg`), the
 * one-shot front-end and every shard load it the same way.
 */
import type { RunConfig } from '../config/index.ts';
import { loadBuiltinScenario, loadScenarioFile } from '../scenario/index.ts';
import type { Scenario } from '../scenario/index.ts';

export function loadScenarioFor(config: RunConfig): Scenario {
  const options = { userKeywords: new Set(Object.keys(config.keywords)) };
  return config.scenario.kind === 'builtin'
    ? loadBuiltinScenario(config.scenario.name, options)
    : loadScenarioFile(config.scenario.path, options);
}
