/** Small constructors that keep the flag table files declarative and short. */
import type { FlagGroupId, UnavailableFlag } from './flag-types.ts';

/**
 * A SIPp flag this version does not implement yet. `argName` is '' for a switch.
 */
export function notYet(
  group: FlagGroupId,
  name: string,
  argName: string,
  help: string,
  defaultText?: string,
): UnavailableFlag {
  return { name, group, argName, help, defaultText, available: false };
}
