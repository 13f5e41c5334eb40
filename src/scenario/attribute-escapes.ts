/**
 * SIPp's backslash escapes in scenario attribute values. sipp 3.6.1's XML reader turns `\n`,
 * `\r`, `\t` into LF, CR and TAB, `\\` into one backslash and `\"` into a quote (which then does
 * not end the value); any other backslash stays with the character after it (`\q`, `\.`, `\d`,
 * `\x41` reach the action as written). This holds for every attribute (`display`, `message`,
 * `command`, `value`, ereg's `regexp`: `regexp="a\\.b"` is the POSIX pattern `a\.b`), never for
 * CDATA message bodies. Observed with sipp 3.6.1 (test/scenario/attribute-escapes.test.ts).
 *
 * xml-source.ts stands a PLACEHOLDER in for the quote of a `\"` (same length, so offsets do not
 * move) so the XML parser does not end the value there; unescapeAttribute turns it back.
 */

/** Private-use character standing for the `"` of a `\"` inside an attribute value. */
export const ESCAPED_QUOTE_PLACEHOLDER = '\uE000';
/**
 * Private-use character standing for a `<` inside an attribute value, which XML forbids and SIPp
 * reads as itself (`display=">>> hold <<<"`, measured with sipp 3.6.1).
 */
export const LESS_THAN_PLACEHOLDER = '\uE001';

const SIMPLE: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  [ESCAPED_QUOTE_PLACEHOLDER]: '"',
};

/** An attribute value as SIPp reads it (entities are already decoded by the XML parser). */
export function unescapeAttribute(raw: string): string {
  const value = raw.includes(LESS_THAN_PLACEHOLDER)
    ? raw.replaceAll(LESS_THAN_PLACEHOLDER, '<')
    : raw;
  if (!value.includes('\\')) return value;
  let out = '';
  let from = 0;
  for (let i = value.indexOf('\\'); i !== -1 && i < value.length - 1; i = value.indexOf('\\', i)) {
    const replaced = SIMPLE[value[i + 1]!];
    if (replaced === undefined) {
      i += 2;
      continue;
    }
    out += value.slice(from, i) + replaced;
    i += 2;
    from = i;
  }
  return out + value.slice(from);
}
