/**
 * A hashed timing wheel: every retransmission, pause, recv timeout and timewait of every call
 * lives here, so the process holds one real timer however many calls are open. Entries are
 * intrusive (a call owns its Timer objects and reuses them), so scheduling allocates nothing.
 */

/** A reusable timer slot owned by one call (or by the engine). */
export class Timer<T = unknown> {
  dueMs = 0;
  /** Slot index while scheduled, -1 otherwise. */
  slot = -1;
  next: Timer<T> | null = null;
  prev: Timer<T> | null = null;
  constructor(
    readonly owner: T,
    /** What the owner should do when it fires (retransmit, resume after pause, ...). */
    readonly kind: number,
  ) {}

  get isScheduled(): boolean {
    return this.slot >= 0;
  }
}

export class TimerWheel<T = unknown> {
  private readonly slots: Array<Timer<T> | null>;
  private readonly mask: number;
  /** Last whole millisecond tick processed. */
  private lastTick: number;
  private size = 0;
  /**
   * Called when a timer is scheduled for a tick before the one the driver said it would
   * advance at next (expectAdvanceIn): it is asleep or napping and must come back sooner.
   */
  onArm: (() => void) | null = null;
  /** The driver's next advance, by tick; -Infinity while it advances every millisecond. */
  private nextAdvance = -Infinity;

  constructor(
    nowMs: number,
    private readonly onFire: (timer: Timer<T>, nowMs: number) => void,
    slotCount = 4096,
  ) {
    if ((slotCount & (slotCount - 1)) !== 0) throw new Error('slotCount must be a power of two');
    this.slots = new Array<Timer<T> | null>(slotCount).fill(null);
    this.mask = slotCount - 1;
    this.lastTick = Math.floor(nowMs);
  }

  get pending(): number {
    return this.size;
  }

  schedule(timer: Timer<T>, dueMs: number): void {
    if (timer.slot >= 0) this.unlink(timer);
    timer.dueMs = dueMs;
    // A due time in the past still fires on the next advance, never in the current one.
    const tick = Math.max(Math.ceil(dueMs), this.lastTick + 1);
    const slot = tick & this.mask;
    const head = this.slots[slot];
    timer.slot = slot;
    timer.prev = null;
    timer.next = head;
    if (head) head.prev = timer;
    this.slots[slot] = timer;
    this.size++;
    if (tick < this.nextAdvance && this.onArm !== null) {
      this.nextAdvance = -Infinity;
      this.onArm();
    }
  }

  /** The driver's next advance is `ms` after the last one: 1 = every ms, Infinity = never. */
  expectAdvanceIn(ms: number): void {
    this.nextAdvance = ms <= 1 ? -Infinity : this.lastTick + ms;
  }

  /**
   * Whole ms from the last advance to the first slot holding a timer, looking `limit` ms ahead
   * at most (and returning `limit` if all are empty). A slot's timer may belong to a later
   * turn of the wheel; then the driver only comes back early.
   */
  msUntilNextSlot(limit: number): number {
    for (let ms = 1; ms < limit; ms++) {
      if (this.slots[(this.lastTick + ms) & this.mask] !== null) return ms;
    }
    return limit;
  }

  cancel(timer: Timer<T>): void {
    if (timer.slot >= 0) this.unlink(timer);
  }

  /** Fires every timer due at or before nowMs, in slot order. */
  advance(nowMs: number): void {
    const target = Math.floor(nowMs);
    if (target <= this.lastTick) return;
    const span = target - this.lastTick;
    const steps = span > this.mask ? this.mask + 1 : span;
    let tick = span > this.mask ? target - this.mask : this.lastTick + 1;
    this.lastTick = target;
    for (let i = 0; i < steps; i++, tick++) {
      let t = this.slots[tick & this.mask];
      while (t) {
        const next = t.next;
        if (t.dueMs <= nowMs) {
          this.unlink(t);
          this.onFire(t, nowMs);
        }
        t = next;
      }
    }
  }

  private unlink(t: Timer<T>): void {
    if (t.prev) t.prev.next = t.next;
    else this.slots[t.slot] = t.next;
    if (t.next) t.next.prev = t.prev;
    t.next = t.prev = null;
    t.slot = -1;
    this.size--;
  }
}
