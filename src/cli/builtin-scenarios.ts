/**
 * Access to the built-in scenarios for -sd and -sn. Imported lazily so that help, version and
 * flag errors do not load the scenario compiler.
 */
import { FlagError } from '../errors.ts';

async function scenarioModule() {
  return import('../scenario/index.ts');
}

function unknownName(flag: string, name: string, names: readonly string[]): FlagError {
  return new FlagError(
    'FLAG_VALUE',
    `${flag}: "${name}" is not a built-in scenario (available: ${names.join(', ')})`,
    flag === '-sd' ? undefined : 'use -sf <file> for a scenario of your own',
  );
}

/** The XML that `-sd <name>` prints; FlagError listing the names when there is no such one. */
export async function builtinXmlFor(name: string): Promise<string> {
  const scenarios = await scenarioModule();
  const xml = scenarios.builtinScenarioXml(name);
  if (xml === undefined) throw unknownName('-sd', name, scenarios.BUILTIN_SCENARIO_NAMES);
  return xml;
}

/** Checks a `-sn` name before a run starts. */
export async function assertBuiltinExists(name: string): Promise<void> {
  const scenarios = await scenarioModule();
  if (!scenarios.BUILTIN_SCENARIO_NAMES.includes(name)) {
    throw unknownName('-sn', name, scenarios.BUILTIN_SCENARIO_NAMES);
  }
}
