/**
 * The engine's open calls by Call-ID: the part of a Map the engine uses, built so that an ended
 * call is garbage as soon as it leaves the table.
 *
 * A JS Map replaced here kept ended calls alive far beyond their end. Under constant add and
 * delete, V8 rehashes a Map's table into a new one every few hundred operations and leaves a
 * link from the old table to the new one, with the old table's entries still in place. An old
 * table that a scavenge promoted sits in the old generation until the next full collection, and
 * from there it keeps the next table alive through every scavenge, which keeps the next, and
 * every call any of them held, with its messages. At 4,000 calls/s a UAC promoted about 20% of
 * all it allocated, and scavenges copied that; profiling showed Call objects surviving at three
 * times the rate of anything else. Here a resize copies into fresh arrays and empties the old
 * ones, and a delete clears its slot, so nothing links an ended call to a live one.
 *
 * Open addressing with linear probing and tombstones, at most half full counting tombstones.
 */

/** A slot that held a call: look-ups probe past it, inserts may reuse it. */
const TOMBSTONE = '\u0000deleted';
const FIRST_CAPACITY = 256;

/** One generation of the table's arrays, all of one capacity. */
interface Slots<T> {
  keys: Array<string | null>;
  values: Array<T | null>;
  /** When each entry was added: values() lists in that order, as a Map would. */
  order: Float64Array;
}

function emptySlots<T>(capacity: number): Slots<T> {
  return {
    keys: new Array<string | null>(capacity).fill(null),
    values: new Array<T | null>(capacity).fill(null),
    order: new Float64Array(capacity),
  };
}

export class CallTable<T> {
  private slots: Slots<T> = emptySlots<T>(FIRST_CAPACITY);
  /** The emptied arrays of the last resize, reused by the next one of the same capacity. */
  private spare: Slots<T> | null = null;
  private live = 0;
  /** Live entries plus tombstones. */
  private used = 0;
  private added = 0;

  get size(): number {
    return this.live;
  }

  get(key: string): T | undefined {
    const { keys, values } = this.slots;
    const mask = keys.length - 1;
    for (let i = hashOf(key) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === null) return undefined;
      if (k === key) return values[i] as T;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: T): this {
    const { keys, values, order } = this.slots;
    const mask = keys.length - 1;
    let free = -1;
    let i = hashOf(key) & mask;
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === null) break;
      if (k === key) {
        values[i] = value;
        return this;
      }
      if (free < 0 && k === TOMBSTONE) free = i;
    }
    if (free >= 0) i = free;
    else this.used++;
    keys[i] = key;
    values[i] = value;
    order[i] = this.added++;
    this.live++;
    if (this.used * 2 > keys.length) this.resize();
    return this;
  }

  delete(key: string): boolean {
    const { keys, values } = this.slots;
    const mask = keys.length - 1;
    for (let i = hashOf(key) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === null) return false;
      if (k === key) {
        keys[i] = TOMBSTONE;
        values[i] = null;
        this.live--;
        return true;
      }
    }
  }

  /**
   * The entries' values in the order they were added; a copy, so the caller may delete entries
   * while it goes through them. Not for the per-message path: it sorts.
   */
  values(): T[] {
    const { keys, values, order } = this.slots;
    const at: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== null && k !== TOMBSTONE) at.push(i);
    }
    at.sort((a, b) => order[a] - order[b]);
    return at.map((i) => values[i] as T);
  }

  /**
   * Rebuilds into arrays sized for the live entries and empties the old ones (see above). Under
   * steady churn the size stays put, so two sets of arrays take turns and nothing is allocated.
   */
  private resize(): void {
    const old = this.slots;
    let capacity = FIRST_CAPACITY;
    while (this.live * 4 > capacity) capacity *= 2;
    const next =
      this.spare !== null && this.spare.keys.length === capacity
        ? this.spare
        : emptySlots<T>(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < old.keys.length; j++) {
      const k = old.keys[j];
      if (k === null || k === TOMBSTONE) continue;
      let i = hashOf(k) & mask;
      while (next.keys[i] !== null) i = (i + 1) & mask;
      next.keys[i] = k;
      next.values[i] = old.values[j];
      next.order[i] = old.order[j];
    }
    old.keys.fill(null);
    old.values.fill(null);
    this.spare = old;
    this.slots = next;
    this.used = this.live;
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
