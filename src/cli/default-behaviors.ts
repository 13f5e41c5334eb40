/** `-default_behaviors` list parsing (`-default_behaviors` in `sipp -h`). */
import { FlagError } from '../errors.ts';
import type { DefaultBehaviors } from '../config/index.ts';

type Behavior = keyof DefaultBehaviors;

const NAMED: Record<string, readonly Behavior[]> = {
  all: ['bye', 'abortUnexpected', 'pingReply'],
  none: [],
  bye: ['bye'],
  abortunexp: ['abortUnexpected'],
  pingreply: ['pingReply'],
};

export const DEFAULT_BEHAVIOR_NAMES = Object.keys(NAMED);

export function noDefaultBehaviors(): DefaultBehaviors {
  return { bye: false, abortUnexpected: false, pingReply: false };
}

/**
 * Comma list of all/none/bye/abortunexp/pingreply; a leading `-` turns one off. Like SIPp the
 * list starts from nothing, so `-default_behaviors bye` means only bye and `all,-bye` means all
 * but bye; `none` clears everything set so far.
 */
export function parseDefaultBehaviors(raw: string): DefaultBehaviors {
  const result = noDefaultBehaviors();
  const items = raw.split(',').map((s) => s.trim());
  for (const item of items) {
    const isRemoval = item.startsWith('-');
    const name = (isRemoval ? item.slice(1) : item).toLowerCase();
    const behaviors = NAMED[name];
    if (behaviors === undefined) {
      throw new FlagError(
        'FLAG_VALUE',
        `-default_behaviors: "${item}" is not a default behavior (expected ${DEFAULT_BEHAVIOR_NAMES.join(', ')}, each optionally prefixed with -)`,
        'example: -default_behaviors all,-bye',
      );
    }
    if (name === 'none' && !isRemoval) {
      Object.assign(result, noDefaultBehaviors());
      continue;
    }
    for (const b of behaviors) result[b] = !isRemoval;
  }
  return result;
}
