/**
 * Header parameter lookup on raw bytes (`;tag=` of To/From, `;branch=` of Via) without decoding
 * the whole value. RFC 3261 §20.10: inside `<...>` parameters belong to the URI, and a quoted
 * display name may contain anything, so both are skipped; only top-level `;` starts a header
 * parameter. A top-level `,` ends the first value (a Via line can carry several).
 */
import {
  BACKSLASH, COMMA, DQUOTE, EQUALS, GT, IS_TOKEN_BYTE, LT, SEMI,
  bytesEqualIgnoreCase, decodeLatin1, isWhitespace,
} from './byte-classes.ts';

/**
 * Value of the header parameter `lowerName` in the first value held by buf[start, end);
 * '' when absent or valueless. Quoted values are returned without their quotes.
 */
export function firstValueParam(buf: Buffer, start: number, end: number, lowerName: string): string {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b === DQUOTE) {
      i = skipQuoted(buf, i + 1, end);
    } else if (b === LT) {
      const close = buf.indexOf(GT, i + 1);
      if (close < 0 || close >= end) return '';
      i = close + 1;
    } else if (b === COMMA) {
      return '';
    } else if (b === SEMI) {
      const nameStart = skipWhitespace(buf, i + 1, end);
      let nameEnd = nameStart;
      while (nameEnd < end && IS_TOKEN_BYTE[buf[nameEnd]] === 1) nameEnd++;
      if (nameEnd - nameStart === lowerName.length && bytesEqualIgnoreCase(buf, nameStart, lowerName)) {
        return paramValue(buf, skipWhitespace(buf, nameEnd, end), end);
      }
      // Resume at the parameter's value: a quoted value is skipped by the DQUOTE branch.
      i = nameEnd > i + 1 ? nameEnd : i + 1;
    } else {
      i++;
    }
  }
  return '';
}

/** Index just past the closing quote of a quoted-string whose body starts at `i` (§25.1 quoted-pair). */
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

/** Value after a matched parameter name at `i` (which should be `=`), or '' for a bare flag. */
function paramValue(buf: Buffer, i: number, end: number): string {
  if (i >= end || buf[i] !== EQUALS) return '';
  const valueStart = skipWhitespace(buf, i + 1, end);
  if (valueStart < end && buf[valueStart] === DQUOTE) {
    const after = skipQuoted(buf, valueStart + 1, end);
    const close = after > valueStart + 1 && buf[after - 1] === DQUOTE ? after - 1 : after;
    return decodeLatin1(buf, valueStart + 1, close);
  }
  let valueEnd = valueStart;
  while (valueEnd < end) {
    const b = buf[valueEnd];
    if (b === SEMI || b === COMMA || b === GT || isWhitespace(b)) break;
    valueEnd++;
  }
  return decodeLatin1(buf, valueStart, valueEnd);
}
