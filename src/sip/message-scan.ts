/**
 * The single pass over a received message's bytes: where each header line's name and value are
 * (numbers only), with the start line, Call-ID, CSeq and Content-Length validated on the way
 * because the engine cannot match a message without them. parser.ts wraps it for the engine.
 */
import {
  COLON,
  CR,
  HT,
  IS_TOKEN_BYTE,
  LF,
  SP,
  bytesEqualIgnoreCase,
  decodeLatin1,
  isWhitespace,
  lowerByte,
} from './byte-classes.ts';
import { FOLDED, HEADER_STRIDE, MessageLayout, VALUE_END, VALUE_START } from './message-layout.ts';
import { parseStartLine } from './start-line.ts';

/** Header lines (continuation lines included) accepted before the blank line. */
export const MAX_HEADER_LINES = 256;
/** Longest header line, after unfolding continuation lines, and longest start line. */
export const MAX_HEADER_LINE_BYTES = 8 * 1024;
/** Largest message accepted, headers and body together. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Header offsets are written here by every scan and lent to the message until the next scan.
 * Most messages are read only while they are being handled, so copying them out (an array of
 * ~50 numbers per message, a quarter of all that a call allocated) bought nothing; the rare
 * message read later gets its own copy then (headerOffsets).
 */
const SCRATCH: number[] = new Array<number>(MAX_HEADER_LINES * HEADER_STRIDE).fill(0);
/** Bumped by every scan: a layout whose generation differs no longer owns SCRATCH. */
let scanGeneration = 0;
/** MessageLayout.generation of a layout holding its own exact-size copy. */
const OWN_HEADERS = -1;

/** CSeq numbers must be below 2**31 (RFC 3261 §8.1.1.5); accept the full 32-bit range leniently. */
const MAX_CSEQ = 0xffffffff;

/** Gives the next scan's layout the scratch array; whichever layout had it no longer does. */
export function lendHeaderScratch(layout: MessageLayout): void {
  layout.headers = SCRATCH;
  layout.generation = ++scanGeneration;
}

/**
 * The header offsets of a message `parseSipMessage` returned: the shared scratch while it is
 * the latest scan, else an exact-size copy made by scanning `raw` again (the bytes a kept
 * message holds are its own, see src/engine/call.ts).
 */
export function headerOffsets(layout: MessageLayout, raw: Buffer): number[] {
  if (layout.generation === scanGeneration || layout.generation === OWN_HEADERS)
    return layout.headers;
  const again = new MessageLayout();
  lendHeaderScratch(again);
  layout.headers = scanMessage(raw, again) === '' ? SCRATCH.slice(0, again.slots) : [];
  layout.slots = layout.headers.length;
  layout.generation = OWN_HEADERS;
  return layout.headers;
}

/** Fills `layout` from `buf`; returns '' or why the message is malformed. */
export function scanMessage(buf: Buffer, layout: MessageLayout): string {
  const length = buf.length;
  if (length > MAX_MESSAGE_BYTES)
    return `message too large (${length} bytes, limit ${MAX_MESSAGE_BYTES})`;
  let pos = 0;
  while (pos < length && (buf[pos] === CR || buf[pos] === LF)) pos++;
  if (pos === length) return 'empty';
  const startLf = buf.indexOf(LF, pos);
  if (startLf < 0) return 'no end of headers';
  const startEnd = startLf > pos && buf[startLf - 1] === CR ? startLf - 1 : startLf;
  if (startEnd - pos > MAX_HEADER_LINE_BYTES) return 'start line too long';
  const startReason = parseStartLine(buf, pos, startEnd, layout);
  if (startReason !== '') return startReason;
  const headerReason = scanHeaderLines(buf, startLf + 1, layout);
  if (headerReason !== '') return headerReason;
  const nul = buf.indexOf(0, pos);
  if (nul >= 0 && nul < layout.bodyStart) return 'NUL byte in headers';
  return checkRequiredHeaders(buf, layout);
}

/** Records every header line up to the blank line; sets layout.bodyStart after it. */
function scanHeaderLines(buf: Buffer, lineStart: number, layout: MessageLayout): string {
  const length = buf.length;
  let lines = 0;
  for (;;) {
    const lf = lineStart < length ? buf.indexOf(LF, lineStart) : -1;
    if (lf < 0) return 'no end of headers';
    const lineEnd = lf > lineStart && buf[lf - 1] === CR ? lf - 1 : lf;
    if (lineEnd === lineStart) {
      layout.bodyStart = lf + 1;
      return '';
    }
    if (++lines > MAX_HEADER_LINES) return `too many headers (limit ${MAX_HEADER_LINES})`;
    if (lineEnd - lineStart > MAX_HEADER_LINE_BYTES) return 'header line too long';
    const first = buf[lineStart];
    const reason =
      first === SP || first === HT
        ? addContinuation(buf, lineStart, lineEnd, layout)
        : addHeader(buf, lineStart, lineEnd, layout);
    if (reason !== '') return reason;
    lineStart = lf + 1;
  }
}

function addHeader(buf: Buffer, lineStart: number, lineEnd: number, layout: MessageLayout): string {
  let i = lineStart;
  while (i < lineEnd && IS_TOKEN_BYTE[buf[i]] === 1) i++;
  const nameEnd = i;
  while (i < lineEnd && (buf[i] === SP || buf[i] === HT)) i++;
  if (nameEnd === lineStart || i >= lineEnd || buf[i] !== COLON) return 'bad header line';
  i++;
  while (i < lineEnd && (buf[i] === SP || buf[i] === HT)) i++;
  const n = layout.slots;
  const h = layout.headers;
  h[n] = lineStart;
  h[n + 1] = nameEnd;
  h[n + 2] = i;
  h[n + 3] = trimEnd(buf, i, lineEnd);
  h[n + 4] = 0;
  layout.slots = n + HEADER_STRIDE;
  classifyHeader(buf, lineStart, nameEnd - lineStart, n / HEADER_STRIDE, layout);
  return '';
}

/** RFC 3261 §7.3.1: a line starting with SP/HT continues the previous header's value. */
function addContinuation(
  buf: Buffer,
  lineStart: number,
  lineEnd: number,
  layout: MessageLayout,
): string {
  const h = layout.headers;
  if (layout.slots === 0) return 'bad header line (continuation before any header)';
  let i = lineStart;
  while (i < lineEnd && (buf[i] === SP || buf[i] === HT)) i++;
  if (i === lineEnd) return '';
  const base = layout.slots - HEADER_STRIDE;
  if (h[base + VALUE_START] === h[base + VALUE_END]) {
    h[base + VALUE_START] = i;
  } else {
    h[base + FOLDED] = 1;
  }
  h[base + VALUE_END] = trimEnd(buf, i, lineEnd);
  if (h[base + VALUE_END] - h[base] > MAX_HEADER_LINE_BYTES) return 'header line too long';
  return '';
}

function trimEnd(buf: Buffer, start: number, end: number): number {
  while (end > start && (buf[end - 1] === SP || buf[end - 1] === HT)) end--;
  return end;
}

/** Remembers the first occurrence of the headers every message needs, in long or compact form. */
function classifyHeader(
  buf: Buffer,
  start: number,
  nameLength: number,
  index: number,
  l: MessageLayout,
): void {
  switch (nameLength) {
    case 1: {
      const c = lowerByte(buf[start]);
      if (c === 0x69 /* i */ && l.callIdIndex < 0) l.callIdIndex = index;
      else if (c === 0x76 /* v */ && l.viaIndex < 0) l.viaIndex = index;
      else if (c === 0x74 /* t */ && l.toIndex < 0) l.toIndex = index;
      else if (c === 0x66 /* f */ && l.fromIndex < 0) l.fromIndex = index;
      else if (c === 0x6c /* l */ && l.contentLengthIndex < 0) l.contentLengthIndex = index;
      return;
    }
    case 2:
      if (l.toIndex < 0 && bytesEqualIgnoreCase(buf, start, 'to')) l.toIndex = index;
      return;
    case 3:
      if (l.viaIndex < 0 && bytesEqualIgnoreCase(buf, start, 'via')) l.viaIndex = index;
      return;
    case 4:
      if (l.cseqIndex < 0 && bytesEqualIgnoreCase(buf, start, 'cseq')) l.cseqIndex = index;
      else if (l.fromIndex < 0 && bytesEqualIgnoreCase(buf, start, 'from')) l.fromIndex = index;
      return;
    case 7:
      if (l.callIdIndex < 0 && bytesEqualIgnoreCase(buf, start, 'call-id')) l.callIdIndex = index;
      return;
    case 14:
      if (l.contentLengthIndex < 0 && bytesEqualIgnoreCase(buf, start, 'content-length')) {
        l.contentLengthIndex = index;
      }
      return;
    default:
  }
}

function checkRequiredHeaders(buf: Buffer, layout: MessageLayout): string {
  const h = layout.headers;
  if (layout.callIdIndex < 0) return 'missing Call-ID';
  const callIdBase = layout.callIdIndex * HEADER_STRIDE;
  if (h[callIdBase + VALUE_START] === h[callIdBase + VALUE_END]) return 'empty Call-ID';
  if (layout.cseqIndex < 0) return 'missing CSeq';
  const cseqBase = layout.cseqIndex * HEADER_STRIDE;
  if (!parseCseq(buf, h[cseqBase + VALUE_START], h[cseqBase + VALUE_END], layout))
    return 'bad CSeq';
  return bodyBounds(buf, layout);
}

/** RFC 3261 §20.16: `CSeq: 1*DIGIT LWS Method`. */
function parseCseq(buf: Buffer, start: number, end: number, layout: MessageLayout): boolean {
  let i = start;
  let n = 0;
  while (i < end && i - start <= 10) {
    const digit = buf[i] - 0x30;
    if (digit < 0 || digit > 9) break;
    n = n * 10 + digit;
    i++;
  }
  if (i === start || n > MAX_CSEQ || i >= end || !isWhitespace(buf[i])) return false;
  while (i < end && isWhitespace(buf[i])) i++;
  const methodStart = i;
  while (i < end && IS_TOKEN_BYTE[buf[i]] === 1) i++;
  if (i === methodStart || i !== end) return false;
  layout.cseqNumber = n;
  layout.cseqMethodStart = methodStart;
  layout.cseqMethodEnd = i;
  return true;
}

/** Content-Length bounds the body (§18.3 / §20.14); without it the datagram's rest is the body. */
function bodyBounds(buf: Buffer, layout: MessageLayout): string {
  const available = buf.length - layout.bodyStart;
  if (layout.contentLengthIndex < 0) {
    layout.bodyEnd = buf.length;
    return '';
  }
  const base = layout.contentLengthIndex * HEADER_STRIDE;
  const start = layout.headers[base + VALUE_START];
  const end = layout.headers[base + VALUE_END];
  let announced = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i] - 0x30;
    if (digit < 0 || digit > 9) announced = -1;
    if (announced < 0) break;
    // Saturate: anything past the 64 KiB message limit is equally "too long".
    announced = Math.min(announced * 10 + digit, Number.MAX_SAFE_INTEGER / 16);
  }
  if (start === end || announced < 0) {
    return `bad Content-Length "${decodeLatin1(buf, start, Math.min(end, start + 20))}"`;
  }
  if (announced > available) {
    const text =
      announced > MAX_MESSAGE_BYTES
        ? decodeLatin1(buf, start, Math.min(end, start + 20))
        : announced;
    return `truncated body (Content-Length ${text}, got ${available})`;
  }
  layout.bodyEnd = layout.bodyStart + announced;
  return '';
}
