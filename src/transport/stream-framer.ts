/**
 * Splits a stream (TCP today, TLS later) into whole SIP messages. RFC 3261 §18.3: on a stream
 * transport Content-Length is the only way to find where a body ends, so headers end at the
 * first empty line and the body is exactly Content-Length bytes. CRLFs between messages are
 * keep-alives (RFC 5626 §3.5.1) and are skipped.
 *
 * Works on Buffer offsets only: one indexOf for the end of headers, one pass over the header
 * lines for Content-Length, never a string of the stream. A partial message is kept and the
 * search for the blank line resumes where it stopped.
 */
import { Buffer } from 'node:buffer';
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;
const SLASH = 0x2f;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** `content-length` in lower case, compared byte by byte. */
const CONTENT_LENGTH = Buffer.from('content-length', 'latin1');
/** A start line begins with a method token (or `SIP/2.0`); longer than this is not SIP. */
const MAX_START_TOKEN = 32;
/** RFC 3261 §25.1 `token` bytes: alphanumerics and `-.!%*_+`'~`. */
const IS_TOKEN_BYTE: Readonly<Uint8Array> = (() => {
  const table = new Uint8Array(256);
  for (const ch of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.!%*_+`'~") table[ch.charCodeAt(0)] = 1;
  return table;
})();

export interface StreamFramerLimits {
  /** Bytes allowed before the blank line ending the headers. */
  maxHeaderBytes: number;
  /** Largest Content-Length accepted. */
  maxBodyBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamFramerLimits = { maxHeaderBytes: 64 * 1024, maxBodyBytes: 1024 * 1024 };

export interface StreamFramerSink {
  /**
   * One whole message, lent for the duration of the call: it may be a view into the pushed
   * chunk, whose memory the stream reuses for its next read. A sink copies what it keeps.
   */
  onMessage(message: Buffer): void;
  /** The stream is not SIP (or breaks the limits); no more messages will come from it. */
  onMalformed(raw: Buffer, reason: string): void;
}

export class StreamFramer {
  /** Bytes of an unfinished message, or null. */
  private pending: Buffer | null = null;
  /** Where the search for the end of headers resumes inside `pending`. */
  private scanFrom = 0;
  private broken = false;

  constructor(private readonly sink: StreamFramerSink, private readonly limits: StreamFramerLimits = DEFAULT_STREAM_LIMITS) {}

  /** True once the stream was refused; later pushes are ignored. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** Bytes held for an unfinished message. */
  get pendingBytes(): number {
    return this.pending === null ? 0 : this.pending.length;
  }

  /**
   * Feeds one chunk, which the framer does not keep: bytes of an unfinished message are copied.
   * Returns false when the stream was refused (close the connection).
   */
  push(chunk: Buffer): boolean {
    if (this.broken) return false;
    if (chunk.length === 0) return true;
    const data = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    let scanFrom = this.scanFrom;
    this.pending = null;
    this.scanFrom = 0;
    let pos = 0;
    const length = data.length;
    for (;;) {
      while (pos < length && (data[pos] === CR || data[pos] === LF)) pos++;
      if (pos === length) return true;
      const start = startLineVerdict(data, pos);
      if (start === Verdict.Bad) return this.refuse(data, pos, 'stream data is not a SIP start line');
      const headerEnd = data.indexOf(HEADER_END, Math.max(pos, scanFrom));
      scanFrom = 0;
      if (headerEnd < 0) {
        if (length - pos > this.limits.maxHeaderBytes) {
          return this.refuse(data, pos, `no end of headers within ${this.limits.maxHeaderBytes} bytes`);
        }
        this.keep(data, pos, length - 3);
        return true;
      }
      if (headerEnd - pos > this.limits.maxHeaderBytes) {
        return this.refuse(data, pos, `headers longer than ${this.limits.maxHeaderBytes} bytes`);
      }
      const bodyLength = contentLength(data, pos, headerEnd);
      if (bodyLength === CL_INVALID) return this.refuse(data, pos, 'invalid Content-Length');
      if (bodyLength > this.limits.maxBodyBytes) {
        return this.refuse(data, pos, `Content-Length ${bodyLength} above the ${this.limits.maxBodyBytes}-byte limit`);
      }
      // No Content-Length: a body-less message (§18.3 makes it mandatory, so nothing follows
      // but the next message; if something else does, the start-line check refuses it).
      const end = headerEnd + 4 + Math.max(bodyLength, 0);
      if (end > length) {
        this.keep(data, pos, headerEnd);
        return true;
      }
      this.sink.onMessage(pos === 0 && end === length ? data : data.subarray(pos, end));
      if (this.broken) return false;
      pos = end;
    }
  }

  /** Keeps data[pos..] for the next chunk, resuming the blank-line search at `resumeAt`. */
  private keep(data: Buffer, pos: number, resumeAt: number): void {
    this.pending = copyOf(data, pos, data.length);
    this.scanFrom = Math.max(0, resumeAt - pos);
  }

  private refuse(data: Buffer, pos: number, reason: string): false {
    this.broken = true;
    this.pending = null;
    this.sink.onMalformed(copyOf(data, pos, Math.min(data.length, pos + this.limits.maxHeaderBytes)), reason);
    return false;
  }
}

/** A fresh Buffer: the chunk's memory may be reused for the next read. */
function copyOf(data: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  data.copy(out, 0, start, end);
  return out;
}

const Verdict = { Ok: 0, NeedMore: 1, Bad: 2 } as const;

/**
 * Whether data[pos..] can begin a SIP message: a method token then a space, or `SIP/` (a
 * status line). Decided from the first bytes, so garbage is refused without waiting for a
 * blank line that may never come.
 */
function startLineVerdict(data: Buffer, pos: number): number {
  const limit = Math.min(data.length, pos + MAX_START_TOKEN + 1);
  let i = pos;
  while (i < limit && IS_TOKEN_BYTE[data[i]] === 1) i++;
  if (i === limit) return data.length > limit ? Verdict.Bad : Verdict.NeedMore;
  if (i === pos) return Verdict.Bad;
  const b = data[i];
  if (b === SP) return Verdict.Ok;
  const isSip = i - pos === 3 && (data[pos] | 0x20) === 0x73 && (data[pos + 1] | 0x20) === 0x69 && (data[pos + 2] | 0x20) === 0x70;
  return b === SLASH && isSip ? Verdict.Ok : Verdict.Bad;
}

const CL_MISSING = -1;
const CL_INVALID = -2;

/** Content-Length (long or compact `l`) of the headers data[pos..headerEnd), or CL_*. */
function contentLength(data: Buffer, pos: number, headerEnd: number): number {
  let line = data.indexOf(LF, pos) + 1;
  while (line > 0 && line < headerEnd) {
    const value = contentLengthValueStart(data, line, headerEnd);
    if (value >= 0) return parseDigits(data, value, headerEnd);
    line = data.indexOf(LF, line) + 1;
  }
  return CL_MISSING;
}

/** Offset after `Content-Length:`/`l:` and its spaces when the line at `s` is that header. */
function contentLengthValueStart(data: Buffer, s: number, end: number): number {
  let i = s;
  const first = data[i] | 0x20;
  if (first === 0x6c /* l */ && (data[i + 1] === COLON || data[i + 1] === SP || data[i + 1] === HT)) {
    i += 1;
  } else if (first === 0x63 /* c */ && end - s > CONTENT_LENGTH.length) {
    for (let k = 1; k < CONTENT_LENGTH.length; k++) {
      if ((data[s + k] | 0x20) !== CONTENT_LENGTH[k]) return -1;
    }
    i += CONTENT_LENGTH.length;
  } else {
    return -1;
  }
  while (i < end && (data[i] === SP || data[i] === HT)) i++;
  if (data[i] !== COLON) return -1;
  i++;
  while (i < end && (data[i] === SP || data[i] === HT)) i++;
  return i;
}

function parseDigits(data: Buffer, i: number, end: number): number {
  let n = 0;
  let digits = 0;
  for (; i < end; i++) {
    const b = data[i];
    if (b >= 0x30 && b <= 0x39) {
      n = n * 10 + (b - 0x30);
      if (++digits > 9) return CL_INVALID;
    } else break;
  }
  while (i < end && (data[i] === SP || data[i] === HT)) i++;
  if (digits === 0 || (data[i] !== CR && data[i] !== LF)) return CL_INVALID;
  return n;
}
