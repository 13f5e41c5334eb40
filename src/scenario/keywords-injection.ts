/**
 * Keywords fed by injection files and users mode: `[fieldN file="x.csv" line="expr"]`, `[users]`
 * and `[userid]`. Values come from the call (KeywordSource), never from run constants: each call
 * reads its own line, and a user id belongs to one call at a time.
 */
import type { KeywordSpec } from './keyword-spec.ts';
import type { KeywordText } from './keyword-syntax.ts';
import type { FieldRef } from './model.ts';

export const USER_KEYWORDS = {
  // SIPp prints -1 and 0 when the run is not in users mode.
  users: { resolve: (src) => String(src.users ?? -1) },
  userid: { resolve: (src) => String(src.userId ?? 0) },
} satisfies Record<string, KeywordSpec>;

const FIELD_NAME = /^field([0-9]+)$/;

/**
 * `[fieldN ...]` → its spec, or an error text. `checkLine` validates the keywords of a `line=`
 * expression (returns an error text or undefined), so a bad one is a load-time error.
 */
export function fieldKeyword(
  kw: KeywordText,
  checkLine: (text: string) => string | undefined,
): { spec: KeywordSpec } | { error: string } {
  const m = FIELD_NAME.exec(kw.name);
  if (m === null) return { error: `keyword [${kw.name}]: expected field<N>, as in [field0]` };
  const line = kw.params.line;
  if (line !== undefined) {
    const bad = checkLine(line);
    if (bad !== undefined) return { error: `[${kw.name} line="${line}"]: ${bad}` };
  }
  const ref: FieldRef = { field: Number(m[1]), file: kw.params.file, line };
  return {
    spec: {
      resolve: (src) => (src.injectedField === undefined ? '' : src.injectedField(ref)),
      swallowsLineBreak: true,
    },
  };
}
