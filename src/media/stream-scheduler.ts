/**
 * One scheduler for every stream of an engine: a binary min-heap on each stream's next due
 * time, advanced from the run's ticker (the same timer that drives the engine), never a timer
 * per stream or per packet. A due stream sends what is due and says when it is next due; the
 * packets of one tick are queued on their sockets and leave in one batch per socket.
 *
 * With a lead (a run whose sockets can send at a given time: the addon's pacer thread), a
 * paced stream fires `leadMs` before its packets are due and hands each over with its due
 * time, so a stall of this thread shorter than the lead does not move a packet on the wire.
 * Checks and reports (rtpcheck, RTCP) are not paced: they fire at their time.
 */

export interface ScheduledStream {
  /** Clock time (ms) the stream next has a packet due. */
  dueMs: number;
  /** Position in the heap; -1 when not scheduled. */
  heapAt: number;
  /** Sends what is due at `nowMs`; returns the next due time, or -1 when the stream is over. */
  fire(nowMs: number): number;
  /** Sends RTP, each packet with its due time: fires `leadMs` ahead (see above). */
  readonly paced?: boolean;
}

export class StreamScheduler {
  private readonly heap: ScheduledStream[] = [];

  /** `leadMs`: how far ahead paced streams fire; 0 when packets leave as they are made. */
  constructor(readonly leadMs = 0) {}

  /** When the scheduler fires `s`: its due time, less the lead when it is paced. */
  private fireAt(s: ScheduledStream): number {
    return s.paced === true ? s.dueMs - this.leadMs : s.dueMs;
  }

  get size(): number {
    return this.heap.length;
  }

  add(s: ScheduledStream): void {
    if (s.heapAt >= 0) return;
    s.heapAt = this.heap.length;
    this.heap.push(s);
    this.up(s.heapAt);
  }

  remove(s: ScheduledStream): void {
    const i = s.heapAt;
    if (i < 0) return;
    const last = this.heap.pop()!;
    s.heapAt = -1;
    if (last === s) return;
    this.heap[i] = last;
    last.heapAt = i;
    this.down(i);
    this.up(last.heapAt);
  }

  /**
   * Fires every due stream (a stream late by several periods sends its backlog in one go, so
   * a stalled tick costs timing, never packets). Returns ms until the next due one (Infinity
   * when none).
   */
  tick(nowMs: number): number {
    const heap = this.heap;
    while (heap.length > 0 && this.fireAt(heap[0]) <= nowMs) {
      const s = heap[0];
      const next = s.fire(s.paced === true ? nowMs + this.leadMs : nowMs);
      if (next < 0) this.remove(s);
      else {
        s.dueMs = next;
        this.down(0);
      }
    }
    return heap.length === 0 ? Infinity : this.fireAt(heap[0]) - nowMs;
  }

  private up(i: number): void {
    const heap = this.heap;
    const s = heap[i];
    const key = this.fireAt(s);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.fireAt(heap[p]) <= key) break;
      heap[i] = heap[p];
      heap[i].heapAt = i;
      i = p;
    }
    heap[i] = s;
    s.heapAt = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const s = heap[i];
    const key = this.fireAt(s);
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.fireAt(heap[c + 1]) < this.fireAt(heap[c])) c++;
      if (this.fireAt(heap[c]) >= key) break;
      heap[i] = heap[c];
      heap[i].heapAt = i;
      i = c;
    }
    heap[i] = s;
    s.heapAt = i;
  }
}
