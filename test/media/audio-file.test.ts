import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MediaFileError,
  alawToLinear,
  encodeAudioFile,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from '../../src/media/index.ts';

/** A WAV with one fmt chunk and one data chunk. */
export function wav(
  format: number,
  channels: number,
  rate: number,
  bits: number,
  data: Buffer,
): Buffer {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(format, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE((rate * channels * bits) / 8, 16);
  fmt.writeUInt16LE((channels * bits) / 8, 20);
  fmt.writeUInt16LE(bits, 22);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + fmt.length + 8 + data.length, 4);
  head.write('WAVE', 8, 'latin1');
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  dataHead.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, fmt, dataHead, data]);
}

test('G.711 reference points: silence, full scale, and a round trip within one step', () => {
  assert.equal(linearToUlaw(0), 0xff);
  assert.equal(linearToAlaw(0), 0xd5);
  assert.equal(linearToUlaw(32767), 0x80);
  assert.equal(linearToUlaw(-32768), 0x00);
  assert.equal(linearToAlaw(32767), 0xaa);
  for (const s of [-30000, -1000, -50, 0, 50, 1000, 30000]) {
    assert.ok(
      Math.abs(ulawToLinear(linearToUlaw(s)) - s) <= Math.max(8, Math.abs(s) / 16),
      `μ ${s}`,
    );
    assert.ok(
      Math.abs(alawToLinear(linearToAlaw(s)) - s) <= Math.max(16, Math.abs(s) / 16),
      `A ${s}`,
    );
  }
});

test('a 16-bit PCM WAV is encoded to PCMU or PCMA; a G.711 WAV and a raw file go as they are', () => {
  const pcm = Buffer.alloc(8);
  pcm.writeInt16LE(0, 0);
  pcm.writeInt16LE(1000, 2);
  pcm.writeInt16LE(-1000, 4);
  pcm.writeInt16LE(32767, 6);
  const file = wav(1, 1, 8000, 16, pcm);
  assert.deepEqual(
    [...encodeAudioFile(file, 'a.wav', 0)],
    [0, 1000, -1000, 32767].map(linearToUlaw),
  );
  assert.deepEqual(
    [...encodeAudioFile(file, 'a.wav', 8)],
    [0, 1000, -1000, 32767].map(linearToAlaw),
  );
  const alaw = Buffer.from([1, 2, 3]);
  assert.deepEqual(encodeAudioFile(wav(6, 1, 8000, 8, alaw), 'b.wav', 8), alaw);
  const raw = Buffer.from('not a wav at all');
  assert.equal(encodeAudioFile(raw, 'c.raw', 18), raw);
});

test('unsupported WAVs are refused with the file named', () => {
  const cases: Array<[Buffer, number, RegExp]> = [
    [wav(1, 2, 8000, 16, Buffer.alloc(8)), 8, /2 channels/],
    [wav(1, 1, 16000, 16, Buffer.alloc(8)), 8, /16000 Hz/],
    [wav(3, 1, 8000, 32, Buffer.alloc(8)), 8, /format 3/],
    [wav(1, 1, 8000, 24, Buffer.alloc(6)), 0, /24-bit/],
    [wav(1, 1, 8000, 16, Buffer.alloc(8)), 9, /PCMU \(0\) or PCMA \(8\)/],
    [wav(7, 1, 8000, 8, Buffer.alloc(8)), 8, /μ-law.*use 0/],
    [
      wav(1, 1, 8000, 16, Buffer.alloc(8)).subarray(0, 40),
      8,
      /runs past the end|without a data chunk/,
    ],
  ];
  for (const [bytes, pt, re] of cases) {
    assert.throws(
      () => encodeAudioFile(bytes, 'bad.wav', pt),
      (err: unknown) =>
        err instanceof MediaFileError &&
        err.code === 'MEDIA_INVALID' &&
        /^bad\.wav: /.test(err.message) &&
        re.test(err.message),
      String(re),
    );
  }
});
