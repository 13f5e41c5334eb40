/**
 * The SipMessage handed to the engine. It holds the received Buffer and the offsets found by the
 * single scan; strings are decoded only when asked for, and the ones read for every message
 * (Call-ID, CSeq method, Via branch, tags, body view) are cached.
 */
import {
  COLON,
  CR,
  LF,
  bytesEqual,
  bytesEqualIgnoreCase,
  decodeLatin1,
  isWhitespace,
  lowerByte,
} from './byte-classes.ts';
import { headerNameKey, type HeaderNameKey } from './headers.ts';
import { NO_SPAN, firstValueParam, spanEnd, spanStart } from './header-params.ts';
import {
  FOLDED,
  HEADER_STRIDE,
  NAME_END,
  NAME_START,
  VALUE_END,
  VALUE_START,
  type MessageLayout,
} from './message-layout.ts';
import type { SipMessage } from './message.ts';
import { headerOffsets } from './message-scan.ts';
import { methodName } from './start-line.ts';

export class ParsedSipMessage implements SipMessage {
  readonly raw: Buffer;
  readonly isRequest: boolean;
  readonly method: string;
  readonly statusCode: number;
  readonly #layout: MessageLayout;
  #head: string | undefined;
  #startLine: string | undefined;
  #requestUri: string | undefined;
  #callId: string | undefined;
  #cseqMethod: string | undefined;
  #viaBranch: string | undefined;
  #toTag: string | undefined;
  #fromTag: string | undefined;
  #body: Buffer | undefined;

  constructor(raw: Buffer, layout: MessageLayout) {
    this.raw = raw;
    this.isRequest = layout.isRequest;
    this.method = layout.method;
    this.statusCode = layout.statusCode;
    this.#layout = layout;
    this.#head = undefined;
    this.#startLine = undefined;
    this.#requestUri = undefined;
    this.#callId = undefined;
    this.#cseqMethod = undefined;
    this.#viaBranch = undefined;
    this.#toTag = undefined;
    this.#fromTag = undefined;
    this.#body = undefined;
  }

  get startLine(): string {
    if (this.#startLine === undefined) {
      this.#startLine = this.#text(this.#layout.startLineStart, this.#layout.startLineEnd);
    }
    return this.#startLine;
  }

  get requestUri(): string {
    if (this.#requestUri === undefined) {
      const l = this.#layout;
      this.#requestUri = l.isRequest ? this.#text(l.requestUriStart, l.requestUriEnd) : '';
    }
    return this.#requestUri;
  }

  callId(): string {
    if (this.#callId === undefined) this.#callId = this.#ownValueAt(this.#layout.callIdIndex);
    return this.#callId;
  }

  cseqNumber(): number {
    return this.#layout.cseqNumber;
  }

  cseqMethod(): string {
    if (this.#cseqMethod === undefined) {
      const l = this.#layout;
      const n = l.cseqMethodEnd - l.cseqMethodStart;
      // A request's CSeq names its own method; responses answer a handful of common ones. Either
      // way a known string is reused instead of decoding (and a response's whole header section
      // is not decoded just for this).
      this.#cseqMethod =
        n > 0 && n === this.method.length && bytesEqual(this.raw, l.cseqMethodStart, this.method)
          ? this.method
          : methodName(this.raw, l.cseqMethodStart, l.cseqMethodEnd);
    }
    return this.#cseqMethod;
  }

  viaBranch(): string {
    if (this.#viaBranch === undefined)
      this.#viaBranch = this.#param(this.#layout.viaIndex, 'branch');
    return this.#viaBranch;
  }

  toTag(): string {
    if (this.#toTag === undefined) this.#toTag = this.#param(this.#layout.toIndex, 'tag', true);
    return this.#toTag;
  }

  hasTo(): boolean {
    return this.#layout.toIndex >= 0;
  }

  fromTag(): string {
    if (this.#fromTag === undefined)
      this.#fromTag = this.#param(this.#layout.fromIndex, 'tag', true);
    return this.#fromTag;
  }

  header(name: string): string | undefined {
    return this.#valueAt(this.#find(headerNameKey(name), 0));
  }

  headerValues(name: string): string[] {
    const key = headerNameKey(name);
    const values: string[] = [];
    for (let i = this.#find(key, 0); i >= 0; i = this.#find(key, i + 1)) {
      values.push(this.#valueAt(i) as string);
    }
    return values;
  }

  headerLine(name: string): string | undefined {
    const key = headerNameKey(name);
    const first = this.#find(key, 0);
    if (first < 0) return undefined;
    const span = this.#lineSpan(key, first);
    // The line as received is already `Name: value`: one slice of the decoded section, not a
    // concatenation (a flat string is also much faster for the renderer to copy out).
    if (span >= 0) return this.#text(span >>> 16, (span >>> 16) + (span & 0xffff));
    const h = this.#headers();
    const base = first * HEADER_STRIDE;
    let line = this.#text(h[base + NAME_START], h[base + NAME_END]) + ': ' + this.#valueAt(first);
    for (let i = this.#find(key, first + 1); i >= 0; i = this.#find(key, i + 1)) {
      line += ', ' + this.#valueAt(i);
    }
    return line;
  }

  headerLineSpan(name: string): number {
    const key = headerNameKey(name);
    const first = this.#find(key, 0);
    return first < 0 ? -1 : this.#lineSpan(key, first);
  }

  /** See SipMessage.headerLineSpan; `first` is the header's first occurrence. */
  #lineSpan(key: HeaderNameKey, first: number): number {
    const h = this.#headers();
    const base = first * HEADER_STRIDE;
    const start = h[base + NAME_START];
    const nameEnd = h[base + NAME_END];
    // Whatever whitespace follows the colon is kept: SIPp copies `Via:\t x` byte for byte.
    if (h[base + FOLDED] !== 0 || this.raw[nameEnd] !== COLON || this.#find(key, first + 1) >= 0)
      return -1;
    // Messages are at most 64 KiB (MAX_MESSAGE_BYTES), so both numbers fit 16 bits.
    return start * 65536 + (h[base + VALUE_END] - start);
  }

  body(): Buffer {
    if (this.#body === undefined)
      this.#body = this.raw.subarray(this.#layout.bodyStart, this.#layout.bodyEnd);
    return this.#body;
  }

  /** Offsets of this message's headers (lent, see MessageLayout.headers). */
  #headers(): number[] {
    return headerOffsets(this.#layout, this.raw);
  }

  /**
   * Index of the first header at or after `from` whose name matches either form of `key`, or -1.
   */
  #find(key: HeaderNameKey, from: number): number {
    const h = this.#headers();
    const raw = this.raw;
    const longLength = key.long.length;
    const compactByte = key.compact === '' ? -1 : key.compact.charCodeAt(0);
    const end = this.#layout.slots;
    for (let base = from * HEADER_STRIDE; base < end; base += HEADER_STRIDE) {
      const start = h[base + NAME_START];
      const length = h[base + NAME_END] - start;
      if (length === longLength && bytesEqualIgnoreCase(raw, start, key.long))
        return base / HEADER_STRIDE;
      if (length === 1 && lowerByte(raw[start]) === compactByte) return base / HEADER_STRIDE;
    }
    return -1;
  }

  #valueAt(index: number): string | undefined {
    if (index < 0) return undefined;
    const h = this.#headers();
    const base = index * HEADER_STRIDE;
    const value = this.#text(h[base + VALUE_START], h[base + VALUE_END]);
    return h[base + FOLDED] === 1 ? unfold(value) : value;
  }

  /**
   * Text of raw[start, end) inside the header section. The section is decoded once on first use:
   * one native decode costs about as much as three small ones, and slices of it are cheap.
   */
  #text(start: number, end: number): string {
    if (this.#head === undefined) this.#head = decodeLatin1(this.raw, 0, this.#layout.bodyStart);
    return this.#head.slice(start, end);
  }

  /**
   * Call-ID and tags outlive the message (map keys, a dialog's peer tag), so they are decoded on
   * their own: a slice of the decoded header section would keep the whole section alive for as
   * long as the call lasts.
   */
  #ownValueAt(index: number): string {
    if (index < 0) return '';
    const h = this.#headers();
    const base = index * HEADER_STRIDE;
    if (h[base + FOLDED] === 1) return (this.#valueAt(index) as string).split('').join('');
    return decodeLatin1(this.raw, h[base + VALUE_START], h[base + VALUE_END]);
  }

  #param(index: number, lowerName: string, own = false): string {
    if (index < 0) return '';
    const h = this.#headers();
    const base = index * HEADER_STRIDE;
    const found = firstValueParam(this.raw, h[base + VALUE_START], h[base + VALUE_END], lowerName);
    if (found === NO_SPAN) return '';
    return own
      ? decodeLatin1(this.raw, spanStart(found), spanEnd(found))
      : this.#text(spanStart(found), spanEnd(found));
  }
}

/**
 * RFC 3261 §7.3.1: a line break plus the whitespace around it is equivalent to one SP, so
 * `a \r\n\t b` becomes `a b`. Only folded values (rare) pay for this.
 */
function unfold(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c !== CR && c !== LF) {
      out += value[i];
      i++;
      continue;
    }
    let trimmed = out.length;
    while (trimmed > 0 && isWhitespace(out.charCodeAt(trimmed - 1))) trimmed--;
    out = out.slice(0, trimmed) + ' ';
    while (i < value.length && isWhitespace(value.charCodeAt(i))) i++;
  }
  return out;
}
