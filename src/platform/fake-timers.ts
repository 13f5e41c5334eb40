/**
 * A wall clock and timers that move only when a test says so: `advance(ms)` steps time forward,
 * firing every timer that falls due on the way, in due order, each at its own due time.
 */
import type { TimerHandle, Timers } from './timers.ts';
import type { WallClock } from './wall-clock.ts';

interface FakeTimer {
  readonly id: number;
  dueMs: number;
  readonly repeatMs: number;
  readonly fire: () => void;
}

export class FakeTimers implements Timers, WallClock {
  private timeMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, FakeTimer>();

  constructor(startMs = 0) {
    this.timeMs = startMs;
  }

  nowMs(): number {
    return this.timeMs;
  }

  /** Timers armed and not yet fired or cleared (an interval stays until cleared). */
  get pendingCount(): number {
    return this.pending.size;
  }

  setTimeout(fire: () => void, ms: number): TimerHandle {
    return this.add(fire, ms, 0);
  }
  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }
  setInterval(fire: () => void, ms: number): TimerHandle {
    // As Node: an interval below 1 ms runs every millisecond.
    return this.add(fire, ms, Math.max(1, ms));
  }
  clearInterval(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }

  advance(ms: number): void {
    const endMs = this.timeMs + ms;
    for (let next = this.nextDue(endMs); next !== undefined; next = this.nextDue(endMs)) {
      this.timeMs = next.dueMs;
      if (next.repeatMs > 0) next.dueMs += next.repeatMs;
      else this.pending.delete(next.id);
      next.fire();
    }
    this.timeMs = endMs;
  }

  private add(fire: () => void, ms: number, repeatMs: number): number {
    const id = this.nextId++;
    this.pending.set(id, { id, dueMs: this.timeMs + Math.max(1, ms), repeatMs, fire });
    return id;
  }

  /** The earliest timer due by `endMs`; ties in the order they were armed. */
  private nextDue(endMs: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.pending.values()) {
      if (t.dueMs <= endMs && (best === undefined || t.dueMs < best.dueMs)) best = t;
    }
    return best;
  }
}
