/**
 * `-rtp_tone <Hz>`: a sine instead of silence, for G.711 only (the codecs here with an encoder).
 * Any whole number of Hz repeats every second at 8 kHz, so one second of encoded tone is made
 * once and packets take consecutive frames of it, looping: the phase runs on across packets.
 * The level is -10 dBFS, the same on every channel.
 */
import { FlagError } from '../errors.ts';
import { linearToAlaw, linearToUlaw } from '../media/index.ts';
import type { SilenceCodec } from './silence-frames.ts';

const AMPLITUDE = 32767 * 10 ** (-10 / 20);

/** One second of the tone in `codec`, channels interleaved. */
export function toneSecond(codec: SilenceCodec, hz: number, channels: number): Buffer {
  const encode = codec.name === 'PCMU' ? linearToUlaw : codec.name === 'PCMA' ? linearToAlaw : null;
  // The flags refuse it first; kept so no other caller gets a tone in another codec's bytes.
  if (encode === null)
    throw new FlagError(
      'FLAG_VALUE',
      `-rtp_tone: only PCMU and PCMA carry a tone, not ${codec.name}`,
    );
  const out = Buffer.alloc(8000 * channels);
  for (let n = 0; n < 8000; n++) {
    const code = encode(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * n) / 8000)));
    out.fill(code, n * channels, (n + 1) * channels);
  }
  return out;
}
