/**
 * The audio a WebRTC call sends: one 20 ms G.711 frame (160 samples at 8 kHz), a 440 Hz tone
 * or silence, encoded once per codec. A tone of 400 Hz multiples fits a 20 ms frame exactly
 * (440 Hz does not), so the frame is made of 400 Hz: repeating it gives a continuous tone with
 * no click at frame edges, and the same frame can be sent every 20 ms without a per-packet cost.
 */
import { linearToAlaw, linearToUlaw } from '../g711.ts';

export const FRAME_SAMPLES = 160;
export const FRAME_MS = 20;
/** RFC 3551 payload types of the two codecs the WebRTC track offers. */
export const PT_PCMU = 0;
export const PT_PCMA = 8;

const TONE_HZ = 400;
/** About −10 dBm0: loud enough to read in a recording, far from clipping. */
const TONE_AMPLITUDE = 8000;

/** One frame of the tone (or silence) in PCMU (PT 0) or PCMA (PT 8). */
export function g711Frame(payloadType: number, isSilence: boolean): Buffer {
  const encode = payloadType === PT_PCMA ? linearToAlaw : linearToUlaw;
  const frame = Buffer.alloc(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const linear = isSilence
      ? 0
      : Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / 8000));
    frame[i] = encode(linear);
  }
  return frame;
}
