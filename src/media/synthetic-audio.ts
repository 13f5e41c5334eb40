/**
 * What a synthetic stream sends (`rtp_stream="synthetic,..."`, docs/media.md): its arguments,
 * and per codec the payload loop: silence (μ-law 0xFF, A-law 0xD5, G.722 zeros, Opus a 3-byte
 * CELT silence frame, CN one noise-level byte of RFC 3389), or for G.711 a sine tone encoded
 * from 8 kHz samples. The stream that paces it is synthetic-stream.ts.
 */
import { GossipperError } from '../errors.ts';
import { linearToAlaw, linearToUlaw } from './g711.ts';

export type SyntheticCodec = 'PCMU' | 'PCMA' | 'G722' | 'OPUS' | 'CN';

interface CodecSpec {
  readonly defaultPt: number;
  readonly clockRate: number;
  /** Payload bytes of one packet of `periodMs`. */
  readonly bytes: (periodMs: number) => number;
}

const CODECS: Readonly<Record<SyntheticCodec, CodecSpec>> = {
  PCMU: { defaultPt: 0, clockRate: 8000, bytes: (ms) => 8 * ms },
  PCMA: { defaultPt: 8, clockRate: 8000, bytes: (ms) => 8 * ms },
  // RFC 3551 §4.5.2: G.722 at 64 kbit/s, its RTP clock 8000 Hz though it samples 16 kHz.
  G722: { defaultPt: 9, clockRate: 8000, bytes: (ms) => 8 * ms },
  // RFC 7587: Opus always runs a 48 kHz RTP clock.
  OPUS: { defaultPt: 111, clockRate: 48000, bytes: () => 3 },
  // RFC 3389 §3: the comfort-noise payload is the noise level byte (spectral bytes optional).
  CN: { defaultPt: 13, clockRate: 8000, bytes: () => 1 },
};

const CODEC_BY_PT: Readonly<Record<number, SyntheticCodec>> = {
  0: 'PCMU',
  8: 'PCMA',
  9: 'G722',
  13: 'CN',
  111: 'OPUS',
};

/** RFC 6716 §3.1: TOC configs of CELT fullband frames by duration (2.5, 5, 10, 20 ms). */
const OPUS_CELT_FB_CONFIG: Readonly<Record<number, number>> = { 2.5: 28, 5: 29, 10: 30, 20: 31 };
/** A tone at about −12 dBFS: loud enough to measure, far from clipping. */
const TONE_AMPLITUDE = 8000;
/** RFC 3389 §3.1: level in −dBov; 80 is a quiet room. */
const DEFAULT_CN_LEVEL = 80;

export interface SyntheticArgs {
  readonly codec: SyntheticCodec;
  readonly payloadType: number;
  readonly periodMs: number;
  /** 0: until the call ends (or the stream is replaced). */
  readonly durationMs: number;
  readonly channels: 1 | 2;
  /** 0: silence. */
  readonly toneHz: number;
  readonly cnLevel: number;
}

export function isSynthetic(arg: string): boolean {
  return arg.trim().split(',')[0].trim().toLowerCase() === 'synthetic';
}

/** Parses the argument; throws MEDIA_INVALID naming what is wrong. */
export function parseSyntheticArgs(text: string, defaultPt: number): SyntheticArgs {
  const bad = (why: string): never => {
    throw new GossipperError(
      'MEDIA_INVALID',
      `rtp_stream="${text}": ${why} (expected synthetic[,loops,pt,codec,freq_ms,dur_ms,channels][,tone=Hz][,cn_level=0..127])`,
    );
  };
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const part of text
    .split(',')
    .slice(1)
    .map((s) => s.trim())) {
    const eq = part.indexOf('=');
    if (eq > 0) named.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    else positional.push(part);
  }
  for (const key of named.keys())
    if (key !== 'tone' && key !== 'cn_level') bad(`unknown option "${key}"`);
  const [, ptText = '', codecText = '', periodText = '', durText = '', chText = ''] = positional;
  const num = (s: string, fallback: number, what: string): number => {
    if (s === '') return fallback;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0) bad(`${what} "${s}" is not a number ≥ 0`);
    return n;
  };
  let codec = codecText.toUpperCase() as SyntheticCodec;
  if (codecText !== '' && !Object.hasOwn(CODECS, codec))
    bad(`codec "${codecText}" is not one of ${Object.keys(CODECS).join(', ')}`);
  let payloadType = num(ptText, -1, 'payload type');
  if (codecText === '') {
    if (payloadType < 0) payloadType = defaultPt;
    const byPt = CODEC_BY_PT[payloadType];
    if (byPt === undefined) bad(`payload type ${payloadType} needs a codec name`);
    codec = byPt;
  } else if (payloadType < 0) payloadType = CODECS[codec].defaultPt;
  if (!Number.isInteger(payloadType) || payloadType > 127)
    bad(`payload type ${payloadType} is not 0..127`);
  const periodMs = num(periodText, 20, 'freq_ms');
  const periodOk =
    codec === 'OPUS'
      ? OPUS_CELT_FB_CONFIG[periodMs] !== undefined
      : periodMs >= 5 && periodMs <= 200;
  if (!periodOk)
    bad(
      `freq_ms ${periodMs} does not suit ${codec} (${codec === 'OPUS' ? '2.5, 5, 10 or 20' : '5..200'})`,
    );
  if (codec !== 'OPUS' && !Number.isInteger(periodMs)) bad(`freq_ms ${periodMs} is not whole`);
  const channels = num(chText, 1, 'channels');
  if (channels !== 1 && channels !== 2) bad(`channels ${channels} is not 1 or 2`);
  if (channels === 2 && codec !== 'OPUS') bad('two channels only for OPUS');
  const toneHz = num(named.get('tone') ?? '', 0, 'tone');
  if (toneHz > 0 && codec !== 'PCMU' && codec !== 'PCMA') bad('tone= is for PCMU or PCMA');
  if (toneHz >= 4000) bad(`tone=${toneHz} is not below 4000 Hz (8 kHz sampling)`);
  const cnLevel = num(named.get('cn_level') ?? '', DEFAULT_CN_LEVEL, 'cn_level');
  if (!Number.isInteger(cnLevel) || cnLevel > 127) bad(`cn_level ${cnLevel} is not 0..127`);
  return {
    codec,
    payloadType,
    periodMs,
    durationMs: num(durText, 0, 'dur_ms'),
    channels: channels as 1 | 2,
    toneHz,
    cnLevel,
  };
}

/** What one synthetic stream sends: a loop of payload bytes, one packet of `frameBytes` each. */
export interface SyntheticAudio {
  readonly loop: Buffer;
  readonly frameBytes: number;
  readonly clockRate: number;
  /** RTP timestamp units per packet. */
  readonly samples: number;
}

/**
 * The payload loop of `args`. A tone loops over whole seconds holding whole packets (1 s for a
 * 20 ms packet, 3 s for 30 ms), so a whole number of Hz joins without a click; silence is one
 * packet.
 */
export function syntheticAudio(args: SyntheticArgs): SyntheticAudio {
  const spec = CODECS[args.codec];
  const frameBytes = spec.bytes(args.periodMs);
  const samples = (spec.clockRate * args.periodMs) / 1000;
  if (args.toneHz > 0) {
    const seconds = lcm(args.periodMs, 1000) / 1000;
    const encode = args.codec === 'PCMU' ? linearToUlaw : linearToAlaw;
    const loop = Buffer.allocUnsafe(8000 * seconds);
    for (let i = 0; i < loop.length; i++) {
      loop[i] = encode(
        Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * args.toneHz * i) / 8000)),
      );
    }
    return { loop, frameBytes, clockRate: spec.clockRate, samples };
  }
  return { loop: silence(args, frameBytes), frameBytes, clockRate: spec.clockRate, samples };
}

function lcm(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}

/**
 * Payload loops by what shapes them, so a thousand calls streaming the same tone share one
 * (a tone's loop is up to 1.6 MB and 200 k sine samples to make). Bounded: emptied when full.
 */
export class SyntheticAudioCache {
  private readonly loops = new Map<string, SyntheticAudio>();

  constructor(private readonly maxEntries = 64) {}

  get(args: SyntheticArgs): SyntheticAudio {
    const key = `${args.codec}/${args.periodMs}/${args.channels}/${args.toneHz}/${args.cnLevel}`;
    let audio = this.loops.get(key);
    if (audio === undefined) {
      if (this.loops.size >= this.maxEntries) this.loops.clear();
      audio = syntheticAudio(args);
      this.loops.set(key, audio);
    }
    return audio;
  }
}

function silence(args: SyntheticArgs, frameBytes: number): Buffer {
  switch (args.codec) {
    case 'PCMU':
      return Buffer.alloc(frameBytes, 0xff);
    case 'PCMA':
      return Buffer.alloc(frameBytes, 0xd5);
    case 'G722':
      return Buffer.alloc(frameBytes, 0);
    case 'CN':
      return Buffer.from([args.cnLevel]);
    case 'OPUS': {
      // TOC: CELT fullband config for the frame size, the stereo bit, code 0 (one frame); then
      // 0xFF 0xFE, the silence frame Opus encoders emit in DTX.
      const toc = (OPUS_CELT_FB_CONFIG[args.periodMs] << 3) | (args.channels === 2 ? 0x04 : 0);
      return Buffer.from([toc, 0xff, 0xfe]);
    }
  }
}
