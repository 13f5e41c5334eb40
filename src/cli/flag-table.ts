/**
 * The one declarative table of SIPp scenario flags. Parsing (parse-flags.ts), `-h` text
 * (help-text.ts) and flag errors are all driven from it; the entries live in one file per
 * SIPp help section.
 */
import type { FlagGroupId, FlagSpec } from './flag-types.ts';
import { SCENARIO_FLAGS } from './flags-scenario.ts';
import { NETWORK_FLAGS } from './flags-network.ts';
import { OVERALL_FLAGS } from './flags-overall.ts';
import { CALL_FLAGS } from './flags-call.ts';
import { INJECTION_FLAGS } from './flags-injection.ts';
import { MEDIA_FLAGS } from './flags-media.ts';
import { RECORDING_FLAGS } from './flags-recording.ts';
import { SRTP_FLAGS } from './flags-srtp.ts';
import { RATE_FLAGS } from './flags-rate.ts';
import { RETRANS_FLAGS } from './flags-retrans.ts';
import { PERFORMANCE_FLAGS, THIRD_PARTY_FLAGS } from './flags-advanced.ts';
import { TRACING_FLAGS } from './flags-tracing.ts';
import { RESULTS_FLAGS } from './flags-results.ts';
import { REPORT_FLAGS } from './flags-report.ts';
import { SERVER_FLAGS } from './flags-server.ts';
import { HEP_FLAGS } from './flags-hep.ts';

/** Help sections: the reference puts HEP first, then SIPp's, in SIPp's order with its titles. */
export const FLAG_GROUPS: readonly { id: FlagGroupId; title: string }[] = [
  { id: 'hep', title: 'HEP export options (Homer)' },
  { id: 'scenario', title: 'Scenario file options' },
  { id: 'network', title: 'IP, port and protocol options' },
  { id: 'overall', title: 'Overall behavior options' },
  { id: 'call', title: 'Call behavior options' },
  { id: 'injection', title: 'Injection file options' },
  { id: 'media', title: 'RTP behaviour options' },
  { id: 'rate', title: 'Call rate options' },
  { id: 'retrans', title: 'Retransmission and timeout options' },
  { id: '3pcc', title: 'Third-party call control options' },
  { id: 'performance', title: 'Performance and watchdog options' },
  { id: 'tracing', title: 'Tracing, logging and statistics options' },
];

export const FLAG_TABLE: readonly FlagSpec[] = [
  ...SCENARIO_FLAGS,
  ...NETWORK_FLAGS,
  ...OVERALL_FLAGS,
  ...CALL_FLAGS,
  ...INJECTION_FLAGS,
  ...MEDIA_FLAGS,
  ...RECORDING_FLAGS,
  ...SRTP_FLAGS,
  ...RATE_FLAGS,
  ...RETRANS_FLAGS,
  ...THIRD_PARTY_FLAGS,
  ...PERFORMANCE_FLAGS,
  ...TRACING_FLAGS,
  ...RESULTS_FLAGS,
  ...REPORT_FLAGS,
  ...HEP_FLAGS,
  // Not in FLAG_GROUPS: `gossipper server -h` lists them (server-help.ts), `sipp -h` does not.
  ...SERVER_FLAGS,
];

const BY_NAME: ReadonlyMap<string, FlagSpec> = new Map(FLAG_TABLE.map((f) => [f.name, f]));

/** The table entry for a flag name without its dash (case-sensitive, like SIPp: -T2). */
export function findFlag(name: string): FlagSpec | undefined {
  return BY_NAME.get(name);
}

export const FLAG_NAMES: readonly string[] = FLAG_TABLE.map((f) => f.name);
