/**
 * The codecs `-rtp_send` can send and one frame of silence for each: no audio file, no encoder.
 * G.711 silence is the code of a zero sample (μ-law 0xff, A-law 0xd5); G.722 sends zero bytes;
 * Opus a one-frame CELT packet of silence (RFC 6716 §3.1: its TOC byte names a 20 ms, 10 ms or
 * 5 ms full-band frame, bit 2 stereo); CN (RFC 3389) one noise-level byte, -127 dBov.
 */
import { FlagError } from '../errors.ts';

export interface SilenceCodec {
  readonly name: string;
  readonly payloadType: number;
  /** RTP timestamp units per second (RFC 3551 §4.5.2: G.722 runs an 8000 Hz clock). */
  readonly clockRate: number;
  /** One frame of `frameMs` for `channels` channels. */
  frame(frameMs: number, channels: number): Buffer;
}

/** Opus TOC configs of CELT full-band frames (RFC 6716 Table 2), by frame length. */
const OPUS_TOC: Readonly<Record<number, number>> = { 5: 0xe8, 10: 0xf0, 20: 0xf8 };

function g711(name: string, payloadType: number, silence: number): SilenceCodec {
  return {
    name,
    payloadType,
    clockRate: 8000,
    frame: (ms, channels) => Buffer.alloc(8 * ms * channels, silence),
  };
}

const CODECS: readonly SilenceCodec[] = [
  g711('PCMU', 0, 0xff),
  g711('PCMA', 8, 0xd5),
  // 64 kbit/s: 8 bytes per ms per channel.
  { name: 'G722', payloadType: 9, clockRate: 8000, frame: (ms, ch) => Buffer.alloc(8 * ms * ch) },
  {
    name: 'OPUS',
    payloadType: 111,
    clockRate: 48000,
    frame: (ms, channels) => {
      const toc = OPUS_TOC[ms];
      if (toc === undefined)
        throw new FlagError('FLAG_VALUE', `-rtp_freq ${ms}: Opus frames here are 5, 10 or 20 ms`);
      return Buffer.from([toc | (channels > 1 ? 0x04 : 0), 0xff, 0xfe]);
    },
  },
  { name: 'CN', payloadType: 13, clockRate: 8000, frame: () => Buffer.from([127]) },
];

export const CODEC_NAMES = CODECS.map((c) => c.name);

export function findSilenceCodec(name: string): SilenceCodec | undefined {
  return CODECS.find((c) => c.name === name.toUpperCase());
}
