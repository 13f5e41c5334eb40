/**
 * Mergeable log-linear histogram of millisecond values, microsecond resolution inside.
 *
 * Layout (fixed, so histograms from shards and machines add bucket by bucket): values below
 * 2 * 128 µs get one bucket each; above, every power of two is split into 128 equal sub-buckets,
 * so a bucket is never wider than 1/128 of its lower bound. Reporting a bucket's midpoint keeps
 * the relative error of any percentile ≤ 1/256 (< 0.4 %), plus the 0.5 µs rounding of input.
 * Count, min, max and the µs sum are exact; the sum of squares (for stdev) is a float sum.
 */

const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Largest exponent shift: values up to 2^(MAX_SHIFT + 8) µs ≈ 50 days; larger are clamped. */
const MAX_SHIFT = 34;
const BUCKET_COUNT = (MAX_SHIFT + 2) * SUB_BUCKETS;
const MAX_US = 2 ** (MAX_SHIFT + SUB_BUCKET_BITS + 1) - 1;
const TWO_32 = 2 ** 32;

/** Serialized form: sparse buckets as flat `[index, count, index, count, ...]` pairs. */
export interface HistogramJSON {
  /** Layout id; fromJSON refuses another layout rather than merging wrongly. */
  readonly layout: 'log-linear-us-7';
  readonly count: number;
  /** ms; 0 when empty. */
  readonly minMs: number;
  readonly maxMs: number;
  /** Sum of the recorded values in whole µs (exact). */
  readonly sumUs: number;
  /** Sum of squares in ms² (for stdev). */
  readonly sumSqMs: number;
  readonly buckets: readonly number[];
}

function indexOfUs(us: number): number {
  if (us < 2 * SUB_BUCKETS) return us;
  if (us < TWO_32) {
    // Integer shifts: this runs for every response time and call length (no pow()).
    const shift = 31 - Math.clz32(us) - SUB_BUCKET_BITS;
    return shift * SUB_BUCKETS + (us >>> shift);
  }
  const shift = 63 - Math.clz32(Math.floor(us / TWO_32)) - SUB_BUCKET_BITS;
  return shift * SUB_BUCKETS + Math.floor(us / 2 ** shift);
}

/** Midpoint (µs) of the integer values a bucket holds. */
function midpointUs(index: number): number {
  if (index < 2 * SUB_BUCKETS) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const top = index - shift * SUB_BUCKETS;
  const width = 2 ** shift;
  return top * width + (width - 1) / 2;
}

export class Histogram {
  private readonly buckets = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private minUs = Infinity;
  private maxUs = -Infinity;
  private sumUs = 0;
  private sumSqMs = 0;
  /** Touched bucket range, so reset() and toJSON() skip the empty tail. */
  private lowIndex = BUCKET_COUNT;
  private highIndex = -1;

  /** Records one value in ms; negatives count as 0, NaN is ignored. */
  record(ms: number): void {
    if (!(ms >= 0)) {
      if (ms !== ms) return;
      ms = 0;
    }
    let us = Math.round(ms * 1000);
    if (us > MAX_US) us = MAX_US;
    const index = indexOfUs(us);
    this.buckets[index]++;
    if (index < this.lowIndex) this.lowIndex = index;
    if (index > this.highIndex) this.highIndex = index;
    this.total++;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
    this.sumUs += us;
    const roundedMs = us / 1000;
    this.sumSqMs += roundedMs * roundedMs;
  }

  get count(): number {
    return this.total;
  }

  /** ms; 0 when empty. */
  get min(): number {
    return this.total === 0 ? 0 : this.minUs / 1000;
  }

  get max(): number {
    return this.total === 0 ? 0 : this.maxUs / 1000;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sumUs / this.total / 1000;
  }

  /** Population standard deviation in ms (what SIPp's StDev columns report). */
  get stdev(): number {
    if (this.total === 0) return 0;
    const mean = this.mean;
    const variance = this.sumSqMs / this.total - mean * mean;
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  /**
   * Value at percentile `p` (0..100) in ms: the smallest recorded value with at least p % of
   * the samples at or below it, within the layout's error; p=0 is min, p=100 is max.
   */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    if (p <= 0) return this.min;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = this.lowIndex; i <= this.highIndex; i++) {
      seen += this.buckets[i];
      if (seen >= rank) {
        const us = Math.min(this.maxUs, Math.max(this.minUs, midpointUs(i)));
        return us / 1000;
      }
    }
    return this.max;
  }

  /**
   * Samples at or below `ms`, within the layout's error: a bucket counts when its midpoint is
   * at or below the bound, so only samples within 1/256 of the bound can land on the wrong side.
   */
  countAtOrBelow(ms: number): number {
    const boundUs = ms * 1000;
    let n = 0;
    for (let i = this.lowIndex; i <= this.highIndex; i++) {
      if (midpointUs(i) > boundUs) break;
      n += this.buckets[i];
    }
    return n;
  }

  /**
   * countAtOrBelow for ascending bounds, in one pass over the touched buckets: the API's stats
   * build nine fixed buckets per latency on every poll, and nine passes cost 0.5 ms each time.
   */
  countsAtOrBelow(boundsMs: readonly number[]): number[] {
    const out = new Array<number>(boundsMs.length).fill(0);
    let b = 0;
    let n = 0;
    for (let i = this.lowIndex; i <= this.highIndex && b < boundsMs.length; i++) {
      const mid = midpointUs(i);
      while (b < boundsMs.length && mid > boundsMs[b] * 1000) out[b++] = n;
      n += this.buckets[i];
    }
    while (b < boundsMs.length) out[b++] = n;
    return out;
  }

  /** Adds every sample of `other` into this histogram (exact: same fixed layout). */
  merge(other: Histogram): void {
    if (other.total === 0) return;
    for (let i = other.lowIndex; i <= other.highIndex; i++) this.buckets[i] += other.buckets[i];
    this.absorbSummary(other.total, other.minUs, other.maxUs, other.sumUs, other.sumSqMs);
    if (other.lowIndex < this.lowIndex) this.lowIndex = other.lowIndex;
    if (other.highIndex > this.highIndex) this.highIndex = other.highIndex;
  }

  /** Adds a serialized histogram (from another shard or machine). */
  mergeJSON(json: HistogramJSON): void {
    assertLayout(json);
    if (json.count === 0) return;
    const pairs = json.buckets;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const index = pairs[i];
      if (!Number.isInteger(index) || index < 0 || index >= BUCKET_COUNT) {
        throw new RangeError(`histogram bucket index ${index} outside 0..${BUCKET_COUNT - 1}`);
      }
      this.buckets[index] += pairs[i + 1];
      if (index < this.lowIndex) this.lowIndex = index;
      if (index > this.highIndex) this.highIndex = index;
    }
    const minUs = Math.round(json.minMs * 1000);
    const maxUs = Math.round(json.maxMs * 1000);
    this.absorbSummary(json.count, minUs, maxUs, json.sumUs, json.sumSqMs);
  }

  /**
   * Removes the samples of `earlier`, an earlier state of this same histogram, leaving the ones
   * recorded since (a consumer's period: stats/period-tracker.ts). Buckets, count and the µs sum
   * stay exact. Min and max cannot be undone: they stay exact when the extreme is provably a new
   * sample, else they are its bucket's midpoint, within the layout's error like percentiles.
   * Throws (leaving this histogram unusable) when `earlier` holds samples this one does not.
   */
  minusJSON(earlier: HistogramJSON): void {
    assertLayout(earlier);
    if (earlier.count === 0) return;
    if (earlier.count > this.total) throw new RangeError(notEarlier(earlier.count, this.total));
    const pairs = earlier.buckets;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const index = pairs[i];
      if (
        !Number.isInteger(index) ||
        !(index >= this.lowIndex && index <= this.highIndex) ||
        this.buckets[index] < pairs[i + 1]
      ) {
        throw new RangeError(
          `histogram bucket ${index}: ${notEarlier(pairs[i + 1], this.buckets[index] ?? 0)}`,
        );
      }
      this.buckets[index] -= pairs[i + 1];
    }
    const laterMinUs = this.minUs;
    const laterMaxUs = this.maxUs;
    const total = this.total - earlier.count;
    const sumUs = this.sumUs - earlier.sumUs;
    const sumSqMs = Math.max(0, this.sumSqMs - earlier.sumSqMs);
    if (total === 0) {
      this.reset();
      return;
    }
    let low = this.lowIndex;
    let high = this.highIndex;
    while (this.buckets[low] === 0) low++;
    while (this.buckets[high] === 0) high--;
    this.lowIndex = low;
    this.highIndex = high;
    this.total = total;
    this.sumUs = sumUs;
    this.sumSqMs = sumSqMs;
    // An extreme in a bucket the earlier state left empty was recorded since.
    const isMinNew =
      laterMinUs < Math.round(earlier.minMs * 1000) ||
      (low === indexOfUs(laterMinUs) && bucketCount(pairs, low) === 0);
    const isMaxNew =
      laterMaxUs > Math.round(earlier.maxMs * 1000) ||
      (high === indexOfUs(laterMaxUs) && bucketCount(pairs, high) === 0);
    const clamp = (us: number) => Math.min(laterMaxUs, Math.max(laterMinUs, us));
    this.minUs = isMinNew ? laterMinUs : clamp(midpointUs(low));
    this.maxUs = isMaxNew ? laterMaxUs : clamp(midpointUs(high));
  }

  reset(): void {
    if (this.highIndex >= 0) this.buckets.fill(0, this.lowIndex, this.highIndex + 1);
    this.total = 0;
    this.minUs = Infinity;
    this.maxUs = -Infinity;
    this.sumUs = 0;
    this.sumSqMs = 0;
    this.lowIndex = BUCKET_COUNT;
    this.highIndex = -1;
  }

  toJSON(): HistogramJSON {
    const pairs: number[] = [];
    for (let i = this.lowIndex; i <= this.highIndex; i++) {
      if (this.buckets[i] !== 0) pairs.push(i, this.buckets[i]);
    }
    return {
      layout: 'log-linear-us-7',
      count: this.total,
      minMs: this.min,
      maxMs: this.max,
      sumUs: this.sumUs,
      sumSqMs: this.sumSqMs,
      buckets: pairs,
    };
  }

  static fromJSON(json: HistogramJSON): Histogram {
    const h = new Histogram();
    h.mergeJSON(json);
    return h;
  }

  private absorbSummary(n: number, minUs: number, maxUs: number, sumUs: number, sumSq: number) {
    this.total += n;
    if (minUs < this.minUs) this.minUs = minUs;
    if (maxUs > this.maxUs) this.maxUs = maxUs;
    this.sumUs += sumUs;
    this.sumSqMs += sumSq;
  }
}

/** An empty serialized histogram (for snapshots of RTDs that saw no sample). */
export function emptyHistogramJSON(): HistogramJSON {
  return {
    layout: 'log-linear-us-7',
    count: 0,
    minMs: 0,
    maxMs: 0,
    sumUs: 0,
    sumSqMs: 0,
    buckets: [],
  };
}

/** A sparse bucket list's count at `index` (0 when absent). */
function bucketCount(pairs: readonly number[], index: number): number {
  for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] === index) return pairs[i + 1];
  return 0;
}

function notEarlier(earlierCount: number, laterCount: number): string {
  return `an earlier state holds ${earlierCount} samples where the later one holds ${laterCount}; subtract only an earlier state of the same histogram`;
}

function assertLayout(json: HistogramJSON): void {
  if (json.layout !== 'log-linear-us-7') {
    throw new RangeError(
      `histogram layout "${String(json.layout)}" cannot merge into log-linear-us-7`,
    );
  }
}
