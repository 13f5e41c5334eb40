/**
 * How SIPp's typed call variables look in Gossipper's string store. A double prints with %lf,
 * except that 0 counts as unset and prints nothing (SIPp's `[$x]` of a zero double is empty,
 * measured on 3.6.1), so it is stored as ''; a bool is "true"/"false"; strings and regexp
 * matches are themselves.
 */

/** A double as SIPp shows it: six decimals, '' for zero. */
export function formatDouble(v: number): string {
  return v === 0 ? '' : v.toFixed(6);
}

/**
 * SIPp 3.6.1's getDouble on a call variable: its value when it holds a double, 1/0 for a bool,
 * and 0 for a string or regexp match (measured: `assignstr` "5", or an ereg capture "7", then
 * `<test compare="greater_than" value="3">` is false and `<add value="1">` gives 1; only
 * `todouble` reads a string as a number). In the string store a double is what formatDouble
 * wrote: '' or six decimals.
 */
export function readDouble(text: string): number {
  if (text === '' || text === 'false') return 0;
  if (text === 'true') return 1;
  return DOUBLE_TEXT.test(text) ? Number.parseFloat(text) : 0;
}

const DOUBLE_TEXT = /^-?(?:\d+\.\d{6}|Infinity)$/;

/** A text read as a double (the `todouble` action): SIPp's atof, 1 for "true". */
export function toDouble(text: string): number {
  if (text === 'true') return 1;
  const v = Number.parseFloat(text);
  return Number.isNaN(v) ? 0 : v;
}

/** C's strcmp on latin1 bytes: the difference of the first differing bytes, else 0. */
export function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length === b.length ? 0 : a.length > n ? a.charCodeAt(n) : -b.charCodeAt(n);
}

const URL_SAFE = /[A-Za-z0-9\-_.~]/;

/** SIPp 3.7's url_encode: unreserved characters kept, every other byte as %XX (upper case). */
export function urlEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    if (URL_SAFE.test(ch)) out += ch;
    else {
      const code = ch.charCodeAt(0) & 0xff;
      out += `%${code < 16 ? '0' : ''}${code.toString(16).toUpperCase()}`;
    }
  }
  return out;
}

/** SIPp 3.7's url_decode: %XX to its byte, `+` to a space. */
export function urlDecode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '+') out += ' ';
    else if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out += String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += ch;
  }
  return out;
}

/** isspace() of the C locale. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The `trim` action: leading and trailing C whitespace removed. */
export function trimC(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}
