/**
 * Fields of a printf injection file (`PRINTF=n` in the mode line): every `%[flags][width][.prec]d`
 * is replaced by the virtual line's number, formatted as C's printf would; `%%` is a literal `%`.
 * SIPp allows only digits, `.` and `-` between `%` and `d`, and so do we.
 */

const CONVERSION = /%(%|[-0-9.]*d)/g;
const SPEC = /^(-?)(0?)(-?)([0-9]*)(?:\.([0-9]*))?d$/;

/** Why `text` is not a valid printf field, or undefined when it is. */
export function printfFieldError(text: string): string | undefined {
  for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
    if (text[at + 1] === '%') {
      at++;
      continue;
    }
    let i = at + 1;
    while (i < text.length && text[i] !== 'd') {
      if (!/[-0-9.]/.test(text[i]))
        return `only decimal %d conversions are allowed, not '${text[i]}' in "${text}"`;
      i++;
    }
    if (i === text.length) return `"%" without a closing "d" in "${text}"`;
    if (!SPEC.test(text.slice(at + 1, i + 1)))
      return `malformed conversion "${text.slice(at, i + 1)}" in "${text}"`;
    at = i;
  }
  return undefined;
}

/** C's `%<spec>` for an integer: `-` left-aligns, `0` zero-pads, `.prec` sets minimum digits. */
function formatInt(spec: string, value: number): string {
  const m = SPEC.exec(spec);
  if (m === null) return spec;
  const leftAlign = m[1] === '-' || m[3] === '-';
  const width = m[4] === '' ? 0 : Number(m[4]);
  const precision = m[5] === undefined ? -1 : Number(m[5] === '' ? 0 : m[5]);
  const negative = value < 0;
  let digits = String(Math.abs(value));
  if (precision === 0 && value === 0) digits = '';
  if (precision > digits.length) digits = digits.padStart(precision, '0');
  const sign = negative ? '-' : '';
  if (leftAlign) return (sign + digits).padEnd(width, ' ');
  // The 0 flag pads between sign and digits, and is ignored when a precision is given.
  if (m[2] === '0' && precision === -1) return sign + digits.padStart(width - sign.length, '0');
  return (sign + digits).padStart(width, ' ');
}

/** Formats a field checked by printfFieldError with `value`. */
export function formatPrintfField(text: string, value: number): string {
  if (!text.includes('%')) return text;
  return text.replace(CONVERSION, (_all, spec: string) =>
    spec === '%' ? '%' : formatInt(spec, value),
  );
}
