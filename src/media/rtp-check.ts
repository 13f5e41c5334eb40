/**
 * `rtpcheck="min_packets=N timeout_ms=T direction=any|send|recv|both [max_loss=R] [min_mos=M]"`
 * or the short `rtpcheck="N"`: by T ms after the action (default 1000), the call has sent
 * and/or received at least N RTP packets (default 1; counted from the call's start), and, when
 * asked, lost at most R of what it expected (0..1, or a percentage `5%`) and reads an E-model
 * MOS of at least M. Otherwise the call fails, counted as FailedRtpCheck. `any` means either
 * direction reached N, `both` each of them (`bidirectional` is the reference's older name).
 * The check is one entry in the engine's StreamScheduler; a call that ends before the deadline
 * is checked then.
 */
import { GossipperError } from '../errors.ts';
import { mosFromR, rFactorG711 } from './call-quality.ts';
import type { RtpReceiveStats } from './rtp-receive-stats.ts';
import type { ScheduledStream } from './stream-scheduler.ts';

/** What a check reads of a call (CallMedia has it). */
export interface CheckedMedia {
  readonly rtpSent: number;
  readonly rx: RtpReceiveStats | null;
}

export type CheckDirection = 'any' | 'send' | 'recv' | 'both';

export interface RtpCheckArgs {
  readonly minPackets: number;
  readonly timeoutMs: number;
  readonly direction: CheckDirection;
  /** Highest loss ratio allowed (0..1); -1 when not checked. */
  readonly maxLoss: number;
  /** Lowest MOS allowed; -1 when not checked. */
  readonly minMos: number;
}

const DIRECTIONS: Readonly<Record<string, CheckDirection>> = {
  any: 'any',
  send: 'send',
  recv: 'recv',
  both: 'both',
  bidirectional: 'both',
};

export function parseRtpCheck(text: string): RtpCheckArgs {
  const bad = (why: string): never => {
    throw new GossipperError(
      'MEDIA_INVALID',
      `rtpcheck="${text}": ${why} (expected N, or min_packets=N timeout_ms=T direction=any|send|recv|both max_loss=R min_mos=M)`,
    );
  };
  const trimmed = text.trim();
  let args: RtpCheckArgs = {
    minPackets: 1,
    timeoutMs: 1000,
    direction: 'any',
    maxLoss: -1,
    minMos: -1,
  };
  if (/^\d+$/.test(trimmed)) return { ...args, minPackets: Number(trimmed) };
  for (const part of trimmed.split(/[\s,]+/).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) bad(`"${part}" is not key=value`);
    const key = part.slice(0, eq).toLowerCase();
    const value = part.slice(eq + 1);
    const count = (): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) bad(`${key}=${value} is not a whole number ≥ 0`);
      return n;
    };
    if (key === 'min_packets') args = { ...args, minPackets: count() };
    else if (key === 'timeout_ms') args = { ...args, timeoutMs: count() };
    else if (key === 'direction') {
      const d = DIRECTIONS[value.toLowerCase()];
      if (d === undefined) bad(`direction=${value} is not any, send, recv or both`);
      args = { ...args, direction: d };
    } else if (key === 'max_loss') {
      const ratio = value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : Number(value);
      if (!(ratio >= 0 && ratio <= 1)) bad(`max_loss=${value} is not 0..1 (or 0%..100%)`);
      args = { ...args, maxLoss: ratio };
    } else if (key === 'min_mos') {
      const mos = Number(value);
      if (!(mos >= 1 && mos <= 5)) bad(`min_mos=${value} is not 1..5`);
      args = { ...args, minMos: mos };
    } else bad(`unknown option "${key}"`);
  }
  return args;
}

/** Why the call's media does not meet `args`, or null when it does. */
export function rtpCheckFailure(args: RtpCheckArgs, media: CheckedMedia): string | null {
  const sent = media.rtpSent;
  const received = media.rx?.received ?? 0;
  const n = args.minPackets;
  const counts = `sent ${sent}, received ${received}`;
  const ok =
    args.direction === 'send'
      ? sent >= n
      : args.direction === 'recv'
        ? received >= n
        : args.direction === 'both'
          ? sent >= n && received >= n
          : sent >= n || received >= n;
  if (!ok)
    return `fewer than ${n} RTP packets (direction ${args.direction}) after ${args.timeoutMs} ms: ${counts}`;
  if (args.maxLoss < 0 && args.minMos < 0) return null;
  const expected = media.rx?.expected ?? 0;
  const loss = expected > 0 ? (media.rx?.lost ?? 0) / expected : 0;
  if (args.maxLoss >= 0 && loss > args.maxLoss)
    return `RTP loss ${(loss * 100).toFixed(2)}% is above max_loss ${(args.maxLoss * 100).toFixed(2)}%`;
  if (args.minMos >= 0) {
    const mos = mosFromR(rFactorG711(loss, media.rx?.jitterMs ?? 0));
    if (received === 0 || mos < args.minMos)
      return `MOS ${received === 0 ? 'unknown (nothing received)' : mos.toFixed(2)} is below min_mos ${args.minMos}`;
  }
  return null;
}

/** A pending check: fires once at its deadline. */
export class RtpCheck implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  isDone = false;

  constructor(
    readonly args: RtpCheckArgs,
    private readonly media: CheckedMedia,
    startMs: number,
    private readonly onResult: (check: RtpCheck, failure: string | null) => void,
  ) {
    this.dueMs = startMs + args.timeoutMs;
  }

  fire(): number {
    this.settle();
    return -1;
  }

  /** Checks now (at the deadline, or early when the call ends); once. */
  settle(): void {
    if (this.isDone) return;
    this.isDone = true;
    this.onResult(this, rtpCheckFailure(this.args, this.media));
  }
}
