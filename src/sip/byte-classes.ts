/**
 * Byte constants and byte-level comparisons shared by the parser files. Everything works on
 * Buffer offsets so the hot path never decodes a string it does not return.
 */

export const HT = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const DQUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const SEMI = 0x3b;
export const LT = 0x3c;
export const EQUALS = 0x3d;
export const GT = 0x3e;
export const BACKSLASH = 0x5c;

/** RFC 3261 §25.1 `token` characters: alphanum and `-.!%*_+\`'~`. */
export const IS_TOKEN_BYTE: Readonly<Uint8Array> = buildTokenTable();

function buildTokenTable(): Uint8Array {
  const table = new Uint8Array(256);
  for (let b = 0x30; b <= 0x39; b++) table[b] = 1;
  for (let b = 0x41; b <= 0x5a; b++) table[b] = 1;
  for (let b = 0x61; b <= 0x7a; b++) table[b] = 1;
  for (const ch of "-.!%*_+`'~") table[ch.charCodeAt(0)] = 1;
  return table;
}

/** Space, tab, or the CR/LF left inside a folded header value. */
export function isWhitespace(b: number): boolean {
  return b === SP || b === HT || b === CR || b === LF;
}

/** ASCII lower-casing of one byte. */
export function lowerByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/**
 * Whether buf[start, start + lower.length) equals `lower` (already lower-case) ignoring ASCII case.
 */
export function bytesEqualIgnoreCase(buf: Buffer, start: number, lower: string): boolean {
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (lowerByte(buf[start + i]) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Whether buf[start, start + text.length) equals `text` exactly. */
export function bytesEqual(buf: Buffer, start: number, text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (buf[start + i] !== text.charCodeAt(i)) return false;
  }
  return true;
}

/** latin1 keeps one byte per char, so any received byte sequence decodes and re-encodes exactly. */
export function decodeLatin1(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, end);
}
