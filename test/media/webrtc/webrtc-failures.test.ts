/**
 * What fails, fails one call, named and counted: a DTLS handshake against a wrong fingerprint,
 * a plain RTP offer to `[webrtc_answer]`, and a DTLS offer to a scenario that did not ask for
 * WebRTC (never answered in cleartext). Other calls of the run go on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Run } from '../../../src/run/index.ts';
import { freeUdpPort } from '../../peers/processes.ts';
import { mediaBase, mediaRun } from '../media-runs.ts';
import { webrtcScenario } from './webrtc-scenarios.ts';
import { WeriftSipUac } from './werift-sip-uac.ts';

const PLAIN_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
].join('\n');

/** Warnings and errors of a run, with a way to wait for the first one matching a pattern. */
class WarningTap extends Array<string> {
  private waiters: { re: RegExp; resolve: (line: string) => void }[] = [];

  override push(...lines: string[]): number {
    for (const line of lines)
      for (const w of this.waiters.filter((x) => x.re.test(line))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    return super.push(...lines);
  }

  async waitFor(re: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.find((l) => re.test(l));
    if (seen !== undefined) return seen;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<string>((resolve, reject) => {
        this.waiters.push({ re, resolve });
        timer = setTimeout(
          () =>
            reject(
              new Error(`no warning matching ${re} within ${timeoutMs} ms: ${this.join(' | ')}`),
            ),
          timeoutMs,
        );
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A run's end, bounded: the run is stopped if it has not ended in time. */
async function doneWithin(run: Run, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.stop();
      reject(new Error(`run not done within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([run.done(), late]);
  } finally {
    clearTimeout(timer);
  }
}

test(
  'a DTLS handshake that fails (wrong fingerprint) fails that call, named and counted',
  { timeout: 30_000 },
  async () => {
    const { RTCPeerConnection, MediaStreamTrack } = await import('werift');
    const sipPort = await freeUdpPort();
    const tap = new WarningTap();
    const uas = mediaRun(
      {
        scenario: { kind: 'file', path: webrtcScenario('webrtc-uas.xml') },
        localPort: sipPort,
        mediaPort: mediaBase(),
        maxCalls: 1,
      },
      { errors: tap },
    );
    const pc = new RTCPeerConnection({
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
    });
    const uac = new WeriftSipUac(sipPort);
    try {
      await uas.start();
      await uac.open();
      pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' });
      await pc.setLocalDescription(await pc.createOffer());
      // Another certificate's fingerprint: ICE connects, DTLS must refuse the peer.
      const offer = (pc.localDescription?.sdp ?? '').replace(
        /^a=fingerprint:sha-256 .*$/m,
        `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`,
      );
      const answer = await uac.invite(offer, 10_000);
      uac.ack();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      const line = await tap.waitFor(/DTLS-SRTP/, 15_000);
      assert.match(line, /^call 1 \(werift-uac-1@127\.0\.0\.1\): .*DTLS-SRTP: /);
      await uac.bye(5_000);
      const { snapshot } = await doneWithin(uas, 5_000);
      assert.equal(snapshot.cumulative.FailedMedia, 1);
      assert.equal(snapshot.cumulative.FailedCall, 1);
      assert.equal(snapshot.cumulative.SuccessfulCall, 0);
    } finally {
      uac.close();
      await pc.close();
      uas.stop();
    }
  },
);

test(
  'a plain RTP offer to [webrtc_answer] fails each call, named and counted; the run ends',
  { timeout: 30_000 },
  async () => {
    const calls = 2;
    const sipPort = await freeUdpPort();
    const tap = new WarningTap();
    const uas = mediaRun(
      {
        scenario: { kind: 'file', path: webrtcScenario('webrtc-uas.xml') },
        localPort: sipPort,
        mediaPort: mediaBase(),
        maxCalls: calls,
      },
      { errors: tap },
    );
    await uas.start();
    // This caller offers cleartext RTP (its scenario has no WebRTC at all).
    const uac = mediaRun({
      scenario: {
        kind: 'file',
        path: webrtcScenario('webrtc-uac.xml', { PAUSE_MS: '100', '[webrtc_offer]': PLAIN_SDP }),
      },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      maxCalls: calls,
    });
    try {
      await uac.start();
      const { snapshot } = await doneWithin(uas, 10_000);
      assert.equal(snapshot.cumulative.FailedMedia, calls);
      assert.equal(snapshot.cumulative.FailedCall, calls);
      const named = tap.filter((l) => /^call \d \(.*\): webrtc_answer: .*not DTLS-SRTP/.test(l));
      assert.equal(named.length, calls, tap.join('\n'));
    } finally {
      uac.stop();
      uas.stop();
    }
  },
);

test(
  'a DTLS offer to a scenario without WebRTC: its media action fails, never cleartext RTP',
  { timeout: 30_000 },
  async () => {
    const sipPort = await freeUdpPort();
    const tap = new WarningTap();
    // A UAS that would stream RTP once answered, with no [webrtc_answer].
    const uas = mediaRun(
      {
        scenario: {
          kind: 'file',
          path: webrtcScenario('webrtc-uas.xml', {
            '[webrtc_answer]': PLAIN_SDP,
            '<recv request="ACK"/>':
              '<recv request="ACK"><action><exec rtp_stream="synthetic,1,8,PCMA,20,1000"/></action></recv>',
          }),
        },
        localPort: sipPort,
        mediaPort: mediaBase(),
        maxCalls: 1,
      },
      { errors: tap },
    );
    await uas.start();
    const uac = mediaRun({
      scenario: { kind: 'file', path: webrtcScenario('webrtc-uac.xml', { PAUSE_MS: '300' }) },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: mediaBase(),
      maxCalls: 1,
    });
    try {
      await uac.start();
      const line = await tap.waitFor(/rtp_stream/, 10_000);
      assert.match(line, /^call 1 \(.*\): rtp_stream: the peer offered DTLS-SRTP/);
      const { snapshot } = await doneWithin(uas, 10_000);
      assert.equal(snapshot.cumulative.FailedMedia, 1);
      assert.equal(snapshot.cumulative.RtpPacketsSent, 0, 'no cleartext RTP left');
    } finally {
      uac.stop();
      uas.stop();
    }
  },
);
