/**
 * `play_dtmf="digits[,tone ms]"`: RFC 2833 telephone-events built the way SIPp 3.6.1 builds
 * them (prepare_dtmf, checked against its packets on the wire), then replayed like a capture on
 * the call's audio port. First, once, 400 ms of "no-op" packets (PT 97, 4 zero bytes; their
 * sequence numbers step by 2 and their timestamps by 20 per 20 ms, as SIPp's do) to open the
 * path; then per digit, after a gap of twice the tone length: an event packet every 20 ms
 * (PT 96, marker on the first, volume 10, duration growing by 160) and three end packets 1 ms
 * apart. Tone 200 ms unless 50..2000 is given. One SSRC per play (SIPp counts up from
 * 0x01020305); digits other than 0-9 * # A-D are skipped.
 */
import { GossipperError } from '../errors.ts';
import type { PreparedCapture } from './capture-playback.ts';

const EVENT_PT = 96;
const NOOP_PT = 97;
const VOLUME = 10;
const FILLER_PACKETS = 20;
const FIRST_TIMESTAMP = 24000;
/** The sequence number SIPp 3.6.1 was seen to start a call's first play_dtmf at. */
export const DTMF_FIRST_SEQ = 1200;
export const DTMF_FIRST_SSRC = 0x01020305;

const EVENTS = '0123456789*#ABCD';

export interface PreparedDtmf extends PreparedCapture {
  /** Where the call's next play_dtmf starts numbering. */
  readonly nextSeq: number;
}

function rtp(pt: number, marker: boolean, seq: number, ts: number, ssrc: number, body: number[]) {
  const b = Buffer.alloc(12 + body.length);
  b[0] = 0x80;
  b[1] = (marker ? 0x80 : 0) | pt;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  b.set(body, 12);
  return b;
}

export function prepareDtmf(arg: string, startSeq: number, ssrc: number): PreparedDtmf {
  const [digitText, toneText] = arg.split(',');
  let toneMs = toneText === undefined ? 200 : Number(toneText);
  if (!(toneMs >= 50 && toneMs <= 2000)) toneMs = 200;
  toneMs = Math.floor(toneMs);
  const events = [...digitText].map((d) => EVENTS.indexOf(d)).filter((e) => e >= 0);
  if (events.length === 0)
    throw new GossipperError('MEDIA_INVALID', `play_dtmf="${arg}": no digit (0-9 * # A-D)`);
  const atMs: number[] = [];
  const payloads: Buffer[] = [];
  const push = (at: number, packet: Buffer): void => {
    atMs.push(at);
    payloads.push(packet);
  };
  let packets = 0;
  let seqBase = startSeq;
  for (let i = 0; i < FILLER_PACKETS; i++) {
    push(
      i * 20,
      rtp(NOOP_PT, false, seqBase + packets, FIRST_TIMESTAMP + i * 20, ssrc, [0, 0, 0, 0]),
    );
    packets++;
    seqBase++;
  }
  const offsetMs = FILLER_PACKETS * 20;
  const timestampStart = FIRST_TIMESTAMP + offsetMs;
  events.forEach((event, n) => {
    const startAt = offsetMs + (n + 1) * toneMs * 2;
    const ts = timestampStart + n * toneMs * 2;
    for (let cur = 0; cur < toneMs; cur += 20) {
      const duration = cur * 8;
      const body = [event, VOLUME, duration >> 8, duration & 0xff];
      push(startAt + cur, rtp(EVENT_PT, cur === 0, seqBase + packets, ts, ssrc, body));
      packets++;
    }
    const duration = toneMs * 8;
    for (let i = 0; i < 3; i++) {
      const body = [event, 0x80 | VOLUME, duration >> 8, duration & 0xff];
      push(startAt + toneMs + i + 1, rtp(EVENT_PT, false, seqBase + packets, ts, ssrc, body));
      packets++;
    }
  });
  return {
    file: `play_dtmf="${arg}"`,
    atMs: Float64Array.from(atMs),
    portDiff: new Int32Array(atMs.length),
    payloads,
    nextSeq: (seqBase + packets) & 0xffff,
  };
}
