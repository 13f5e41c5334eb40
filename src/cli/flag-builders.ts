/** Small constructors that keep the flag table files declarative and short. */
import type { AvailableFlag, FlagContext, FlagGroupId, UnavailableFlag } from './flag-types.ts';

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

/**
 * A SIPp flag that means nothing in Gossipper: accepted (so SIPp command lines run unchanged),
 * with a one-line note on stderr saying why it has no effect.
 */
export function acceptedWithNote(
  group: FlagGroupId,
  name: string,
  kind: 'none' | 'int' | 'bool' | 'time-ms',
  argName: string,
  help: string,
  why: string,
  defaultText?: string,
): AvailableFlag {
  const apply = (ctx: FlagContext): void => {
    ctx.notes.push(`-${name} has no effect in Gossipper: ${why}`);
  };
  const common = { name, group, help, defaultText, available: true as const };
  switch (kind) {
    case 'none':
      return { ...common, kind, apply };
    case 'int':
      return { ...common, kind, argName, apply };
    case 'bool':
      return { ...common, kind, argName, apply };
    case 'time-ms':
      return { ...common, kind: 'time', unit: 'ms', argName, apply };
  }
}
