/**
 * What the `<lookup>`, `<insert>` and `<replace>` actions do to a run's injection files, with
 * their attribute values already expanded by the engine. Changes stay in memory, never on disk.
 * The file names were checked at load (checkInjectionUse); errors SIPp treats as fatal (insert
 * into a printf file, replace past the last line) come back as text for the engine's fatal path.
 */
import { GossipperError } from '../errors.ts';
import type { InjectionSet } from './injection-set.ts';

/** `<lookup>`: the line whose `-infindex` field equals `key`, -1 when none. */
export function lookupLine(injection: InjectionSet | undefined, file: string, key: string): number {
  return injection?.file(file)?.lookup(key) ?? -1;
}

/** `<insert>`: appends `value` as a line; returns an error text, or undefined when done. */
export function insertLine(
  injection: InjectionSet | undefined,
  file: string,
  value: string,
): string | undefined {
  const target = injection?.file(file);
  if (target === undefined) return `invalid injection file for insert: ${file}`;
  return fatalText(() => target.insert(value));
}

/**
 * `<replace>`: line `line` (keyword text already expanded, read as C's atoi) becomes `value`;
 * returns an error text, or undefined when done.
 */
export function replaceLine(
  injection: InjectionSet | undefined,
  file: string,
  line: string,
  value: string,
): string | undefined {
  const target = injection?.file(file);
  if (target === undefined) return `invalid injection file for replace: ${file}`;
  const m = /^\s*([-+]?[0-9]+)/.exec(line);
  return fatalText(() => target.replace(m === null ? 0 : Number(m[1]), value));
}

function fatalText(change: () => void): string | undefined {
  try {
    change();
    return undefined;
  } catch (err) {
    if (err instanceof GossipperError) return err.message;
    throw err;
  }
}
