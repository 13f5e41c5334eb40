/** Gossipper's recording flags (reference §B1.18, §B16.9): WAV files of each call's audio. */
import type { FlagSpec } from './flag-types.ts';

export const RECORDING_FLAGS: readonly FlagSpec[] = [
  {
    name: 'record_wav_dir',
    group: 'media',
    available: true,
    kind: 'string',
    argName: '<dir>',
    help: "Gossipper: record each call's received RTP (G.711) to <dir>/<call number>-<Call-ID>.wav",
    apply: (ctx, v) => {
      ctx.config.rtp.recordWavDir = v;
    },
  },
  {
    name: 'record_wav_duplex',
    group: 'media',
    available: true,
    kind: 'none',
    help: 'Gossipper: stereo recordings (left: what the call sent, right: what it received)',
    apply: (ctx) => {
      ctx.config.rtp.recordWavDuplex = true;
    },
  },
];
