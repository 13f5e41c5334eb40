/**
 * Header parameter lookup on raw bytes (`;tag=` of To/From, `;branch=` of Via) without decoding
 * the whole value. RFC 3261 §20.10: inside `<...>` parameters belong to the URI, and a quoted
 * display name may contain anything, so both are skipped; only top-level `;` starts a header
 * parameter. A top-level `,` ends the first value (a Via line can carry several).
 */
import {
  BACKSLASH,
  COMMA,
  DQUOTE,
  EQUALS,
  GT,
  IS_TOKEN_BYTE,
  LT,
  SEMI,
  bytesEqualIgnoreCase,
  isWhitespace,
} from './byte-classes.ts';

/**
 * Offsets fit in 17 bits (messages are at most 64 KiB), so a span packs into one number and the
 * lookup allocates nothing; the caller decodes only the value it wants.
 */
const SPAN_SHIFT = 0x20000;
/** Returned by {@link firstValueParam} when the parameter is absent. */
export const NO_SPAN = -1;
/** Start offset of a span returned by {@link firstValueParam}. */
export function spanStart(span: number): number {
  return Math.floor(span / SPAN_SHIFT);
}
/** End offset (exclusive) of a span returned by {@link firstValueParam}. */
export function spanEnd(span: number): number {
  return span % SPAN_SHIFT;
}
function span(start: number, end: number): number {
  return start * SPAN_SHIFT + end;
}

/**
 * Where the value of header parameter `lowerName` is in the first value held by buf[start, end):
 * a packed span (empty for a valueless flag, quotes excluded), or NO_SPAN when absent.
 */
export function firstValueParam(
  buf: Buffer,
  start: number,
  end: number,
  lowerName: string,
): number {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b === DQUOTE) {
      i = skipQuoted(buf, i + 1, end);
    } else if (b === LT) {
      const close = buf.indexOf(GT, i + 1);
      if (close < 0 || close >= end) return NO_SPAN;
      i = close + 1;
    } else if (b === COMMA) {
      return NO_SPAN;
    } else if (b === SEMI) {
      const nameStart = skipWhitespace(buf, i + 1, end);
      let nameEnd = nameStart;
      while (nameEnd < end && IS_TOKEN_BYTE[buf[nameEnd]] === 1) nameEnd++;
      if (
        nameEnd - nameStart === lowerName.length &&
        bytesEqualIgnoreCase(buf, nameStart, lowerName)
      ) {
        return paramValue(buf, skipWhitespace(buf, nameEnd, end), end);
      }
      // Resume at the parameter's value: a quoted value is skipped by the DQUOTE branch.
      i = nameEnd > i + 1 ? nameEnd : i + 1;
    } else {
      i++;
    }
  }
  return NO_SPAN;
}

/** Index past the closing quote of a quoted-string whose body starts at `i` (§25.1). */
function skipQuoted(buf: Buffer, i: number, end: number): number {
  while (i < end) {
    const b = buf[i];
    if (b === BACKSLASH) i += 2;
    else if (b === DQUOTE) return i + 1;
    else i++;
  }
  return end;
}

function skipWhitespace(buf: Buffer, i: number, end: number): number {
  while (i < end && isWhitespace(buf[i])) i++;
  return i;
}

/**
 * Span of the value after a matched parameter name at `i` (which should be `=`); empty for a flag.
 */
function paramValue(buf: Buffer, i: number, end: number): number {
  if (i >= end || buf[i] !== EQUALS) return span(i, i);
  const valueStart = skipWhitespace(buf, i + 1, end);
  if (valueStart < end && buf[valueStart] === DQUOTE) {
    const after = skipQuoted(buf, valueStart + 1, end);
    const close = after > valueStart + 1 && buf[after - 1] === DQUOTE ? after - 1 : after;
    return span(valueStart + 1, close);
  }
  let valueEnd = valueStart;
  while (valueEnd < end) {
    const b = buf[valueEnd];
    if (b === SEMI || b === COMMA || b === GT || isWhitespace(b)) break;
    valueEnd++;
  }
  return span(valueStart, valueEnd);
}
