/**
 * Call-IDs of calls that ended in the last `-deadcall_wait` ms, so late messages count as
 * "dead call msg" instead of out-of-call (or, on a UAS, instead of starting a new call).
 * Every entry lives equally long, so insertion order is expiry order and a sweep stops at the
 * first live entry.
 */
export class DeadCalls {
  private readonly expiry = new Map<string, number>();
  constructor(private readonly waitMs: number) {}

  add(callId: string, nowMs: number): void {
    if (this.waitMs <= 0) return;
    // No delete first (a lookup in a map of every call of the last 33 s): a Call-ID ending twice
    // keeps its first place, so a sweep may stop at it early and leave later entries a little
    // longer than the wait; none leaves early.
    this.expiry.set(callId, nowMs + this.waitMs);
  }

  has(callId: string): boolean {
    return this.expiry.has(callId);
  }

  get size(): number {
    return this.expiry.size;
  }

  sweep(nowMs: number): void {
    for (const [id, until] of this.expiry) {
      if (until > nowMs) return;
      this.expiry.delete(id);
    }
  }
}
