/**
 * DTLS-SRTP against a real SIP user agent: Debian's baresip with `mediaenc=dtls_srtp` and
 * `medianat=ice`, and the built gossipper bin with [webrtc_answer] / [webrtc_offer]. Baresip's
 * ICE gathers on non-loopback addresses only, so both run inside a network namespace the test
 * makes (test/peers/netns.ts): its one address, 198.51.100.1, is on a veth pair whose two ends
 * are inside, and nothing leaves it.
 *
 * Each side sends a tone: baresip a 1000 Hz WAV made by sox, Gossipper its WebRTC peer's 400 Hz.
 * Each records what it decrypted (baresip's sndfile, our -record_wav_dir) and the tone of the
 * other is checked by Goertzel there. Both ends only take authenticated SRTP (werift hands over
 * nothing it could not unprotect; baresip installs SRTP on its socket once DTLS is up and sends
 * nothing before, `wait_secure`), so the tone heard on each side proves DTLS-SRTP both ways;
 * baresip's log names the DTLS-SRTP profile it keyed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baresipRequirement, startBaresip, type Baresip } from '../peers/baresip.ts';
import { NETNS_IP, TestNetns, netnsRequirement } from '../peers/netns.ts';
import {
  GOSSIPPER_BIN,
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  type Peer,
} from '../peers/processes.ts';
import { readWavPcm16, soxTone, toneDominance } from '../peers/tone-analysis.ts';
import { summarySchema } from '../stats/summary-schema.ts';
import { webrtcScenario } from '../media/webrtc/webrtc-scenarios.ts';

const OURS_HZ = 400;
const THEIRS_HZ = 1000;
const OTHERS = [300, 700, 1500, 2500];
const TALK_MS = 3000;
/**
 * 3 s of 20 ms frames is 150 per side; ICE and DTLS took up to 1.1 s of it on the 2-core lab
 * machine (baresip, as the DTLS client, connects once its own ICE checks conclude).
 */
const MIN_PACKETS = 50;

describe(
  'DTLS-SRTP with baresip (dtls_srtp, ICE) in a network namespace',
  { skip: baresipRequirement() || netnsRequirement() },
  () => {
    let netns: TestNetns;
    let dir: string;
    let theirs: string;

    before(() => {
      requireBuiltBin();
      netns = TestNetns.create('dtls');
      dir = mkdtempSync(path.join(tmpdir(), 'gossipper-dtls-'));
      theirs = path.join(dir, 'tone1k.wav');
      soxTone(theirs, 8, THEIRS_HZ);
    });
    after(() => netns?.remove());

    /** Our bin inside the namespace, its results in a folder of its own. */
    function gossipper(name: string, args: string[]): { run: Peer; out: string } {
      const out = path.join(dir, name);
      const run = netns.start(GOSSIPPER_BIN, [
        ...args,
        ...['-i', NETNS_IP, '-m', '1', '-nostdin'],
        ...['-record_wav_dir', path.join(out, 'rec'), '-summary_json', path.join(out, 's.json')],
      ]);
      return { run, out };
    }

    test(
      'baresip (RTCP on its own port) calls our [webrtc_answer] UAS: tones both ways',
      { timeout: 30_000 },
      async () => {
        const sipPort = await freeUdpPort();
        const uas = gossipper('uas', [
          ...['-sf', webrtcScenario('webrtc-uas-bye.xml', { PAUSE_MS: String(TALK_MS) })],
          ...['-p', String(sipPort)],
        ]);
        let peer: Baresip | undefined;
        try {
          await netns.waitForUdpListener(sipPort, uas.run);
          peer = await startBaresip({
            sourceWav: theirs,
            mediaenc: 'dtls_srtp',
            medianat: 'ice',
            modules: ['dtls_srtp.so', 'ice.so'],
            dial: `sip:service@${NETNS_IP}:${sipPort}`,
            netns,
          });
          // Our UAS hangs up after TALK_MS and exits with its one call done.
          assert.equal(await exitOf(uas.run, peer), 0, describeRun(uas.run));
          assert.equal(await peer.stop(), 0);
          checkBothWays(uas.out, peer);
        } finally {
          killRunning([uas.run, peer?.peer]);
        }
      },
    );

    test(
      'our [webrtc_offer] UAC calls baresip (rtcp_mux yes): tones both ways',
      { timeout: 30_000 },
      async () => {
        let peer: Baresip | undefined;
        let uac: { run: Peer; out: string } | undefined;
        try {
          peer = await startBaresip({
            sourceWav: theirs,
            mediaenc: 'dtls_srtp',
            medianat: 'ice',
            modules: ['dtls_srtp.so', 'ice.so'],
            rtcpMux: true,
            netns,
          });
          uac = gossipper('uac', [
            ...['-sf', webrtcScenario('webrtc-uac.xml', { PAUSE_MS: String(TALK_MS) })],
            `${NETNS_IP}:${peer.port}`,
            ...['-p', String(await freeUdpPort())],
          ]);
          assert.equal(await exitOf(uac.run, peer), 0, describeRun(uac.run));
          assert.equal(await peer.stop(), 0);
          checkBothWays(uac.out, peer);
        } finally {
          killRunning([uac?.run, peer?.peer]);
        }
      },
    );

    test(
      'our UAC against baresip without rtcp-mux: the call fails at the answer, saying why',
      { timeout: 30_000 },
      async () => {
        let peer: Baresip | undefined;
        let uac: { run: Peer; out: string } | undefined;
        try {
          peer = await startBaresip({
            sourceWav: theirs,
            mediaenc: 'dtls_srtp',
            medianat: 'ice',
            modules: ['dtls_srtp.so', 'ice.so'],
            netns,
          });
          uac = gossipper('uac-no-mux', [
            ...['-sf', webrtcScenario('webrtc-uac.xml', { PAUSE_MS: '200' })],
            `${NETNS_IP}:${peer.port}`,
            ...['-p', String(await freeUdpPort())],
          ]);
          const code = await exitOf(uac.run, peer);
          const s = summary(uac.out);
          assert.equal(s.failed_calls, 1, describeRun(uac.run));
          assert.equal(s.failure_causes.FailedMedia, 1);
          assert.equal(s.media?.rtp_packets_sent, 0);
          assert.notEqual(code, 0);
          assert.match(uac.run.stdout() + uac.run.stderr(), /no a=rtcp-mux, RFC 5761/);
        } finally {
          killRunning([uac?.run, peer?.peer]);
        }
      },
    );
  },
);

/** Our run's exit code, bounded; past the bound, the error carries baresip's log too. */
async function exitOf(run: Peer, peer: Baresip): Promise<number> {
  try {
    return await run.exit(20_000);
  } catch (err) {
    const log = peer.peer.stdout() + peer.peer.stderr();
    throw new Error(`${(err as Error).message}\nbaresip:\n${log.slice(-3000)}`);
  }
}

function summary(out: string) {
  return summarySchema.parse(JSON.parse(readFileSync(path.join(out, 's.json'), 'utf8')));
}

/** One successful call, audio counted both ways, each tone in the other side's recording. */
function checkBothWays(out: string, peer: Baresip): void {
  const log = peer.peer.stdout() + peer.peer.stderr();
  const s = summary(out);
  assert.equal(s.success_calls, 1, log.slice(-3000));
  assert.equal(s.failed_calls, 0);
  assert.ok((s.media?.rtp_packets_sent ?? 0) >= MIN_PACKETS, JSON.stringify(s.media));
  assert.ok((s.media?.rtp_packets_received ?? 0) >= MIN_PACKETS, JSON.stringify(s.media));
  assert.doesNotMatch(log, /ICE not supported by peer/);
  // The DTLS server picks the SRTP profile: baresip (our answer is setup:active) took
  // AES_CM_128_HMAC_SHA1_80, werift (baresip answers our offer as the client) AEAD_AES_128_GCM.
  const profile = /DTLS-SRTP complete \(audio\/RTP\) Profile=(\S+)/.exec(log)?.[1];
  assert.match(profile ?? 'none', /^(AES_CM_128_HMAC_SHA1_(80|32)|AEAD_AES_(128|256)_GCM)$/);
  assert.match(log, /mediaenc event 'Secure' \(audio,RTP\)/);

  const ours = readdirSync(path.join(out, 'rec')).filter((f) => f.endsWith('.wav'));
  assert.equal(ours.length, 1, `our recordings: ${ours.join(', ')}`);
  const heard = readWavPcm16(path.join(out, 'rec', ours[0]));
  const theirsInOurs = toneDominance(heard.samples, heard.rate, THEIRS_HZ, [OURS_HZ, ...OTHERS]);
  assert.ok(theirsInOurs > 100, `baresip's ${THEIRS_HZ} Hz in what we decrypted: ${theirsInOurs}`);

  const recorded = peer.recordedFile();
  assert.ok(recorded !== undefined, `baresip recorded nothing in ${peer.dir}`);
  const { rate, samples } = readWavPcm16(recorded);
  assert.ok(samples.length > 8000, `baresip recorded ${samples.length} samples`);
  const oursInTheirs = toneDominance(samples, rate, OURS_HZ, [THEIRS_HZ, ...OTHERS]);
  assert.ok(oursInTheirs > 100, `our ${OURS_HZ} Hz in baresip's recording: ${oursInTheirs}`);
}
