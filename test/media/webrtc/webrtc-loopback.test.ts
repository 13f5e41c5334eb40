/**
 * Gossipper against Gossipper over UDP on loopback, both sides WebRTC: a UAC whose INVITE
 * carries `[webrtc_offer]` calls a UAS answering with `[webrtc_answer]`; each side's werift peer
 * does ICE and DTLS-SRTP, sends a G.711 frame every 20 ms, and counts what it receives into the
 * call's RTP statistics (the run's RtpPacketsReceived and quality sums). The UAS records its
 * calls in stereo (-record_wav_duplex): the tone it sent on the left, what it heard on the right.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { defaultRunConfig } from '../../../src/config/index.ts';
import type { StatsSnapshot } from '../../../src/stats/index.ts';
import { freeUdpPort } from '../../peers/processes.ts';
import { readWavPcm16, toneDominance } from '../../peers/tone-analysis.ts';
import { mediaBase, mediaRun } from '../media-runs.ts';
import { webrtcScenario } from './webrtc-scenarios.ts';

const CALLS = 2;
const TALK_MS = 2000;
/** 2 s of 20 ms frames is 100; the handshake takes some of it (about 0.5 s on this machine). */
const MIN_PACKETS_PER_CALL = 40;

async function uasAndUac(
  uasFile: string,
  uacFile: string,
  errors: string[],
  recordWavDir: string,
): Promise<{ uac: StatsSnapshot; uas: StatsSnapshot }> {
  const sipPort = await freeUdpPort();
  const uas = mediaRun(
    {
      scenario: { kind: 'file', path: uasFile },
      localPort: sipPort,
      mediaPort: mediaBase(),
      maxCalls: CALLS,
      rtp: { ...defaultRunConfig().rtp, recordWavDir, recordWavDuplex: true },
    },
    { errors },
  );
  await uas.start();
  const uac = mediaRun(
    {
      scenario: { kind: 'file', path: uacFile },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: mediaBase(),
      maxCalls: CALLS,
      rate: { ...defaultRunConfig().rate, callsPerPeriod: 10 },
    },
    { errors },
  );
  try {
    await uac.start();
    const [u, s] = await Promise.all([uac.done(), uas.done()]);
    return { uac: u.snapshot, uas: s.snapshot };
  } finally {
    uac.stop();
    uas.stop();
  }
}

for (const [uasFixture, how] of [
  ['webrtc-uas.xml', 'answer in the 200'],
  ['webrtc-uas-183.xml', 'answer in a 183, again in the 200'],
] as const) {
  test(
    `a [webrtc_offer] UAC and a [webrtc_answer] UAS (${how}): DTLS-SRTP audio both ways, counted per call`,
    { timeout: 60_000 },
    async (t) => {
      const errors: string[] = [];
      const recordings = mkdtempSync(path.join(tmpdir(), 'gossipper-webrtc-rec-'));
      const { uac, uas } = await uasAndUac(
        webrtcScenario(uasFixture),
        webrtcScenario('webrtc-uac.xml', { PAUSE_MS: String(TALK_MS) }),
        errors,
        recordings,
      );
      assert.deepEqual(errors, []);
      for (const [side, snap] of [
        ['uac', uac],
        ['uas', uas],
      ] as const) {
        const c = snap.cumulative;
        assert.equal(c.SuccessfulCall, CALLS, `${side} calls`);
        assert.equal(c.FailedMedia, 0, `${side} failed media`);
        assert.ok(
          c.RtpPacketsReceived >= CALLS * MIN_PACKETS_PER_CALL,
          `${side} received ${c.RtpPacketsReceived} RTP packets over ${CALLS} calls`,
        );
        assert.ok(
          c.RtpPacketsSent >= CALLS * MIN_PACKETS_PER_CALL,
          `${side} sent ${c.RtpPacketsSent}`,
        );
        // Each call's receive statistics went into the run's quality sums when it ended.
        assert.equal(c.RtpQualityCalls, CALLS, `${side} calls with quality`);
        assert.equal(c.RtpPacketsLost, 0, `${side} lost`);
        assert.ok(
          c.RtpMosMilliSum / CALLS > 4000,
          `${side} MOS ${c.RtpMosMilliSum / CALLS / 1000}`,
        );
        t.diagnostic(`${side}: sent ${c.RtpPacketsSent}, received ${c.RtpPacketsReceived}`);
      }
      const files = readdirSync(recordings).filter((f) => f.endsWith('.wav'));
      assert.equal(files.length, CALLS, files.join(', '));
      for (const file of files) {
        for (const [channel, what] of ['sent', 'received'].entries()) {
          const { rate, samples } = readWavPcm16(path.join(recordings, file), channel);
          const tone = toneDominance(samples, rate, 400, [300, 700, 1000, 1500]);
          assert.ok(tone > 100, `${file}: the 400 Hz tone ${what}: ${tone}`);
        }
      }
    },
  );
}
