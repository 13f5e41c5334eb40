/**
 * Builds wire bytes from a start line, headers and body: used by tests and by the engine's
 * built-in automatic replies (scenario sends are rendered from compiled templates instead).
 */
import { Buffer } from 'node:buffer';

/** A message to put on the wire. Strings are encoded latin1 (one byte per char, see below). */
export interface OutgoingMessage {
  startLine: string;
  headers: Array<[string, string]>;
  body?: Buffer | string;
}

/**
 * CRLF-terminated start line and headers, a blank line, then the body. Content-Length (long or
 * compact `l`, any case) is set to the body's byte length: an existing header keeps its position
 * and spelling, otherwise one is appended. Strings are encoded latin1 so values taken from a
 * parsed message (decoded latin1) go back out byte for byte; pass a Buffer for a UTF-8 body.
 */
export function serializeSipMessage(m: OutgoingMessage): Buffer {
  const body =
    m.body === undefined
      ? EMPTY
      : typeof m.body === 'string'
        ? Buffer.from(m.body, 'latin1')
        : m.body;
  let head = m.startLine + '\r\n';
  let sawContentLength = false;
  for (const [name, value] of m.headers) {
    if (isContentLength(name)) {
      if (sawContentLength) continue;
      sawContentLength = true;
      head += name + ': ' + body.length + '\r\n';
    } else {
      head += name + ': ' + value + '\r\n';
    }
  }
  if (!sawContentLength) head += 'Content-Length: ' + body.length + '\r\n';
  head += '\r\n';
  const out = Buffer.allocUnsafe(head.length + body.length);
  out.write(head, 0, 'latin1');
  body.copy(out, head.length);
  return out;
}

const EMPTY = Buffer.alloc(0);

function isContentLength(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return lower === 'content-length' || lower === 'l';
}
