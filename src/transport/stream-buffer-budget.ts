/**
 * The bytes all stream connections of one run may hold for unfinished messages, together.
 * Each connection is already held to one message (64 KiB of headers, 1 MiB of body), but
 * thousands of connections each holding an unfinished header are a memory exhaustion
 * (issue 12: 2,000 connections × 60 kB took a UAS from 46 to 198 MB). A framer takes bytes
 * from the budget when its buffer for an unfinished message grows, and gives them all back
 * when the message completes or the connection closes.
 */
export class StreamBufferBudget {
  private used = 0;
  private peak = 0;

  /** `maxBytes`: `-max_stream_buffer`. */
  constructor(readonly maxBytes: number) {}

  /** Bytes held now by every connection sharing this budget. */
  get usedBytes(): number {
    return this.used;
  }

  /** The most ever held at once. */
  get peakBytes(): number {
    return this.peak;
  }

  /** Takes `bytes` if they fit under the cap; false (and nothing taken) if they do not. */
  tryTake(bytes: number): boolean {
    const after = this.used + bytes;
    if (after > this.maxBytes) return false;
    this.used = after;
    if (after > this.peak) this.peak = after;
    return true;
  }

  giveBack(bytes: number): void {
    this.used -= bytes;
  }

  /** Why a connection whose growth did not fit is closed (reported as a malformed stream). */
  refusalText(): string {
    return `all connections would hold more than -max_stream_buffer (${this.maxBytes} bytes)`;
  }
}
