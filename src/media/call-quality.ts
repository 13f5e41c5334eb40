/**
 * Call quality from what a call received: an E-model (ITU-T G.107) estimate for G.711. The
 * equipment impairment of G.711 with packet-loss concealment is Ie = 0, Bpl = 25.1 (G.113
 * Appendix I); random loss Ppl (%) gives Ie,eff = 95 · Ppl / (Ppl + Bpl). The delay impairment
 * Id uses the one-way delay a receiver would add: one 20 ms packet plus a jitter buffer of twice
 * the measured jitter (the network delay itself is not known to one end, so it counts as 0).
 * R = 93.2 − Id − Ie,eff; MOS = 1 + 0.035 R + 7·10⁻⁶ R (R − 60)(100 − R) (G.107 Annex B).
 */

export interface CallQuality {
  readonly sent: number;
  readonly received: number;
  readonly expected: number;
  readonly lost: number;
  readonly reordered: number;
  readonly duplicates: number;
  readonly jitterMs: number;
  readonly rFactor: number;
  readonly mos: number;
  /** The far end's view from RTCP (fraction lost, jitter, round trip), when it reported. */
  readonly remote?: {
    readonly fractionLost: number;
    readonly cumulativeLost: number;
    readonly jitterMs: number;
    readonly rttMs: number;
  };
  /** RFC 4733 digits received, in order. */
  readonly dtmfReceived?: string;
}

const G711_BPL = 25.1;
const PACKET_MS = 20;

export function rFactorG711(lossRatio: number, jitterMs: number): number {
  const ppl = Math.min(100, Math.max(0, lossRatio * 100));
  const ieEff = (95 * ppl) / (ppl + G711_BPL);
  const d = PACKET_MS + 2 * jitterMs;
  const id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  return Math.max(0, Math.min(100, 93.2 - id - ieEff));
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}
