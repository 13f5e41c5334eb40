/**
 * Call-IDs of calls that ended in the last `-deadcall_wait` ms, so late messages count as
 * "dead call msg" instead of out-of-call (or, on a UAS, instead of starting a new call).
 *
 * Kept off the JavaScript heap. At 4,000 calls/s and SIPp's default 33 s wait this is 130,000
 * Call-IDs; held as strings in a Map, every one of them outlived V8's young generation and was
 * copied into the old one, then marked and swept there: 12–16% of a UAC's CPU, measured by
 * running with `-deadcall_wait 0`. Here the characters go into a ring of bytes, and an
 * open-addressing table of sequence numbers finds them; nothing is allocated per call.
 *
 * Every entry lives equally long, so insertion order is expiry order and expiring is moving
 * a head forward. Table slots of expired entries stay behind as tombstones (skipped by
 * look-ups, reused by inserts) until the table is rebuilt from the live entries.
 *
 * Expiry does not depend on anyone calling sweep(): add() first drops what has expired, and
 * has() treats an expired entry as gone. A UAS answering only out-of-dialog requests (an OPTIONS
 * flood) ends every call inside the datagram handler, arms no timer, and so never wakes the
 * ticker that sweeps; before this the store grew without bound (45 -> 136 MB in 240 s at 3,000
 * OPTIONS/s), and a Call-ID reused after -deadcall_wait still counted as a dead-call message.
 */

/** Sequence numbers wrap here; a table slot holds seq + 1, 0 being an empty slot. */
const SEQ_MASK = 0x3fffffff;
const EMPTY = 0;
const FIRST_ENTRIES = 1024;
const FIRST_BYTES = 32 * 1024;
const FIRST_SLOTS = 4096;

export class DeadCalls {
  // Entries, a ring indexed by seq & (capacity - 1).
  private expiry = new Float64Array(FIRST_ENTRIES);
  private keyStart = new Int32Array(FIRST_ENTRIES);
  private keyLength = new Int32Array(FIRST_ENTRIES);
  /** 1: the key is stored as two bytes per character (one of them is above U+00FF). */
  private keyWide = new Uint8Array(FIRST_ENTRIES);
  private keyHash = new Int32Array(FIRST_ENTRIES);
  private head = 0;
  private count = 0;
  // Key characters, a ring in entry order: a byte each, or two (low byte first) in a wide key.
  private bytes = new Uint8Array(FIRST_BYTES);
  private byteHead = 0;
  private byteUsed = 0;
  // Open-addressing look-up table of seq + 1, linear probing; at most half full.
  private slots = new Int32Array(FIRST_SLOTS);
  private slotsUsed = 0;
  private insertsSinceRebuild = 0;

  constructor(private readonly waitMs: number) {}

  get size(): number {
    return this.count;
  }

  add(callId: string, nowMs: number): void {
    if (this.waitMs <= 0) return;
    this.sweep(nowMs);
    const length = callId.length;
    if (this.count === this.expiry.length || this.byteUsed + length > this.bytes.length)
      this.grow(length);
    const bytes = this.bytes;
    const byteMask = bytes.length - 1;
    let start = (this.byteHead + this.byteUsed) & byteMask;
    let all = 0;
    for (let k = 0; k < length; k++) {
      const c = callId.charCodeAt(k);
      all |= c;
      bytes[(start + k) & byteMask] = c;
    }
    const wide = all > 0xff ? 1 : 0;
    if (wide === 1) start = this.writeWide(callId);
    const seq = (this.head + this.count) & SEQ_MASK;
    const i = seq & (this.expiry.length - 1);
    this.expiry[i] = nowMs + this.waitMs;
    this.keyStart[i] = start;
    this.keyLength[i] = length;
    this.keyWide[i] = wide;
    this.keyHash[i] = callIdHash(callId);
    this.count++;
    this.byteUsed += length << wide;
    // A rebuild takes every live entry, this one included.
    if (
      (this.slotsUsed + 1) * 2 > this.slots.length ||
      this.insertsSinceRebuild >= this.slots.length
    )
      this.rebuild();
    else this.insert(seq, this.keyHash[i]);
  }

  /**
   * Whether callId ended less than the wait ago (an entry past its expiry is gone, swept or not).
   */
  has(callId: string, nowMs: number): boolean {
    if (this.count === 0) return false;
    const length = callId.length;
    const hash = callIdHash(callId);
    const slots = this.slots;
    const slotMask = slots.length - 1;
    const entryMask = this.expiry.length - 1;
    for (let s = hash & slotMask; ; s = (s + 1) & slotMask) {
      const v = slots[s];
      if (v === EMPTY) return false;
      const seq = v - 1;
      if (!this.isLive(seq)) continue;
      const i = seq & entryMask;
      // An expired copy of the key may sit before a live one in the probe order: keep looking.
      if (
        this.keyHash[i] === hash &&
        this.keyLength[i] === length &&
        this.expiry[i] > nowMs &&
        this.keyEquals(i, callId)
      )
        return true;
    }
  }

  sweep(nowMs: number): void {
    const entryMask = this.expiry.length - 1;
    const byteMask = this.bytes.length - 1;
    while (this.count > 0) {
      const i = this.head & entryMask;
      if (this.expiry[i] > nowMs) break;
      const span = this.keyLength[i] << this.keyWide[i];
      this.byteHead = (this.byteHead + span) & byteMask;
      this.byteUsed -= span;
      this.head = (this.head + 1) & SEQ_MASK;
      this.count--;
    }
  }

  /**
   * Writes a key again at two bytes per character, low byte first: one of its characters did
   * not fit in a byte (only a user's -cid_str can make such a Call-ID; received ones are
   * decoded as latin1). Returns where it starts.
   */
  private writeWide(callId: string): number {
    const length = callId.length;
    if (this.byteUsed + 2 * length > this.bytes.length) this.grow(2 * length);
    const bytes = this.bytes;
    const byteMask = bytes.length - 1;
    const start = (this.byteHead + this.byteUsed) & byteMask;
    for (let k = 0; k < length; k++) {
      const c = callId.charCodeAt(k);
      bytes[(start + 2 * k) & byteMask] = c & 0xff;
      bytes[(start + 2 * k + 1) & byteMask] = c >>> 8;
    }
    return start;
  }

  /**
   * Whether seq names a live entry. A "live" answer always points at a live ring position
   * (the ring's capacity divides 2**30), so look-ups stay exact even if a very old tombstone
   * aliased; rebuilding at least once per table-size inserts keeps that from happening.
   */
  private isLive(seq: number): boolean {
    return ((seq - this.head) & SEQ_MASK) < this.count;
  }

  private keyEquals(i: number, callId: string): boolean {
    const bytes = this.bytes;
    const byteMask = bytes.length - 1;
    const start = this.keyStart[i];
    if (this.keyWide[i] === 1) {
      for (let k = 0; k < callId.length; k++) {
        const c = bytes[(start + 2 * k) & byteMask] | (bytes[(start + 2 * k + 1) & byteMask] << 8);
        if (c !== callId.charCodeAt(k)) return false;
      }
      return true;
    }
    for (let k = 0; k < callId.length; k++) {
      if (bytes[(start + k) & byteMask] !== callId.charCodeAt(k)) return false;
    }
    return true;
  }

  private insert(seq: number, hash: number): void {
    const slots = this.slots;
    const slotMask = slots.length - 1;
    this.insertsSinceRebuild++;
    for (let s = hash & slotMask; ; s = (s + 1) & slotMask) {
      const v = slots[s];
      if (v === EMPTY) {
        slots[s] = seq + 1;
        this.slotsUsed++;
        return;
      }
      if (!this.isLive(v - 1)) {
        slots[s] = seq + 1;
        return;
      }
    }
  }

  /** A fresh table holding only the live entries, at most a quarter full. */
  private rebuild(): void {
    let size = FIRST_SLOTS;
    while (size < this.count * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.slotsUsed = 0;
    this.insertsSinceRebuild = 0;
    const entryMask = this.expiry.length - 1;
    for (let n = 0; n < this.count; n++) {
      const seq = (this.head + n) & SEQ_MASK;
      this.insert(seq, this.keyHash[seq & entryMask]);
    }
    this.insertsSinceRebuild = 0;
  }

  /** Doubles whichever ring is full; live entries keep their sequence numbers. */
  private grow(extraBytes: number): void {
    let entries = this.expiry.length;
    if (this.count === entries) entries *= 2;
    let byteSize = this.bytes.length;
    while (this.byteUsed + extraBytes > byteSize) byteSize *= 2;
    const oldEntryMask = this.expiry.length - 1;
    const oldByteMask = this.bytes.length - 1;
    const expiry = new Float64Array(entries);
    const keyStart = new Int32Array(entries);
    const keyLength = new Int32Array(entries);
    const keyWide = new Uint8Array(entries);
    const keyHash = new Int32Array(entries);
    const bytes = new Uint8Array(byteSize);
    // The live bytes, in one or two runs (the second when they wrap the ring's end).
    const firstRun = Math.min(this.byteUsed, this.bytes.length - this.byteHead);
    bytes.set(this.bytes.subarray(this.byteHead, this.byteHead + firstRun), 0);
    bytes.set(this.bytes.subarray(0, this.byteUsed - firstRun), firstRun);
    const entryMask = entries - 1;
    for (let n = 0; n < this.count; n++) {
      const seq = (this.head + n) & SEQ_MASK;
      const from = seq & oldEntryMask;
      const to = seq & entryMask;
      expiry[to] = this.expiry[from];
      keyStart[to] = (this.keyStart[from] - this.byteHead) & oldByteMask;
      keyLength[to] = this.keyLength[from];
      keyWide[to] = this.keyWide[from];
      keyHash[to] = this.keyHash[from];
    }
    this.expiry = expiry;
    this.keyStart = keyStart;
    this.keyLength = keyLength;
    this.keyWide = keyWide;
    this.keyHash = keyHash;
    this.bytes = bytes;
    this.byteHead = 0;
  }
}

/**
 * FNV-1a over the characters, then MurmurHash3's avalanche step so that the table's low bits
 * depend on every character.
 */
function callIdHash(callId: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < callId.length; k++) h = Math.imul(h ^ callId.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
