/**
 * SDES SRTP against a real user agent: our UAC (-media_srtp, [srtp_crypto]) calls Debian's
 * baresip with `mediaenc=srtp-mand`, streams a 440 Hz tone from a WAV made by sox, and hears
 * baresip's own 1000 Hz file. Baresip's recording of what it decoded holds our tone (Goertzel),
 * and what we decrypted holds its tone, with no packet refused, for both SDES suites. Then
 * baresip calls our UAS (SRTP answer, -rtp_echo): it hears its own tone back through our
 * decrypt and re-encrypt.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { ulawToLinear } from '../../src/media/index.ts';
import { baresipRequirement, startBaresip, type Baresip } from '../peers/baresip.ts';
import { freeMediaPortBlock } from '../peers/processes.ts';
import { collectPcma, readWavPcm16, soxTone, toneDominance } from '../peers/tone-analysis.ts';
import { mediaRun } from '../media/media-runs.ts';
import { srtpUacScenario, srtpUasScenario } from '../media/srtp-scenarios.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { freeUdpPort } from '../peers/processes.ts';

const OURS_HZ = 440;
const THEIRS_HZ = 1000;
const OTHERS = [300, 700, 1500, 2500];

describe('SDES SRTP with baresip (srtp-mand)', { skip: baresipRequirement() }, () => {
  for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']) {
    test(`${suite}: tones both ways, encrypted, decrypted`, { timeout: 40_000 }, async () => {
      const { dir, scenario } = srtpUacScenario({
        actions: '<exec rtp_stream="tone440.wav,1,8"/>',
        pauseMs: 2600,
        srtp: true,
        suite,
      });
      soxTone(path.join(dir, 'tone440.wav'), 2, OURS_HZ);
      const theirs = path.join(dir, 'tone1k.wav');
      soxTone(theirs, 8, THEIRS_HZ);
      let peer: Baresip | undefined;
      const heard: number[] = [];
      const errors: string[] = [];
      try {
        peer = await startBaresip({ sourceWav: theirs, mediaenc: 'srtp-mand' });
        const uac = mediaRun(
          {
            scenario: { kind: 'file', path: scenario },
            remote: { host: '127.0.0.1', port: peer.port },
            localPort: 0,
            mediaPort: await freeMediaPortBlock(),
            maxCalls: 1,
            rtp: { ...defaultRunConfig().rtp, srtpPolicy: 'use' },
          },
          {
            errors,
            // Lent decrypted RTP: PCMA frames from baresip, decoded for the tone check.
            onMediaPacket: collectPcma(heard),
          },
        );
        await uac.start();
        const c = (await uac.done()).snapshot.cumulative;
        uac.stop();
        const log = peer.peer.stdout() + peer.peer.stderr();
        assert.equal(c.SuccessfulCall, 1, `${errors.join('\n')}\n${log.slice(-3000)}`);
        assert.equal(c.FailedMedia, 0, errors.join('\n'));
        assert.match(log, new RegExp(`SRTP is Enabled \\(cryptosuite=${suite}\\)`));
        // 2 s of 20 ms frames sent; baresip's audio back, every packet authenticated.
        assert.equal(c.RtpPacketsSent, 100);
        assert.ok(c.RtpPacketsReceived > 50, `received ${c.RtpPacketsReceived}`);
        assert.equal(c.SrtpPacketsRejected, 0);
        assert.ok(heard.length > 50 * 160, `decrypted ${heard.length} samples`);
        const oursBack = toneDominance(heard, 8000, THEIRS_HZ, [OURS_HZ, ...OTHERS]);
        assert.ok(oursBack > 100, `baresip's ${THEIRS_HZ} Hz in what we decrypted: ${oursBack}`);
        assert.equal(await peer.stop(), 0);
        const recorded = peer.recordedFile();
        assert.ok(recorded !== undefined, `baresip recorded nothing in ${peer.dir}`);
        const { rate, samples } = readWavPcm16(recorded);
        assert.equal(rate, 8000);
        assert.ok(samples.length > 8000, `baresip recorded ${samples.length} samples`);
        const inFile = toneDominance(samples, rate, OURS_HZ, [THEIRS_HZ, ...OTHERS]);
        assert.ok(inFile > 100, `our ${OURS_HZ} Hz in baresip's recording: ${inFile}`);
      } finally {
        peer?.peer.kill('SIGKILL');
      }
    });
  }

  test(
    'baresip calls our SRTP UAS with -rtp_echo: its tone comes back',
    { timeout: 40_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-srtp-uas-'));
      const theirs = path.join(dir, 'tone1k.wav');
      soxTone(theirs, 8, THEIRS_HZ);
      const sipPort = await freeUdpPort();
      const heard: number[] = [];
      let packets = 0;
      let twoSeconds: () => void = () => undefined;
      const enough = new Promise<void>((resolve) => (twoSeconds = resolve));
      const uas = mediaRun(
        {
          scenario: { kind: 'file', path: srtpUasScenario(dir, true) },
          localPort: sipPort,
          mediaPort: await freeMediaPortBlock(),
          maxCalls: 1,
          rtp: { ...defaultRunConfig().rtp, echo: true, srtpPolicy: 'use' },
        },
        {
          onMediaPacket: (_port, _from, buf) => {
            if ((buf[1] & 0x7f) !== 0) return;
            for (let i = 12; i < buf.length; i++) heard.push(ulawToLinear(buf[i]));
            if (++packets === 100) twoSeconds();
          },
        },
      );
      let peer: Baresip | undefined;
      let timer: NodeJS.Timeout | undefined;
      try {
        await uas.start();
        peer = await startBaresip({
          sourceWav: theirs,
          mediaenc: 'srtp-mand',
          dial: `sip:service@127.0.0.1:${sipPort}`,
        });
        const started = peer;
        // Bounded: 2 s of its audio echoed, or fail with what baresip said.
        await Promise.race([
          enough,
          new Promise((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `only ${packets} packets in 15 s\n${started.peer.stdout().slice(-3000)}`,
                  ),
                ),
              15_000,
            );
          }),
        ]);
        // Quitting, baresip hangs up: our UAS answers the BYE and its one call ends.
        assert.equal(await peer.stop(), 0);
        const c = (await uas.done()).snapshot.cumulative;
        assert.equal(c.SuccessfulCall, 1);
        assert.ok(c.RtpPacketsEchoed >= 100, `echoed ${c.RtpPacketsEchoed}`);
        assert.equal(c.SrtpPacketsRejected, 0);
        assert.match(peer.peer.stdout(), /SRTP is Enabled \(cryptosuite=AES_CM_128_HMAC_SHA1_80\)/);
        const decrypted = toneDominance(heard, 8000, THEIRS_HZ, OTHERS);
        assert.ok(decrypted > 100, `its ${THEIRS_HZ} Hz in what we decrypted: ${decrypted}`);
        const recorded = peer.recordedFile();
        assert.ok(recorded !== undefined, `baresip recorded nothing in ${peer.dir}`);
        const { rate, samples } = readWavPcm16(recorded);
        const back = toneDominance(samples, rate, THEIRS_HZ, OTHERS);
        assert.ok(back > 100, `its ${THEIRS_HZ} Hz echoed into its recording: ${back}`);
      } finally {
        clearTimeout(timer);
        peer?.peer.kill('SIGKILL');
        uas.stop();
      }
    },
  );
});
