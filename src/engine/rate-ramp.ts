/** The `-rate_increase` / `-rate_max` ramp rule, shared by one engine and a sharded run. */

export interface RampStep {
  /** The rate for the next interval. */
  rate: number;
  /** The ramp clamped at `-rate_max`: stop ramping (and soft-quit unless `-no_rate_quit`). */
  reachedMax: boolean;
}

/**
 * One ramp step. SIPp clamps and quits only once an increase goes past -rate_max
 * (`rate > rate_max`), so the run spends one full interval at -rate_max before quitting.
 * `max` 0 means no maximum.
 */
export function nextRampRate(rate: number, increase: number, max: number): RampStep {
  const next = rate + increase;
  if (max > 0 && next > max) return { rate: max, reachedMax: true };
  return { rate: next, reachedMax: false };
}
