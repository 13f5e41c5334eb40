/** One measured number from one run, as stored in the JSON results, and how trials alternate. */
import { IMPLS, type Impl } from './commands.ts';
import type { Measure } from './options.ts';

export interface TrialRecord {
  measure: Measure;
  /** What was measured inside the measure: `uac`, `uas`, `udp-uac`, `p99`... */
  metric: string;
  impl: Impl;
  trial: number;
  value: number;
  unit: string;
  /** False when the run had failed calls, retransmissions or timeouts (value kept, flagged). */
  clean: boolean;
  problems: string[];
  detail: Record<string, number | string | boolean>;
}

/** Trial 1 runs Gossipper first, trial 2 SIPp first, and so on (A/B, B/A, ...). */
export function trialOrder(trial: number): Impl[] {
  return trial % 2 === 1 ? [...IMPLS] : [...IMPLS].reverse();
}

/** Values of one metric and implementation across trials (NaN for unclean runs if asked). */
export function valuesOf(
  records: readonly TrialRecord[],
  metric: string,
  impl: Impl,
  cleanOnly = false,
): number[] {
  return records
    .filter((r) => r.metric === metric && r.impl === impl)
    .map((r) => (cleanOnly && !r.clean ? NaN : r.value));
}
