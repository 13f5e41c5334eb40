/**
 * Attribute value parsers with SIPp's acceptance rules: integers as C `strtol(…, 0)` (decimal,
 * `0x` hex, leading-0 octal) consuming the whole text, doubles as `strtod`, booleans as
 * `true`/`false` (any case) or such an integer. An empty value parses as 0 / false, like strtol.
 */

const C_LONG = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
const C_DOUBLE = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** Integer per strtol base 0, or undefined when text is left over. */
export function parseCLong(text: string): number | undefined {
  if (text.trim() === '') return 0;
  const m = C_LONG.exec(text);
  if (!m) return undefined;
  const digits = m[2];
  let value: number;
  if (/^0[xX]/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits[0] === '0') value = parseInt(digits, 8);
  else value = parseInt(digits, 10);
  return m[1] === '-' ? -value : value;
}

/** Double per strtod, or undefined when text is left over. */
export function parseCDouble(text: string): number | undefined {
  if (text.trim() === '') return 0;
  if (!C_DOUBLE.test(text)) return undefined;
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^([+-]?)inf(inity)?$/, '$1Infinity');
  return t.endsWith('nan') ? NaN : Number(t);
}

/** SIPp boolean: true/false in any case, or an integer (0 = false). */
export function parseSippBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const n = parseCLong(text);
  return n === undefined ? undefined : n !== 0;
}
