/**
 * RFC 7118 §5.1: each WebSocket message carries exactly one SIP message, so a frame is checked
 * once for being a whole message, headers and exactly the Content-Length body when one is given
 * (§5.1 lets the sender omit it: the frame's end is the body's end). A frame that is half a
 * message, or two, is refused as malformed; the WebSocket framing itself stays intact, so the
 * connection carries on.
 */
import type { Buffer } from 'node:buffer';

const CR = 13;
const LF = 10;
const COLON = 58;
const SPACE = 32;
const TAB = 9;

/** A frame of nothing but CRLFs: a keep-alive some clients send; not a message, not an error. */
export function isBlankFrame(frame: Buffer): boolean {
  for (let i = 0; i < frame.length; i++) {
    const b = frame[i];
    if (b !== CR && b !== LF) return false;
  }
  return true;
}

/** Why `frame` is not one whole SIP message, or null when it is. */
export function frameProblem(frame: Buffer): string | null {
  const headerEnd = frame.indexOf('\r\n\r\n');
  if (headerEnd < 0) {
    return `WebSocket frame of ${frame.length} bytes is not a whole SIP message (its headers never end)`;
  }
  const declared = contentLength(frame, headerEnd);
  if (declared === null) return null;
  if (declared < 0) return 'WebSocket frame has an invalid Content-Length';
  const body = frame.length - headerEnd - 4;
  if (body === declared) return null;
  return body < declared
    ? `WebSocket frame ends ${body} bytes into a body of Content-Length ${declared} (half a message)`
    : `WebSocket frame has ${body - declared} bytes after its Content-Length ${declared} body (more than one message?)`;
}

/** Content-Length (long or compact `l`) of headers frame[0..headerEnd); null = none, -1 = bad. */
function contentLength(frame: Buffer, headerEnd: number): number | null {
  let line = frame.indexOf(LF) + 1;
  while (line > 0 && line < headerEnd) {
    const value = valueStart(frame, line, headerEnd);
    if (value >= 0) return digits(frame, value, headerEnd);
    line = frame.indexOf(LF, line) + 1;
  }
  return null;
}

/** Offset after `Content-Length`/`l`, `:` and spaces when the line at `s` is that header, or -1. */
function valueStart(frame: Buffer, s: number, end: number): number {
  let p = s;
  const first = frame[p] | 0x20;
  if (first !== 0x6c && first !== 0x63) return -1; // 'l' or 'c'
  if (first === 0x63) {
    const name = 'content-length';
    if (p + name.length > end) return -1;
    for (let i = 0; i < name.length; i++) {
      if ((frame[p + i] | 0x20) !== name.charCodeAt(i)) return -1;
    }
    p += name.length;
  } else {
    p += 1;
  }
  while (p < end && (frame[p] === SPACE || frame[p] === TAB)) p++;
  if (frame[p] !== COLON) return -1;
  p++;
  while (p < end && (frame[p] === SPACE || frame[p] === TAB)) p++;
  return p;
}

function digits(frame: Buffer, p: number, end: number): number {
  let n = 0;
  let count = 0;
  while (p < end && frame[p] >= 48 && frame[p] <= 57 && count < 10) {
    n = n * 10 + frame[p] - 48;
    p++;
    count++;
  }
  while (p < end && (frame[p] === SPACE || frame[p] === TAB)) p++;
  return count === 0 || (frame[p] !== CR && frame[p] !== LF) ? -1 : n;
}
