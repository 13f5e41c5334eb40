/**
 * What a soak's VmRSS readings say: the peak, and how fast the second half still climbs. A
 * process under a steady flood may grow while it fills what is bounded by design (dead calls
 * remembered for -deadcall_wait, buffers up to their caps); by the second half a bounded process
 * is flat, so a slope there is memory that grows with the length of the attack.
 */
import type { RssSample } from './proc-files.ts';
import { slope } from './statistics.ts';

export interface RssTrend {
  /** Highest reading, KiB; NaN without readings. */
  peakKb: number;
  /** Least-squares slope of the readings in [endMs / 2, endMs], MiB per minute; NaN if < 3. */
  secondHalfMibPerMin: number;
  secondHalfSamples: number;
}

/**
 * Above this second-half growth the RSS has not plateaued: under half of issue 12's leak (an
 * OPTIONS flood grew a UAS by about 23 MB a minute, 45 → 136 MB in 240 s). A bounded UAS still
 * moves a little there, as allocator steps of 1–3 MB and an old generation that settles slowly:
 * two 71 s soaks read 3.8 and 7.4 MiB/min over UDP, 6.0 and 6.4 over TCP, each flat by its
 * last 15 s; the TCP flood alone, for 150 s, levelled off at 90 MB from 115 s on.
 */
export const PLATEAU_MIB_PER_MIN = 10;

const MS_PER_MIN = 60_000;
const KIB_PER_MIB = 1024;
const MIN_SLOPE_SAMPLES = 3;

/**
 * `endMs`: when the attack ended, on the samples' clock; later readings count for the peak only.
 */
export function rssTrend(samples: readonly RssSample[], endMs: number): RssTrend {
  const peakKb = samples.reduce((max, s) => Math.max(max, s.rssKb), -Infinity);
  const half = samples.filter((s) => s.atMs >= endMs / 2 && s.atMs <= endMs);
  const kbPerMs =
    half.length < MIN_SLOPE_SAMPLES
      ? NaN
      : slope(
          half.map((s) => s.atMs),
          half.map((s) => s.rssKb),
        );
  return {
    peakKb: samples.length === 0 ? NaN : peakKb,
    secondHalfMibPerMin: (kbPerMs * MS_PER_MIN) / KIB_PER_MIB,
    secondHalfSamples: half.length,
  };
}
