/**
 * Start-line parsing (RFC 3261 §7.1 Request-Line, §7.2 Status-Line) straight from the bytes.
 */
import {
  HT,
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
    const reason = parseStatusLine(buf, start + SIP_VERSION.length + 1, end, out);
    return reason === '' ? reason : parseLenientStartLine(buf, start, end, out, reason);
  }
  const reason = parseRequestLine(buf, start, end, out);
  return reason === '' ? reason : parseLenientStartLine(buf, start, end, out, reason);
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

/**
 * The slow path, tried only after the strict parse failed: the start lines SIPp 3.6.1 accepts
 * although RFC 3261 does not (observed with real sipp). Runs of spaces between the parts, an
 * empty Request-URI (`BYE  SIP/2.0`, what SIPp's own timeout path sends) or none at all
 * (`BYE SIP/2.0`), trailing spaces; in a status line spaces or tabs before the code and anything
 * but a digit after its three digits (`SIP/2.0\t200OK`). A request line still needs its version
 * (SIPp also takes `INVITE sip:x` or `SIP/3.0`; nothing that
 * sends those is worth answering), and a tab after the method stays an error, as in SIPp.
 */
function parseLenientStartLine(
  buf: Buffer,
  start: number,
  end: number,
  out: StartLineFields,
  strictReason: string,
): string {
  while (end > start && buf[end - 1] === SP) end--;
  const afterVersion = start + SIP_VERSION.length;
  if (
    end > afterVersion &&
    bytesEqualIgnoreCase(buf, start, SIP_VERSION) &&
    isBlank(buf[afterVersion])
  ) {
    let i = afterVersion;
    while (i < end && isBlank(buf[i])) i++;
    return parseStatusCode(buf, i, end, out) ? '' : strictReason;
  }
  let i = start;
  while (i < end && IS_TOKEN_BYTE[buf[i]] === 1) i++;
  if (i === start || buf[i] !== SP) return strictReason;
  const methodEnd = i;
  const versionStart = end - SIP_VERSION.length;
  if (versionStart <= methodEnd || !bytesEqualIgnoreCase(buf, versionStart, SIP_VERSION)) {
    return strictReason;
  }
  while (i < versionStart && buf[i] === SP) i++;
  const uriStart = i;
  while (i < versionStart && buf[i] > SP && buf[i] !== 0x7f) i++;
  const uriEnd = i;
  while (i < versionStart && buf[i] === SP) i++;
  if (i !== versionStart || (uriEnd !== uriStart && uriEnd === versionStart)) return strictReason;
  out.isRequest = true;
  out.method = methodName(buf, start, methodEnd);
  out.requestUriStart = uriStart;
  out.requestUriEnd = uriEnd;
  return '';
}

function isBlank(b: number | undefined): boolean {
  return b === SP || b === HT;
}

/** Three digits from 100 to 699 at buf[i]; whatever follows them is the reason phrase. */
function parseStatusCode(buf: Buffer, i: number, end: number, out: StartLineFields): boolean {
  if (end - i < 3) return false;
  let code = 0;
  for (let j = i; j < i + 3; j++) {
    const digit = buf[j] - 0x30;
    if (digit < 0 || digit > 9) return false;
    code = code * 10 + digit;
  }
  const next = i + 3 < end ? buf[i + 3] : SP;
  if (code < 100 || code > 699 || (next >= 0x30 && next <= 0x39)) return false;
  out.isRequest = false;
  out.statusCode = code;
  return true;
}
