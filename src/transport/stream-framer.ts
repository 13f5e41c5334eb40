/**
 * Splits a stream (TCP today, TLS later) into whole SIP messages. RFC 3261 §18.3: on a stream
 * transport Content-Length is the only way to find where a body ends, so headers end at the
 * first empty line and the body is exactly Content-Length bytes. CRLFs between messages are
 * keep-alives (RFC 5626 §3.5.1) and are skipped.
 *
 * Works on Buffer offsets only: one indexOf for the end of headers, one pass over the header
 * lines for Content-Length, never a string of the stream. Whole messages are lent straight from
 * the chunk. An unfinished message is copied into a buffer of its own that grows by doubling,
 * takes from the next chunks only the bytes that belong to it, and charges its size to the run's
 * StreamBufferBudget (stream-buffer-budget.ts) until it completes or the connection closes.
 */
import { Buffer } from 'node:buffer';
import type { StreamBufferBudget } from './stream-buffer-budget.ts';
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
  for (const ch of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.!%*_+`'~")
    table[ch.charCodeAt(0)] = 1;
  return table;
})();

export interface StreamFramerLimits {
  /** Bytes allowed before the blank line ending the headers. */
  maxHeaderBytes: number;
  /** Largest Content-Length accepted. */
  maxBodyBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamFramerLimits = {
  maxHeaderBytes: 64 * 1024,
  maxBodyBytes: 1024 * 1024,
};

export interface StreamFramerSink {
  /**
   * One whole message, lent for the duration of the call: it may be a view into the pushed
   * chunk, whose memory the stream reuses for its next read. A sink copies what it keeps.
   */
  onMessage(message: Buffer): void;
  /** The stream is not SIP (or breaks the limits); no more messages will come from it. */
  onMalformed(raw: Buffer, reason: string): void;
}

/** measure(): the message's headers have not ended yet. */
const NEED_HEADERS = -1;
/** measure(): the stream was refused. */
const REFUSED = -2;

export class StreamFramer {
  /**
   * Storage of one unfinished message, or null. Only that message's bytes are copied into it;
   * what follows it in a chunk is framed in place. Its length (capacity) is what the budget holds.
   */
  private held: Buffer | null = null;
  /** Bytes of the unfinished message in `held`. */
  private heldLength = 0;
  /** Length of the held message once its headers are complete; -1 while they are arriving. */
  private heldEnd = -1;
  private broken = false;
  /** Messages that had to be held across reads so far (counted on that slow path only). */
  private holds = 0;

  /** `budget`: shared by every connection of a run; null = only the per-message limits apply. */
  constructor(
    private readonly sink: StreamFramerSink,
    private readonly limits: StreamFramerLimits = DEFAULT_STREAM_LIMITS,
    private readonly budget: StreamBufferBudget | null = null,
  ) {}

  /** True once the stream was refused or closed; later pushes are ignored. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** Messages held across reads so far: tells one unfinished message from the next. */
  get heldCount(): number {
    return this.holds;
  }

  /** Bytes held for an unfinished message. */
  get pendingBytes(): number {
    return this.heldLength;
  }

  /**
   * Feeds one chunk, which the framer does not keep: bytes of an unfinished message are copied.
   * Returns false when the stream was refused (close the connection).
   */
  push(chunk: Buffer): boolean {
    if (this.broken) return false;
    if (chunk.length === 0) return true;
    if (this.held === null) return this.frame(chunk, 0);
    const taken = this.completeHeld(chunk);
    if (taken < 0 || this.broken) return !this.broken;
    return this.frame(chunk, taken);
  }

  /** The connection closed: the unfinished message is dropped and its bytes given back. */
  close(): void {
    this.broken = true;
    this.dropHeld();
  }

  /** Frames the messages of data[pos..]; nothing is held on entry. */
  private frame(data: Buffer, pos: number): boolean {
    const length = data.length;
    for (;;) {
      while (pos < length && (data[pos] === CR || data[pos] === LF)) pos++;
      if (pos === length) return true;
      const end = this.measure(data, pos, pos);
      if (end === REFUSED) return false;
      if (end === NEED_HEADERS || end > length) return this.hold(data, pos, end);
      this.sink.onMessage(pos === 0 && end === length ? data : data.subarray(pos, end));
      if (this.broken) return false;
      pos = end;
    }
  }

  /**
   * Where the message starting at data[pos] ends (possibly past the data), NEED_HEADERS, or
   * REFUSED once refused. The blank line is searched for from `scanFrom`.
   */
  private measure(data: Buffer, pos: number, scanFrom: number): number {
    if (startLineVerdict(data, pos) === Verdict.Bad)
      return this.refuse(data, pos, 'stream data is not a SIP start line');
    const maxHeaderBytes = this.limits.maxHeaderBytes;
    const headerEnd = data.indexOf(HEADER_END, scanFrom);
    if (headerEnd < 0) {
      return data.length - pos > maxHeaderBytes
        ? this.refuse(data, pos, `no end of headers within ${maxHeaderBytes} bytes`)
        : NEED_HEADERS;
    }
    if (headerEnd - pos > maxHeaderBytes)
      return this.refuse(data, pos, `headers longer than ${maxHeaderBytes} bytes`);
    const bodyLength = contentLength(data, pos, headerEnd);
    if (bodyLength === CL_INVALID) return this.refuse(data, pos, 'invalid Content-Length');
    if (bodyLength > this.limits.maxBodyBytes) {
      const digits = contentLengthDigits(data, pos, headerEnd);
      return this.refuse(
        data,
        pos,
        `Content-Length ${digits} above the ${this.limits.maxBodyBytes}-byte limit`,
      );
    }
    // No Content-Length: a body-less message (§18.3 makes it mandatory, so nothing follows
    // but the next message; if something else does, the start-line check refuses it).
    return headerEnd + HEADER_END.length + Math.max(bodyLength, 0);
  }

  /** Keeps data[pos..], a message ending at `end` (or NEED_HEADERS), for the next chunk. */
  private hold(data: Buffer, pos: number, end: number): boolean {
    const bytes = data.length - pos;
    if (this.budget !== null && !this.budget.tryTake(bytes)) {
      this.refuse(data, pos, this.budget.refusalText());
      return false;
    }
    const held = Buffer.allocUnsafe(bytes);
    this.holds++;
    data.copy(held, 0, pos);
    this.held = held;
    this.heldLength = bytes;
    this.heldEnd = end === NEED_HEADERS ? -1 : end - pos;
    return true;
  }

  /**
   * Adds to the held message the bytes of `chunk` that belong to it. Returns how many that was
   * once the message is complete and delivered, or -1 (still unfinished, or refused).
   */
  private completeHeld(chunk: Buffer): number {
    let taken = 0;
    if (this.heldEnd < 0) {
      // The headers end within maxHeaderBytes (plus the blank line) or are refused: take at
      // most that much, and only up to the blank line when the chunk holds it.
      const room = this.limits.maxHeaderBytes + HEADER_END.length - this.heldLength;
      const through = blankLineEnd(this.held as Buffer, this.heldLength, chunk);
      taken = through < 0 || through > room ? Math.min(chunk.length, room) : through;
      const scanFrom = Math.max(0, this.heldLength - (HEADER_END.length - 1));
      if (!this.append(chunk, 0, taken)) return -1;
      const end = this.measure((this.held as Buffer).subarray(0, this.heldLength), 0, scanFrom);
      if (end < 0) return -1;
      this.heldEnd = end;
      if (this.heldLength >= end) return this.deliverHeld(taken - (this.heldLength - end));
    }
    const more = Math.min(chunk.length - taken, this.heldEnd - this.heldLength);
    if (!this.append(chunk, taken, taken + more)) return -1;
    taken += more;
    return this.heldLength < this.heldEnd ? -1 : this.deliverHeld(taken);
  }

  /** Copies chunk[from..to) after the held bytes, growing `held` within the budget. */
  private append(chunk: Buffer, from: number, to: number): boolean {
    let held = this.held as Buffer;
    const need = this.heldLength + (to - from);
    if (need > held.length) {
      // Doubling keeps a sender of one byte per read linear (a copy per read was quadratic),
      // and never beyond what the message can still need.
      const limit =
        this.heldEnd >= 0 ? this.heldEnd : this.limits.maxHeaderBytes + HEADER_END.length;
      const size = Math.min(Math.max(need, held.length * 2), limit);
      if (this.budget !== null && !this.budget.tryTake(size - held.length)) {
        this.refuse(held.subarray(0, this.heldLength), 0, this.budget.refusalText());
        return false;
      }
      const bigger = Buffer.allocUnsafe(size);
      held.copy(bigger, 0, 0, this.heldLength);
      this.held = held = bigger;
    }
    chunk.copy(held, this.heldLength, from, to);
    this.heldLength = need;
    return true;
  }

  /** Hands the completed held message to the sink, then lets it go; returns `taken`. */
  private deliverHeld(taken: number): number {
    const held = this.held as Buffer;
    this.sink.onMessage(held.length === this.heldEnd ? held : held.subarray(0, this.heldEnd));
    this.dropHeld();
    return taken;
  }

  private dropHeld(): void {
    if (this.held === null) return;
    this.budget?.giveBack(this.held.length);
    this.held = null;
    this.heldLength = 0;
    this.heldEnd = -1;
  }

  private refuse(data: Buffer, pos: number, reason: string): typeof REFUSED {
    const raw = copyOf(data, pos, Math.min(data.length, pos + this.limits.maxHeaderBytes));
    this.broken = true;
    this.dropHeld();
    this.sink.onMalformed(raw, reason);
    return REFUSED;
  }
}

/**
 * How many bytes of `chunk` reach through the blank line ending headers that began in
 * held[0..heldLength) (which holds no blank line itself), or -1. The line may straddle the join.
 */
function blankLineEnd(held: Buffer, heldLength: number, chunk: Buffer): number {
  for (let inChunk = 1; inChunk < HEADER_END.length; inChunk++) {
    const inHeld = HEADER_END.length - inChunk;
    if (heldLength < inHeld || chunk.length < inChunk) continue;
    let k = 0;
    while (k < inHeld && held[heldLength - inHeld + k] === HEADER_END[k]) k++;
    if (k < inHeld) continue;
    while (k < HEADER_END.length && chunk[k - inHeld] === HEADER_END[k]) k++;
    if (k === HEADER_END.length) return inChunk;
  }
  const at = chunk.indexOf(HEADER_END);
  return at < 0 ? -1 : at + HEADER_END.length;
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
  const isSip =
    i - pos === 3 &&
    (data[pos] | 0x20) === 0x73 &&
    (data[pos + 1] | 0x20) === 0x69 &&
    (data[pos + 2] | 0x20) === 0x70;
  return b === SLASH && isSip ? Verdict.Ok : Verdict.Bad;
}

const CL_MISSING = -1;
const CL_INVALID = -2;
/** An oversized Content-Length is shown in full up to this many digits, then shortened. */
const MAX_SHOWN_DIGITS = 24;

/** Content-Length (long or compact `l`) of the headers data[pos..headerEnd), or CL_*. */
function contentLength(data: Buffer, pos: number, headerEnd: number): number {
  const value = contentLengthValueAt(data, pos, headerEnd);
  return value < 0 ? CL_MISSING : parseDigits(data, value, headerEnd);
}

/** Offset of the Content-Length value in the headers data[pos..headerEnd), or -1. */
function contentLengthValueAt(data: Buffer, pos: number, headerEnd: number): number {
  let line = data.indexOf(LF, pos) + 1;
  while (line > 0 && line < headerEnd) {
    const value = contentLengthValueStart(data, line, headerEnd);
    if (value >= 0) return value;
    line = data.indexOf(LF, line) + 1;
  }
  return -1;
}

/** The digits of an oversized Content-Length as sent, shortened when very long. */
function contentLengthDigits(data: Buffer, pos: number, headerEnd: number): string {
  const start = contentLengthValueAt(data, pos, headerEnd);
  let end = start;
  while (end < headerEnd && data[end] >= 0x30 && data[end] <= 0x39) end++;
  const digits = end - start;
  if (digits <= MAX_SHOWN_DIGITS) return data.toString('latin1', start, end);
  return `${data.toString('latin1', start, start + 12)}... (${digits} digits)`;
}

/** Offset after `Content-Length:`/`l:` and its spaces when the line at `s` is that header. */
function contentLengthValueStart(data: Buffer, s: number, end: number): number {
  let i = s;
  const first = data[i] | 0x20;
  if (
    first === 0x6c /* l */ &&
    (data[i + 1] === COLON || data[i + 1] === SP || data[i + 1] === HT)
  ) {
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

/**
 * The all-digit value at data[i..] before the end of its line, or CL_INVALID. Not capped at a
 * number of digits: past 2^53 the value is inexact but still above any body limit, and a long
 * run of digits must read "above the limit", not "invalid" (issue 12).
 */
function parseDigits(data: Buffer, i: number, end: number): number {
  const first = i;
  let n = 0;
  for (; i < end; i++) {
    const b = data[i];
    if (b < 0x30 || b > 0x39) break;
    n = n * 10 + (b - 0x30);
  }
  const digits = i - first;
  while (i < end && (data[i] === SP || data[i] === HT)) i++;
  if (digits === 0 || (data[i] !== CR && data[i] !== LF)) return CL_INVALID;
  return n;
}
