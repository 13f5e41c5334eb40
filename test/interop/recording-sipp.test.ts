/**
 * Recording what a real peer sends: `sipp -sn uac_pcap` replays 8 s of a 440 Hz A-law tone
 * (and RFC 4733 events) into our UAS with -record_wav_dir; the call's WAV holds the tone (its
 * dominant frequency, by Goertzel, is 440 Hz) and the events are reported once as not recorded.
 * SIPp replays captures through a raw socket, so this needs root (as SIPp does).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultRunConfig } from '../../src/config/index.ts';
import { dtmf2833DigitOneCapture, g711aToneCapture } from '../../src/media/index.ts';
import { describeRun, freeUdpPort, sippRequirement } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { startSippMediaUac } from '../peers/sipp-media.ts';
import { mediaBase, mediaRun } from '../media/media-runs.ts';
import { dominantHz, readRecordedWav } from '../media/wav-analysis.ts';

describe('recording SIPp', { skip: sippRequirement() }, () => {
  it(
    'sipp -sn uac_pcap into our UAS with -record_wav_dir: a 440 Hz WAV',
    { timeout: 40_000 },
    async () => {
      const cwd = mkdtempSync(path.join(tmpdir(), 'gossipper-rec-sipp-'));
      mkdirSync(path.join(cwd, 'pcap'));
      writeFileSync(path.join(cwd, 'pcap/g711a.pcap'), g711aToneCapture());
      writeFileSync(path.join(cwd, 'pcap/dtmf_2833_1.pcap'), dtmf2833DigitOneCapture());
      const recordDir = path.join(cwd, 'rec');
      const sipPort = await freeUdpPort();
      const warnings: string[] = [];
      const uas = mediaRun(
        {
          scenario: { kind: 'builtin', name: 'uas' },
          localPort: sipPort,
          mediaPort: mediaBase(),
          rtp: { ...defaultRunConfig().rtp, recordWavDir: recordDir },
          maxCalls: 1,
        },
        { errors: warnings },
      );
      await uas.start();
      let sipp: Peer | undefined;
      try {
        sipp = startSippMediaUac(['-sn', 'uac_pcap'], sipPort, mediaBase(), cwd);
        assert.equal(await sipp.exit(30_000), 0, describeRun(sipp));
        const result = await uas.done();
        assert.equal(result.snapshot.cumulative.SuccessfulCall, 1);
      } finally {
        sipp?.kill();
        uas.stop();
      }
      const files = readdirSync(recordDir);
      assert.equal(files.length, 1, files.join(', '));
      const wav = readRecordedWav(path.join(recordDir, files[0]));
      assert.equal(wav.channels, 1);
      assert.equal(wav.rate, 8000);
      assert.ok(wav.samples.length >= 400 * 160, `${wav.samples.length} samples for 8 s of tone`);
      assert.equal(dominantHz(wav, 0, 10), 440);
      const notRecorded = warnings.filter((w) => w.includes('is not G.711'));
      assert.equal(notRecorded.length, 1, warnings.join('\n'));
      assert.match(notRecorded[0], /received payload type 101 is not G\.711/);
    },
  );
});
