/**
 * A captured SIP message as text: start line, unfolded headers in order, body. Captures are
 * small and read once, so this keeps whole strings (latin1, one char per byte) instead of the
 * engine's lazy parser, and the templating can walk and rewrite every header.
 */
import { canonicalHeaderName } from '../sip/index.ts';

export interface SipHeader {
  /** Canonical spelling: compact forms expanded (`i` → `Call-ID`). */
  readonly name: string;
  readonly value: string;
}

export interface SipText {
  /** Request method, '' for a response. */
  readonly method: string;
  readonly requestUri: string;
  /** Response status, 0 for a request. */
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
}

const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9._!%*+`'~-]*) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 (\d{3})(?: (.*))?$/;

/** Whether bytes start with a SIP request or status line (the heuristic that finds SIP). */
export function looksLikeSip(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 512);
  let lineEnd = -1;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0d || bytes[i] === 0x0a) {
      lineEnd = i;
      break;
    }
  }
  if (lineEnd < 0) return false;
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, lineEnd).toString('latin1');
  return REQUEST_LINE.test(line) || STATUS_LINE.test(line);
}

/** Parses one whole message; null when its start line is not SIP's. */
export function parseSipText(text: string): SipText | null {
  let headEnd = text.indexOf('\r\n\r\n');
  let bodyAt = headEnd + 4;
  if (headEnd < 0) {
    headEnd = text.indexOf('\n\n');
    bodyAt = headEnd < 0 ? text.length : headEnd + 2;
    if (headEnd < 0) headEnd = text.length;
  }
  const lines = text.slice(0, headEnd).split(/\r?\n/);
  const start = lines[0];
  const request = REQUEST_LINE.exec(start);
  const status = request === null ? STATUS_LINE.exec(start) : null;
  if (request === null && status === null) return null;
  const headers: SipHeader[] = [];
  for (const line of lines.slice(1)) {
    // RFC 3261 §7.3.1: a line starting with white space continues the previous header.
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) {
      const last = headers[headers.length - 1];
      headers[headers.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({
      name: canonicalHeaderName(line.slice(0, colon)),
      value: line.slice(colon + 1).trim(),
    });
  }
  let body = text.slice(bodyAt);
  const length = Number(headerValue(headers, 'Content-Length'));
  if (Number.isInteger(length) && length >= 0 && length < body.length) body = body.slice(0, length);
  return {
    method: request?.[1] ?? '',
    requestUri: request?.[2] ?? '',
    status: status === null ? 0 : Number(status[1]),
    reason: status?.[2] ?? '',
    headers,
    body,
  };
}

/** The first value of a header (canonical name), or undefined. */
export function headerValue(headers: readonly SipHeader[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

/** `;tag=` of a From or To value, '' when it has none. */
export function tagOf(value: string | undefined): string {
  if (value === undefined) return '';
  const m = /;\s*tag\s*=\s*([^;>,\s]+)/i.exec(afterUri(value));
  return m === null ? '' : m[1];
}

/** The part of a name-addr after its `>` (header parameters), or the whole addr-spec. */
function afterUri(value: string): string {
  const close = value.indexOf('>');
  return close < 0 ? value : value.slice(close);
}

/** CSeq as number and method. */
export function cseqOf(msg: SipText): { number: number; method: string } {
  const [n, method] = (headerValue(msg.headers, 'CSeq') ?? '').split(/\s+/);
  return { number: Number(n), method: (method ?? '').toUpperCase() };
}

/** The branch parameter of the top Via, '' when absent. */
export function topBranch(msg: SipText): string {
  const via = headerValue(msg.headers, 'Via') ?? '';
  const m = /;\s*branch\s*=\s*([^;,\s]+)/i.exec(via.split(',')[0]);
  return m === null ? '' : m[1];
}
