/**
 * Recording end to end, in one process over loopback: our UAC streams a 1 kHz tone WAV (made
 * here) into our UAS, which echoes it and records what it receives (-record_wav_dir, mono); the
 * UAC records both directions (-record_wav_duplex). Each file's dominant frequency, by
 * Goertzel, is the tone's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { freeUdpPort } from '../peers/processes.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaBase, mediaRun } from './media-runs.ts';

const TONE_HZ = 1000;

/** `seconds` of a sine at `hz`, 8 kHz mono 16-bit PCM, at about -6 dBFS. */
function toneWav(hz: number, seconds: number): Buffer {
  const n = 8000 * seconds;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    b.writeInt16LE(Math.round(16000 * Math.sin((2 * Math.PI * hz * i) / 8000)), 44 + 2 * i);
  return b;
}

/** Goertzel power of `hz` over one channel of interleaved samples. */
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

function dominantHz(samples: Int16Array, channels: number, channel: number): number {
  let best = 0;
  let bestPower = -1;
  for (let hz = 200; hz <= 3800; hz += 50) {
    const p = goertzel(samples, channels, channel, hz);
    if (p > bestPower) [best, bestPower] = [hz, p];
  }
  return best;
}

function readWav(file: string): { channels: number; samples: Int16Array } {
  const b = readFileSync(file);
  assert.equal(b.toString('latin1', 0, 4), 'RIFF', file);
  assert.equal(b.readUInt32LE(40), b.length - 44, `${file}: data size`);
  const data = b.subarray(44);
  return {
    channels: b.readUInt16LE(22),
    samples: new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)),
  };
}

test(
  'a 1 kHz tone streamed by our UAC is recorded by our UAS (mono) and by the UAC (duplex)',
  { timeout: 30_000 },
  async () => {
    const { scenario, dir } = mediaFolder({
      actions: '<exec rtp_stream="tone.wav,1,0"/>',
      pauseMs: 1300,
      portKeyword: 'auto_media_port',
    });
    writeFileSync(path.join(dir, 'tone.wav'), toneWav(TONE_HZ, 1));
    const uasDir = mkdtempSync(path.join(tmpdir(), 'gossipper-rec-uas-'));
    const uacDir = mkdtempSync(path.join(tmpdir(), 'gossipper-rec-uac-'));
    const calls = 2;
    const sipPort = await freeUdpPort();
    const errors: string[] = [];
    const uas = mediaRun(
      {
        scenario: { kind: 'builtin', name: 'uas' },
        localPort: sipPort,
        mediaPort: mediaBase(),
        rtp: { ...defaultRunConfig().rtp, echo: true, recordWavDir: uasDir },
        maxCalls: calls,
      },
      { errors },
    );
    await uas.start();
    const uac = mediaRun(
      {
        scenario: { kind: 'file', path: scenario },
        remote: { host: '127.0.0.1', port: sipPort },
        localPort: 0,
        mediaPort: mediaBase(),
        maxCalls: calls,
        rtp: { ...defaultRunConfig().rtp, recordWavDir: uacDir, recordWavDuplex: true },
      },
      { errors },
    );
    try {
      await uac.start();
      const [u, s] = await Promise.all([uac.done(), uas.done()]);
      assert.equal(u.snapshot.cumulative.SuccessfulCall, calls);
      assert.equal(s.snapshot.cumulative.RtpPacketsReceived, calls * 50);
    } finally {
      uac.stop();
      uas.stop();
    }
    assert.deepEqual(errors, []);
    const uasFiles = readdirSync(uasDir).sort();
    assert.equal(uasFiles.length, calls, uasFiles.join(', '));
    for (const f of uasFiles) {
      assert.match(f, /^\d+-[A-Za-z0-9._-]+\.wav$/);
      const wav = readWav(path.join(uasDir, f));
      assert.equal(wav.channels, 1);
      // 50 packets of 160 samples, after the silence before the first one.
      assert.ok(wav.samples.length >= 50 * 160, `${f}: ${wav.samples.length} samples`);
      assert.equal(dominantHz(wav.samples, 1, 0), TONE_HZ, f);
    }
    const uacFiles = readdirSync(uacDir);
    assert.equal(uacFiles.length, calls, uacFiles.join(', '));
    for (const f of uacFiles) {
      const wav = readWav(path.join(uacDir, f));
      assert.equal(wav.channels, 2);
      assert.equal(dominantHz(wav.samples, 2, 0), TONE_HZ, `${f}: left, what the UAC sent`);
      assert.equal(dominantHz(wav.samples, 2, 1), TONE_HZ, `${f}: right, the echo`);
    }
  },
);
