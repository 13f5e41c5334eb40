/**
 * Recording end to end, in one process over loopback: our UAC streams a 1 kHz tone WAV (made
 * here) into our UAS, which echoes it and records what it receives (-record_wav_dir, mono); the
 * UAC records both directions (-record_wav_duplex). Each file's dominant frequency, by
 * Goertzel, is the tone's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { freeUdpPort } from '../peers/processes.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaBase, mediaRun } from './media-runs.ts';
import { dominantHz, readRecordedWav } from './wav-analysis.ts';

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
      const wav = readRecordedWav(path.join(uasDir, f));
      assert.equal(wav.channels, 1);
      // 50 packets of 160 samples, after the silence before the first one.
      assert.ok(wav.samples.length >= 50 * 160, `${f}: ${wav.samples.length} samples`);
      assert.equal(dominantHz(wav, 0), TONE_HZ, f);
    }
    const uacFiles = readdirSync(uacDir);
    assert.equal(uacFiles.length, calls, uacFiles.join(', '));
    for (const f of uacFiles) {
      const wav = readRecordedWav(path.join(uacDir, f));
      assert.equal(wav.channels, 2);
      assert.equal(dominantHz(wav, 0), TONE_HZ, `${f}: left, what the UAC sent`);
      assert.equal(dominantHz(wav, 1), TONE_HZ, `${f}: right, the echo`);
    }
  },
);

test(
  'rtp_record: a bad value fails only its calls, counted; no folder or a bad one stops the start',
  {
    timeout: 30_000,
  },
  async () => {
    const { scenario } = mediaFolder({
      actions: '<exec rtp_record="maybe"/>',
      pauseMs: 100,
    });
    const recordDir = mkdtempSync(path.join(tmpdir(), 'gossipper-rec-bad-'));
    const sipPort = await freeUdpPort();
    const uas = mediaRun({
      scenario: { kind: 'builtin', name: 'uas' },
      localPort: sipPort,
      mediaPort: mediaBase(),
      maxCalls: 2,
    });
    await uas.start();
    const errors: string[] = [];
    const uac = mediaRun(
      {
        scenario: { kind: 'file', path: scenario },
        remote: { host: '127.0.0.1', port: sipPort },
        localPort: 0,
        mediaPort: mediaBase(),
        maxCalls: 2,
        rtp: { ...defaultRunConfig().rtp, recordWavDir: recordDir },
      },
      { errors },
    );
    try {
      await uac.start();
      const [u] = await Promise.all([uac.done(), uas.done()]);
      const c = u.snapshot.cumulative;
      assert.equal(c.FailedMedia, 2);
      assert.equal(c.FailedCall, 2);
      assert.match(
        errors.join('\n'),
        /call 1 \(.+\): rtp_record: rtp_record="maybe": expected on or off/,
      );
    } finally {
      uac.stop();
      uas.stop();
    }

    const noFolder = mediaRun({
      scenario: { kind: 'file', path: scenario },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: mediaBase(),
      maxCalls: 1,
    });
    await assert.rejects(noFolder.start(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, /rtp_record.*no -record_wav_dir/);
      return true;
    });
    const badFolder = mediaRun({
      scenario: { kind: 'builtin', name: 'uas' },
      localPort: 0,
      mediaPort: mediaBase(),
      rtp: { ...defaultRunConfig().rtp, recordWavDir: '/dev/null/rec' },
    });
    await assert.rejects(badFolder.start(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'FILE_IO');
      assert.match(err.message, /-record_wav_dir \/dev\/null\/rec: cannot write there \(ENOTDIR\)/);
      return true;
    });
  },
);
