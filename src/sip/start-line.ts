/**
 * Start-line parsing (RFC 3261 §7.1 Request-Line, §7.2 Status-Line) straight from the bytes.
 */
import {
  IS_TOKEN_BYTE,
  SP,
  bytesEqual,
  bytesEqualIgnoreCase,
  decodeLatin1,
} from './byte-classes.ts';

/**
 * Methods seen on nearly every call. Returning these constants instead of decoding saves a
 * string allocation per message; unknown methods are decoded normally.
 */
const COMMON_METHODS: readonly string[] = [
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'REGISTER',
  'PRACK',
  'UPDATE',
  'INFO',
  'MESSAGE',
  'NOTIFY',
  'SUBSCRIBE',
  'REFER',
  'PUBLISH',
];

/** Method name for buf[start, end): a shared constant for common methods, decoded otherwise. */
export function methodName(buf: Buffer, start: number, end: number): string {
  const n = end - start;
  for (const method of COMMON_METHODS) {
    if (method.length === n && bytesEqual(buf, start, method)) return method;
  }
  return decodeLatin1(buf, start, end);
}

/** Where the start line's parts are; filled in by {@link parseStartLine}. */
export interface StartLineFields {
  isRequest: boolean;
  method: string;
  statusCode: number;
  startLineStart: number;
  startLineEnd: number;
  requestUriStart: number;
  requestUriEnd: number;
}

const SIP_VERSION = 'sip/2.0';

/**
 * Parses buf[start, end) (no line terminator) into `out`. Returns '' on success or a failure
 * reason. The version token is compared case-insensitively: RFC 3261 §7.1 says so.
 */
export function parseStartLine(
  buf: Buffer,
  start: number,
  end: number,
  out: StartLineFields,
): string {
  out.startLineStart = start;
  out.startLineEnd = end;
  if (
    end - start > SIP_VERSION.length &&
    bytesEqualIgnoreCase(buf, start, SIP_VERSION) &&
    buf[start + SIP_VERSION.length] === SP
  ) {
    return parseStatusLine(buf, start + SIP_VERSION.length + 1, end, out);
  }
  return parseRequestLine(buf, start, end, out);
}

function parseStatusLine(
  buf: Buffer,
  codeStart: number,
  end: number,
  out: StartLineFields,
): string {
  if (end - codeStart < 3) return 'bad start line';
  let code = 0;
  for (let i = codeStart; i < codeStart + 3; i++) {
    const digit = buf[i] - 0x30;
    if (digit < 0 || digit > 9) return 'bad start line';
    code = code * 10 + digit;
  }
  // The reason phrase may be empty; tolerate a missing SP before it as well.
  if (codeStart + 3 < end && buf[codeStart + 3] !== SP) return 'bad start line';
  if (code < 100 || code > 699) return 'bad start line';
  out.isRequest = false;
  out.statusCode = code;
  return '';
}

function parseRequestLine(buf: Buffer, start: number, end: number, out: StartLineFields): string {
  let i = start;
  while (i < end && IS_TOKEN_BYTE[buf[i]] === 1) i++;
  if (i === start || i >= end || buf[i] !== SP) return 'bad start line';
  const methodEnd = i;
  const uriStart = i + 1;
  let uriEnd = uriStart;
  while (uriEnd < end && buf[uriEnd] > SP && buf[uriEnd] !== 0x7f) uriEnd++;
  if (uriEnd === uriStart || uriEnd >= end || buf[uriEnd] !== SP) return 'bad start line';
  const versionStart = uriEnd + 1;
  if (
    end - versionStart !== SIP_VERSION.length ||
    !bytesEqualIgnoreCase(buf, versionStart, SIP_VERSION)
  ) {
    return 'bad start line';
  }
  out.isRequest = true;
  out.method = methodName(buf, start, methodEnd);
  out.requestUriStart = uriStart;
  out.requestUriEnd = uriEnd;
  return '';
}
