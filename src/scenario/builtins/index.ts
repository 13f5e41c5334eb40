/** Built-in scenarios (`-sn`, `-sd`). */
import { GossipperError } from '../../errors.ts';
import { buildScenario, type LoadScenarioOptions } from '../load-scenario.ts';
import type { Scenario } from '../model.ts';
import { UAC_XML } from './uac.ts';
import { UAS_XML } from './uas.ts';

const BUILTINS: Readonly<Record<string, string>> = { uac: UAC_XML, uas: UAS_XML };

/** Names Gossipper ships. */
export const BUILTIN_SCENARIO_NAMES: readonly string[] = Object.keys(BUILTINS);

/** SIPp 3.6.1 built-ins not shipped yet. */
const SIPP_ONLY_BUILTINS: readonly string[] = [
  'regexp',
  'branchc',
  'branchs',
  '3pcc-C-A',
  '3pcc-C-B',
  '3pcc-A',
  '3pcc-B',
  'uac_pcap',
  'ooc_default',
  'ooc_dummy',
];

/** The XML of a built-in, undefined for any other name. */
export function builtinScenarioXml(name: string): string | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}

/** Loads a built-in; its `fileStem` is the name (SIPp's trace-file prefix for -sn). */
export function loadBuiltinScenario(name: string, options: LoadScenarioOptions = {}): Scenario {
  const xml = builtinScenarioXml(name);
  const available = `available: ${BUILTIN_SCENARIO_NAMES.join(', ')}`;
  if (xml === undefined) {
    const what = SIPP_ONLY_BUILTINS.includes(name)
      ? `built-in scenario "${name}" is not available in this version (${available})`
      : `unknown built-in scenario "${name}" (${available})`;
    throw new GossipperError(
      'SCENARIO_NOT_FOUND',
      what,
      'use -sf <file> for a scenario of your own',
    );
  }
  return buildScenario(xml, `${name}.xml`, name, options);
}
