/**
 * SDES SRTP between our UAC and our UAS over loopback: the UAS echoes, both sides decrypt and
 * count; a wire tap (relays from test/peers/) sees ciphertext whose tags verify with the key the
 * INVITE carried. Then the policy: an SRTP answer refused, unasked for, or not keyed, and an
 * SRTP offer required but answered in clear, each failing the call's media with a reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultRunConfig, type RunConfig, type SrtpPolicy } from '../../src/config/index.ts';
import { openMedia } from '../../src/media/index.ts';
import { readSdpSecurity, SrtpContext } from '../../src/media/srtp/index.ts';
import { loadScenarioFor } from '../../src/run/index.ts';
import type { StatsSnapshot } from '../../src/stats/index.ts';
import type { RemoteAddress } from '../../src/transport/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startUdpRelay } from '../peers/udp-relay.ts';
import { srtpUacScenario, srtpUasScenario } from './srtp-scenarios.ts';
import { mediaRun } from './media-runs.ts';

/** 2 × 25 frames of tone.alaw (all 0x55), PT 8. */
const STREAM = '<exec rtp_stream="tone.alaw,2,8"/>';
const FRAMES = 50;

function uacScenario(actions: string, srtp: boolean): { dir: string; scenario: string } {
  return srtpUacScenario({ actions, pauseMs: 1300, srtp });
}

interface Pair {
  readonly uas: { scenario: string; echo: boolean; policy?: SrtpPolicy };
  readonly uac: { scenario: string; policy?: SrtpPolicy };
  /** Calls, started 20 a second (default 1). */
  readonly calls?: number;
  /** Relay the UAC's RTP to the UAS (the UAS then cannot tell its call: no echo). */
  readonly tapMedia?: (msg: Buffer) => void;
  readonly tapSip?: (msg: Buffer) => void;
  readonly onUacPacket?: (port: number, from: RemoteAddress, buf: Buffer) => void;
  /** -rtcp_interval of both sides (default 5000). */
  readonly rtcpIntervalMs?: number;
}

async function runPair(p: Pair): Promise<{
  uac: StatsSnapshot;
  uas: StatsSnapshot;
  errors: string[];
  uasErrors: string[];
}> {
  const uasMedia = await freeMediaPortBlock();
  const sipPort = await freeUdpPort();
  const mediaRelay =
    p.tapMedia === undefined
      ? null
      : await startUdpRelay(
          uasMedia,
          [],
          '127.0.0.1',
          (m, d) => d === 'toServer' && p.tapMedia!(m),
        );
  const sipRelay =
    p.tapSip === undefined
      ? null
      : await startUdpRelay(sipPort, [], '127.0.0.1', (m) => p.tapSip!(m));
  const rtp = (echo: boolean, policy: SrtpPolicy = 'ask'): RunConfig['rtp'] => ({
    ...defaultRunConfig().rtp,
    echo,
    srtpPolicy: policy,
    rtcpIntervalMs: p.rtcpIntervalMs ?? defaultRunConfig().rtp.rtcpIntervalMs,
  });
  const uasXml = readFileSync(p.uas.scenario, 'latin1');
  if (mediaRelay !== null)
    writeFileSync(p.uas.scenario, uasXml.replace('m=audio [media_port]', 'm=audio [relay_port]'));
  const errors: string[] = [];
  const uasErrors: string[] = [];
  const uas = mediaRun(
    {
      scenario: { kind: 'file', path: p.uas.scenario },
      localPort: sipPort,
      mediaPort: uasMedia,
      keywords: mediaRelay === null ? {} : { relay_port: String(mediaRelay.port) },
      rtp: rtp(p.uas.echo, p.uas.policy),
      maxCalls: p.calls ?? 1,
    },
    { errors: uasErrors },
  );
  const uac = mediaRun(
    {
      scenario: { kind: 'file', path: p.uac.scenario },
      remote: { host: '127.0.0.1', port: sipRelay?.port ?? sipPort },
      localPort: 0,
      mediaPort: await freeMediaPortBlock(),
      maxCalls: p.calls ?? 1,
      rate: { ...defaultRunConfig().rate, callsPerPeriod: 20 },
      rtp: rtp(false, p.uac.policy),
    },
    { errors, onMediaPacket: p.onUacPacket },
  );
  try {
    await uas.start();
    await uac.start();
    const [u, s] = await Promise.all([uac.done(), uas.done()]);
    return { uac: u.snapshot, uas: s.snapshot, errors, uasErrors };
  } finally {
    uac.stop();
    uas.stop();
    await mediaRelay?.close();
    await sipRelay?.close();
  }
}

test(
  'SRTP UAC into an SRTP UAS with -rtp_echo: a stream and a capture echoed, decrypted, counted',
  { timeout: 30_000 },
  async () => {
    // The capture: 50 packets, SSRC 0x11223344, payload bytes = packet number (capture-writer).
    const { dir, scenario } = uacScenario(`${STREAM}<exec play_pcap_audio="g711a.pcap"/>`, true);
    const total = 2 * FRAMES;
    const payloads: Buffer[] = [];
    const { uac, uas, errors } = await runPair({
      uas: { scenario: srtpUasScenario(dir, true), echo: true },
      uac: { scenario },
      onUacPacket: (_port, _from, buf) => payloads.push(Buffer.from(buf)),
    });
    const c = uac.cumulative;
    assert.deepEqual(errors, []);
    assert.equal(c.SuccessfulCall, 1);
    assert.equal(c.FailedMedia, 0);
    assert.equal(c.RtpPacketsSent, total);
    assert.equal(uas.cumulative.RtpPacketsReceived, total);
    assert.equal(uas.cumulative.RtpPacketsEchoed, total);
    assert.equal(uas.cumulative.SrtpPacketsRejected, 0, 'the UAS decrypted every packet');
    assert.equal(c.RtpPacketsReceived, total);
    assert.equal(c.SrtpPacketsRejected, 0, 'the UAC decrypted every echo');
    assert.equal(c.RtpQualityCalls, 1);
    assert.equal(c.RtpPacketsLost, 0);
    // What the tap got is the decrypted RTP: the frames as sent, no tag.
    assert.equal(payloads.length, total);
    let captured = 0;
    for (const b of payloads) {
      assert.equal(b.length, 12 + 160);
      assert.equal(b[1] & 0x7f, 8);
      const fromCapture = b.readUInt32BE(8) === 0x11223344;
      if (fromCapture) captured++;
      const fill = fromCapture ? (b.readUInt16BE(2) - 1000) & 0xff : 0x55;
      assert.deepEqual(b.subarray(12), Buffer.alloc(160, fill));
    }
    assert.equal(captured, FRAMES);
  },
);

test(
  'SRTP on the wire: stream and DTMF are not cleartext, and tags verify with the INVITE key',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = uacScenario(`${STREAM}<exec play_dtmf="1"/>`, true);
    const wire: Buffer[] = [];
    const sip: string[] = [];
    const { uac } = await runPair({
      uas: { scenario: srtpUasScenario(dir, true), echo: false },
      uac: { scenario },
      tapMedia: (m) => wire.push(Buffer.from(m)),
      tapSip: (m) => sip.push(m.toString('latin1')),
    });
    assert.equal(uac.cumulative.SuccessfulCall, 1);
    const invite = sip.find((m) => m.startsWith('INVITE '));
    assert.ok(invite !== undefined, 'the INVITE went through the SIP relay');
    assert.match(invite, /\r\nm=audio \d+ RTP\/SAVP 8\r\n/);
    const offered = readSdpSecurity(invite.slice(invite.indexOf('\r\n\r\n') + 4));
    assert.equal(offered.cryptos.length, 1);
    assert.equal(offered.cryptos[0].suite.name, 'AES_CM_128_HMAC_SHA1_80');
    const check = new SrtpContext(offered.cryptos[0].suite, offered.cryptos[0].keyAndSalt);
    assert.equal(wire.length, uac.cumulative.RtpPacketsSent);
    const byType = new Map<number, number>();
    for (const packet of wire) {
      const plain = check.unprotectRtp(packet);
      assert.ok(Buffer.isBuffer(plain), `tag verifies (${String(plain)})`);
      assert.equal(packet.length, plain.length + 10, 'RTP + 80-bit tag');
      assert.notDeepEqual(packet.subarray(12, plain.length), plain.subarray(12), 'not cleartext');
      const pt = plain[1] & 0x7f;
      byType.set(pt, (byType.get(pt) ?? 0) + 1);
      if (pt === 8) assert.deepEqual(plain.subarray(12), Buffer.alloc(160, 0x55));
    }
    assert.equal(byType.get(8), FRAMES, 'the stream');
    // play_dtmf: no-op packets (PT 97), then the digit's telephone-events (PT 96).
    assert.ok((byType.get(96) ?? 0) > 0 && (byType.get(97) ?? 0) > 0, [...byType].join(' '));
  },
);

test(
  "RTCP of an SRTP call goes as SRTCP: each side decrypts the other's reports",
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = uacScenario(STREAM, true);
    const { uac, uas, errors, uasErrors } = await runPair({
      uas: { scenario: srtpUasScenario(dir, true), echo: true },
      uac: { scenario },
      rtcpIntervalMs: 200,
    });
    assert.deepEqual([...errors, ...uasErrors], []);
    for (const [side, snap] of [
      ['UAC', uac],
      ['UAS', uas],
    ] as const) {
      const c = snap.cumulative;
      // Cleartext RTCP would fail the SRTCP tag check and be counted as rejected.
      assert.equal(c.SrtpPacketsRejected, 0, `${side}: no SRTP rejected`);
      assert.equal(c.SrtcpPacketsRejected, 0, `${side}: no SRTCP rejected`);
      assert.ok(c.RtcpPacketsSent > 0, `${side} sent RTCP`);
      assert.ok(c.RtcpPacketsReceived > 0, `${side} received RTCP`);
    }
    // The UAC read the UAS's receiver report about its stream, and that report carried the
    // time of the UAC's sender report (LSR): the UAS decrypted and read it, so a round trip.
    assert.ok(uac.cumulative.RtcpRemoteReportCalls > 0, "the UAC read the far end's report");
    assert.ok(uac.cumulative.RtcpRttCalls > 0, 'a round trip from LSR/DLSR');
  },
);

/** A UAC streaming to a UAS that answers with SRTP (or not): the UAC's media error. */
async function refusal(o: {
  uacOffersSrtp: boolean;
  uasAnswersSrtp: boolean;
  uacPolicy?: SrtpPolicy;
}): Promise<{ c: StatsSnapshot['cumulative']; errors: string }> {
  const { dir, scenario } = uacScenario(STREAM, o.uacOffersSrtp);
  const { uac, errors } = await runPair({
    uas: { scenario: srtpUasScenario(dir, o.uasAnswersSrtp), echo: true },
    uac: { scenario, policy: o.uacPolicy },
  });
  return { c: uac.cumulative, errors: errors.join('\n') };
}

test(
  'an SRTP answer the UAC did not ask for fails its media, never cleartext: each policy says why',
  { timeout: 60_000 },
  async () => {
    const asked = await refusal({ uacOffersSrtp: false, uasAnswersSrtp: true });
    assert.match(
      asked.errors,
      /call 1 \(.+\): rtp_stream: SRTP offered by the remote SDP \(m=audio profile RTP\/SAVP, 1 a=crypto line\) and this run did not ask for it: use -media_srtp .* or -media_reject_srtp/,
    );
    const refused = await refusal({
      uacOffersSrtp: false,
      uasAnswersSrtp: true,
      uacPolicy: 'reject',
    });
    assert.match(refused.errors, /rtp_stream: SRTP refused \(-media_reject_srtp\)/);
    const unkeyed = await refusal({ uacOffersSrtp: false, uasAnswersSrtp: true, uacPolicy: 'use' });
    assert.match(unkeyed.errors, /our SDP carried no a=crypto: put \[srtp_crypto\]/);
    for (const { c } of [asked, refused, unkeyed]) {
      assert.equal(c.FailedMedia, 1);
      assert.equal(c.FailedCall, 1);
      assert.equal(c.RtpPacketsSent, 0, 'nothing sent in clear');
    }
  },
);

test('a scenario sending [srtp_crypto] does not start under -media_reject_srtp', async () => {
  const { scenario } = uacScenario(STREAM, true);
  const config: RunConfig = {
    ...defaultRunConfig(),
    scenario: { kind: 'file', path: scenario },
    rtp: { ...defaultRunConfig().rtp, srtpPolicy: 'reject' },
  };
  // Refused before any media port is bound.
  await assert.rejects(
    openMedia({
      scenario: loadScenarioFor(config),
      ip: '127.0.0.1',
      family: 4,
      mediaPort: await freeMediaPortBlock(),
      echo: false,
      bufferBytes: 65535,
      defaultPayloadType: 8,
      srtpPolicy: 'reject',
      clock: { now: () => 0 },
      random: Math.random,
      stats: { count: () => undefined },
      onError: () => undefined,
    }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'MEDIA_INVALID');
      assert.match(
        err.message,
        /sends \[srtp_crypto\] \(it requires SRTP\) and -media_reject_srtp/,
      );
      return true;
    },
  );
});

test(
  'a UAC requiring SRTP ([srtp_crypto]) answered in clear fails its media, counted',
  { timeout: 30_000 },
  async () => {
    const { c, errors } = await refusal({ uacOffersSrtp: true, uasAnswersSrtp: false });
    assert.match(
      errors,
      /rtp_stream: SRTP required \(our SDP carried \[srtp_crypto\]\) but the remote SDP has no a=crypto \(profile RTP\/AVP\)/,
    );
    assert.equal(c.FailedMedia, 1);
    assert.equal(c.RtpPacketsSent, 0);
  },
);

test(
  'an echoing UAS offered SRTP it did not ask for drops the packets, counted, and names the call',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = uacScenario(STREAM, true);
    // The UAS answers with a fixed crypto line, not [srtp_crypto]: SRTP it did not ask for.
    const key = Buffer.alloc(30, 0x42).toString('base64');
    const uasFile = srtpUasScenario(dir, false);
    const xml = readFileSync(uasFile, 'latin1').replace(
      'RTP/AVP 0\n      a=rtpmap:0 PCMU/8000',
      `RTP/SAVP 0\n      a=rtpmap:0 PCMU/8000\n      a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key}`,
    );
    assert.ok(xml.includes(`inline:${key}`));
    writeFileSync(uasFile, xml);
    for (const policy of ['ask', 'reject'] as const) {
      const { uac, uas, uasErrors } = await runPair({
        uas: { scenario: uasFile, echo: true, policy },
        uac: { scenario },
      });
      assert.equal(uac.cumulative.RtpPacketsSent, FRAMES, policy);
      assert.equal(uas.cumulative.RtpPacketsReceived, FRAMES, policy);
      assert.equal(uas.cumulative.SrtpPacketsRejected, FRAMES, policy);
      assert.equal(uas.cumulative.RtpPacketsEchoed, 0, `${policy}: nothing echoed`);
      assert.equal(uac.cumulative.RtpPacketsReceived, 0, policy);
      const said = uasErrors.filter((e) => /SRTP/.test(e));
      assert.equal(said.length, 1, `${policy}: once per call\n${uasErrors.join('\n')}`);
      assert.match(
        said[0],
        policy === 'ask'
          ? /call 1 \(.+\): RTP received: SRTP offered by the remote SDP .* and this run did not ask for it/
          : /call 1 \(.+\): RTP received: SRTP refused \(-media_reject_srtp\)/,
      );
    }
  },
);

test(
  'concurrent SRTP calls, each with its own key and [auto_media_port]: every echo decrypts',
  { timeout: 30_000 },
  async () => {
    const calls = 3;
    const { dir, scenario } = srtpUacScenario({
      actions: STREAM,
      pauseMs: 1300,
      srtp: true,
      portKeyword: 'auto_media_port',
    });
    const { uac, uas, errors } = await runPair({
      uas: { scenario: srtpUasScenario(dir, true), echo: true },
      uac: { scenario },
      calls,
    });
    const c = uac.cumulative;
    assert.deepEqual(errors, []);
    assert.equal(c.SuccessfulCall, calls);
    assert.equal(c.RtpPacketsSent, calls * FRAMES);
    assert.equal(uas.cumulative.RtpPacketsEchoed, calls * FRAMES);
    assert.equal(uas.cumulative.SrtpPacketsRejected, 0);
    assert.equal(c.RtpPacketsReceived, calls * FRAMES);
    assert.equal(c.SrtpPacketsRejected, 0);
    assert.equal(c.RtpQualityCalls, calls);
  },
);

test(
  'play_pcap_video in an SRTP call fails, named and counted: SDES keys only m=audio',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = uacScenario('<exec play_pcap_video="g711a.pcap"/>', true);
    const uasFile = srtpUasScenario(dir, true);
    const xml = readFileSync(uasFile, 'latin1').replace(
      '[srtp_crypto]',
      '[srtp_crypto]\n      m=video [media_port+2] RTP/SAVP 96',
    );
    assert.ok(xml.includes('m=video [media_port+2]'));
    writeFileSync(uasFile, xml);
    const { uac, errors } = await runPair({
      uas: { scenario: uasFile, echo: true },
      uac: { scenario },
    });
    assert.equal(uac.cumulative.FailedMedia, 1);
    assert.equal(uac.cumulative.RtpPacketsSent, 0);
    assert.match(
      errors.join('\n'),
      /call 1 \(.+\): play_pcap_video: SRTP is keyed for m=audio only; video cannot be sent/,
    );
  },
);
