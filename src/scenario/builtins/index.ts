/** Built-in scenarios (`-sn`, `-sd`). */
import { GossipperError } from '../../errors.ts';
import { buildScenario, type LoadScenarioOptions } from '../load-scenario.ts';
import type { Scenario } from '../model.ts';
import { BRANCHC_XML, BRANCHS_XML } from './branch.ts';
import { MANAGEMENT_XML } from './management.ts';
import { OOC_DEFAULT_XML, OOC_DUMMY_XML } from './out-of-call.ts';
import { REGEXP_XML } from './regexp.ts';
import {
  THREE_PCC_A_XML,
  THREE_PCC_B_XML,
  THREE_PCC_C_A_XML,
  THREE_PCC_C_B_XML,
} from './three-pcc.ts';
import { UAC_XML } from './uac.ts';
import { UAS_XML } from './uas.ts';
import { UAC_PCAP_XML } from './uac-pcap.ts';

/** In SIPp 3.6.1's `-sd` order. */
const BUILTINS: Readonly<Record<string, string>> = {
  uac: UAC_XML,
  uas: UAS_XML,
  regexp: REGEXP_XML,
  branchc: BRANCHC_XML,
  branchs: BRANCHS_XML,
  '3pcc-C-A': THREE_PCC_C_A_XML,
  '3pcc-C-B': THREE_PCC_C_B_XML,
  '3pcc-A': THREE_PCC_A_XML,
  '3pcc-B': THREE_PCC_B_XML,
  uac_pcap: UAC_PCAP_XML,
  ooc_default: OOC_DEFAULT_XML,
  ooc_dummy: OOC_DUMMY_XML,
  // Gossipper's own, after SIPp's: `gossipper server`'s default.
  management: MANAGEMENT_XML,
};

/** Names Gossipper ships. */
export const BUILTIN_SCENARIO_NAMES: readonly string[] = Object.keys(BUILTINS);

/** SIPp 3.6.1 built-ins not shipped yet (none since uac_pcap came with media). */
const SIPP_ONLY_BUILTINS: readonly string[] = [];

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
