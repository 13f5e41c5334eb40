/** Reading a tone back: the samples of a PCM WAV, and the Goertzel power at one frequency. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { alawToLinear } from '../../src/media/index.ts';

/** The samples of a WAV of signed 16-bit PCM (first channel, or `channel`), and its rate. */
export function readWavPcm16(file: string, channel = 0): { rate: number; samples: Int16Array } {
  const b = readFileSync(file);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE')
    throw new Error(`${file}: not a WAV`);
  let rate = 0;
  let channels = 1;
  for (let at = 12; at + 8 <= b.length;) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (b.readUInt16LE(at + 8) !== 1 || b.readUInt16LE(at + 22) !== 16)
        throw new Error(`${file}: not 16-bit PCM`);
      channels = b.readUInt16LE(at + 10);
      rate = b.readUInt32LE(at + 12);
    } else if (id === 'data') {
      // A recorder killed before closing leaves the size unset: read to the end of the file.
      const end = size === 0 || at + 8 + size > b.length ? b.length : at + 8 + size;
      const n = Math.floor((end - at - 8) / (2 * channels));
      const samples = new Int16Array(n);
      for (let i = 0; i < n; i++) samples[i] = b.readInt16LE(at + 8 + (i * channels + channel) * 2);
      return { rate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

/** Goertzel: the power of `samples` at `hz` (relative; compare frequencies of one signal). */
export function goertzelPower(samples: ArrayLike<number>, rate: number, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i] + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/**
 * How far `hz` stands above other frequencies: the smallest ratio of its power to the power at
 * each of `others`. A clean tone gives thousands; noise or another tone gives about 1 or less.
 */
export function toneDominance(
  samples: ArrayLike<number>,
  rate: number,
  hz: number,
  others: readonly number[],
): number {
  const p = goertzelPower(samples, rate, hz);
  return Math.min(...others.map((f) => p / Math.max(goertzelPower(samples, rate, f), 1e-9)));
}

/** Writes `seconds` of a `hz` sine as a WAV, 8 kHz mono signed 16-bit (baresip's aufile rule). */
export function soxTone(file: string, seconds: number, hz: number): void {
  const got = spawnSync('sox', [
    ...['-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', file],
    ...['synth', String(seconds), 'sine', String(hz), 'vol', '0.5'],
  ]);
  assert.equal(got.status, 0, `sox: ${got.stderr?.toString()}`);
}

/**
 * A media-packet callback that decodes the PCMA (PT 8) RTP it is given into `into`, as linear
 * samples for Goertzel; other payload types are ignored.
 */
export function collectPcma(into: number[]): (port: number, from: unknown, rtp: Buffer) => void {
  return (_port, _from, rtp) => {
    if ((rtp[1] & 0x7f) !== 8) return;
    for (let i = 12; i < rtp.length; i++) into.push(alawToLinear(rtp[i]));
  };
}
