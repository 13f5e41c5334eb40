/** Reading the recorded WAVs back in tests: samples, and the dominant frequency by Goertzel. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export interface RecordedWav {
  readonly channels: number;
  readonly rate: number;
  /** Interleaved 16-bit samples. */
  readonly samples: Int16Array;
}

/** A 44-byte-header PCM WAV as the recorder writes it; its sizes are checked. */
export function readRecordedWav(file: string): RecordedWav {
  const b = readFileSync(file);
  assert.equal(b.toString('latin1', 0, 4), 'RIFF', file);
  assert.equal(b.readUInt32LE(4), b.length - 8, `${file}: RIFF size`);
  assert.equal(b.readUInt32LE(40), b.length - 44, `${file}: data size`);
  const data = b.subarray(44);
  return {
    channels: b.readUInt16LE(22),
    rate: b.readUInt32LE(24),
    samples: new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)),
  };
}

/** Goertzel power of `hz` over one channel of interleaved 8 kHz samples. */
function goertzel(samples: Int16Array, channels: number, channel: number, hz: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (let i = channel; i < samples.length; i += channels) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** The strongest frequency of one channel, searched from 200 to 3800 Hz in `stepHz` steps. */
export function dominantHz(wav: RecordedWav, channel: number, stepHz = 50): number {
  let best = 0;
  let bestPower = -1;
  for (let hz = 200; hz <= 3800; hz += stepHz) {
    const p = goertzel(wav.samples, wav.channels, channel, hz);
    if (p > bestPower) [best, bestPower] = [hz, p];
  }
  return best;
}
