/**
 * A call's quality when it ends (call-quality.ts's E-model on what it received), added into the
 * run's sums: lost and reordered packets, and jitter and MOS over the calls that received RTP.
 */
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { CallMedia } from './call-media.ts';
import { mosFromR, rFactorG711, type CallQuality } from './call-quality.ts';

/** Counts the call's quality; null, counting nothing, when it neither sent nor received RTP. */
export function countQuality(
  state: CallMedia,
  stats: { count(counter: CounterId, n?: number): void },
): CallQuality | null {
  const rx = state.rx;
  if (rx === null && state.sent === 0) return null;
  const expected = rx?.expected ?? 0;
  const lost = rx?.lost ?? 0;
  const jitterMs = rx?.jitterMs ?? 0;
  const r = rFactorG711(expected > 0 ? lost / expected : 0, jitterMs);
  const q: CallQuality = {
    sent: state.sent,
    received: rx?.received ?? 0,
    expected,
    lost,
    reordered: rx?.reordered ?? 0,
    duplicates: rx?.duplicates ?? 0,
    jitterMs,
    rFactor: r,
    mos: mosFromR(r),
    ...(state.rtcp !== null && state.rtcp.remote.reports > 0
      ? { remote: { ...state.rtcp.remote } }
      : {}),
    ...(state.extras !== null ? { dtmfReceived: state.extras.dtmfIn.digits } : {}),
  };
  stats.count(Counter.RtpPacketsLost, q.lost);
  stats.count(Counter.RtpPacketsReordered, q.reordered);
  if (rx !== null) {
    stats.count(Counter.RtpQualityCalls);
    stats.count(Counter.RtpJitterUsSum, Math.round(jitterMs * 1000));
    stats.count(Counter.RtpMosMilliSum, Math.round(q.mos * 1000));
  }
  return q;
}
