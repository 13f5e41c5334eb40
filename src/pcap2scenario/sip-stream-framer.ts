/**
 * Cuts SIP messages out of one direction of a TCP stream (RFC 3261 §18.3): headers up to the
 * empty line, then Content-Length bytes of body. Several messages may share a segment and one
 * message may span several. A stream picked up mid-message (the capture started late, or a
 * segment was lost) is skipped up to the next line that starts a SIP message.
 */
import { looksLikeSip } from './sip-text.ts';

/** Header blocks longer than this without an end are not SIP: the framer drops them. */
const MAX_HEADER_BYTES = 64 * 1024;
const START_LINE = /\r\n(?=[A-Za-z][A-Za-z0-9._!%*+`'~-]* \S+ SIP\/2\.0\r?\n|SIP\/2\.0 \d{3})/;
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im;

export class SipStreamFramer {
  private pending = Buffer.alloc(0);

  /** Appends stream bytes; returns the messages they complete, in order. */
  push(bytes: Uint8Array): Buffer[] {
    this.pending =
      this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    const out: Buffer[] = [];
    for (;;) {
      const message = this.next();
      if (message === null) return out;
      out.push(message);
    }
  }

  /** After a gap in the stream: what is pending can no longer complete. */
  reset(): void {
    this.pending = Buffer.alloc(0);
  }

  private next(): Buffer | null {
    // CRLF keep-alives (RFC 5626 §4.4.1) sit between messages.
    let start = 0;
    while (
      start < this.pending.length &&
      (this.pending[start] === 0x0d || this.pending[start] === 0x0a)
    )
      start++;
    this.pending = this.pending.subarray(start);
    if (this.pending.length === 0) return null;
    if (!this.startsMessage()) return null;
    const headEnd = this.pending.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      if (this.pending.length > MAX_HEADER_BYTES) this.pending = Buffer.alloc(0);
      return null;
    }
    const head = this.pending.toString('latin1', 0, headEnd);
    const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
    const end = headEnd + 4 + length;
    if (this.pending.length < end) return null;
    const message = Buffer.from(this.pending.subarray(0, end));
    this.pending = this.pending.subarray(end);
    return message;
  }

  /** Whether pending starts with a start line; if not, drops bytes up to the next one. */
  private startsMessage(): boolean {
    if (this.pending.indexOf('\n') < 0 && this.pending.length < 512) {
      // Not a whole first line yet: wait, unless it cannot be the start of a SIP line.
      return true;
    }
    if (looksLikeSip(this.pending)) return true;
    const text = this.pending.toString('latin1');
    const m = START_LINE.exec(text);
    if (m === null) {
      // Keep a tail in case a start line begins at the end of this segment.
      this.pending = this.pending.subarray(Math.max(0, this.pending.length - 256));
      return false;
    }
    this.pending = this.pending.subarray(m.index + 2);
    return true;
  }
}
