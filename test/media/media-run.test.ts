/**
 * Gossipper against Gossipper in one process, over loopback: a UAC plays a capture and streams a
 * file into a UAS with -rtp_echo, and gets every packet back; bad media inputs fail only the
 * calls that meet them, counted, while the other calls go on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import type { StatsSnapshot } from '../../src/stats/index.ts';
import { freeUdpPort } from '../peers/processes.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaBase, mediaRun } from './media-runs.ts';

async function uasAndUac(
  uacPatch: Partial<RunConfig>,
  calls: number,
  errors: string[] = [],
): Promise<{ uac: StatsSnapshot; uas: StatsSnapshot }> {
  const sipPort = await freeUdpPort();
  const uas = mediaRun({
    scenario: { kind: 'builtin', name: 'uas' },
    localPort: sipPort,
    mediaPort: mediaBase(),
    rtp: { ...defaultRunConfig().rtp, echo: true },
    maxCalls: calls,
  });
  await uas.start();
  const uac = mediaRun(
    {
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: mediaBase(),
      maxCalls: calls,
      rate: { ...defaultRunConfig().rate, callsPerPeriod: 20 },
      ...uacPatch,
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

test(
  'play_pcap_audio and rtp_stream into our UAS with -rtp_echo: every packet comes back',
  { timeout: 30_000 },
  async () => {
    const { scenario } = mediaFolder({
      actions: '<exec play_pcap_audio="g711a.pcap"/><exec rtp_stream="tone.alaw,2,8"/>',
      pauseMs: 1500,
      // Overlapping calls on one [media_port] would mix their quality figures (docs/media.md).
      portKeyword: 'auto_media_port',
    });
    const calls = 2;
    const { uac, uas } = await uasAndUac({ scenario: { kind: 'file', path: scenario } }, calls);
    const c = uac.cumulative;
    assert.equal(c.SuccessfulCall, calls);
    // 50 captured packets and 2 × 25 frames of the file, per call.
    assert.equal(c.RtpPacketsSent, calls * 100);
    assert.equal(c.RtpPacketsReceived, calls * 100, 'all echoed back');
    assert.equal(uas.cumulative.RtpPacketsEchoed, calls * 100);
    assert.equal(uas.cumulative.RtpPacketsReceived, calls * 100);
    // Echoes come from the port the UAS's SDP named: each is attributed to a call.
    assert.equal(c.RtpFromUnknownSource, 0);
    assert.equal(c.RtpQualityCalls, calls);
    assert.equal(c.RtpPacketsLost, 0);
    assert.ok(c.RtpMosMilliSum / calls > 4300, `MOS ${c.RtpMosMilliSum / calls / 1000}`);
  },
);

test(
  'bad captures fail only their calls, counted and named; the other calls go on',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = mediaFolder({
      actions: '<exec play_pcap_audio="media-[call_number].pcap"/>',
      pauseMs: 1100,
    });
    // Call 1 plays a good capture, call 2 a text file, call 3 a missing one, call 4 a WAV.
    copyFileSync(path.join(dir, 'g711a.pcap'), path.join(dir, 'media-1.pcap'));
    copyFileSync(path.join(dir, 'broken.pcap'), path.join(dir, 'media-2.pcap'));
    copyFileSync(path.join(dir, 'stereo.wav'), path.join(dir, 'media-4.pcap'));
    const errors: string[] = [];
    const { uac } = await uasAndUac({ scenario: { kind: 'file', path: scenario } }, 4, errors);
    const c = uac.cumulative;
    assert.equal(c.FailedMedia, 3);
    assert.equal(c.FailedCall, 3);
    assert.equal(c.SuccessfulCall, 1);
    assert.equal(c.RtpPacketsSent, 50);
    assert.equal(c.RtpPacketsReceived, 50);
    // Each failed call still went through its SIP flow to the BYE's 200.
    assert.equal(c.FailedUnexpectedMessage + c.FailedMaxUDPRetrans + c.FailedTimeoutOnRecv, 0);
    const text = errors.join('\n');
    assert.match(
      text,
      /call 2 \(.+\): play_pcap_audio: media-2\.pcap: offset 0: not a pcap or pcapng capture/,
    );
    assert.match(text, /call 3 \(.+\): play_pcap_audio: media-3\.pcap: cannot read \(ENOENT\)/);
    assert.match(text, /call 4 \(.+\): play_pcap_audio: media-4\.pcap: offset 0: /);
  },
);

test('the rtp_echo action switches -rtp_echo off', { timeout: 30_000 }, async () => {
  const { dir, scenario } = mediaFolder({
    actions: '<exec play_pcap_audio="g711a.pcap"/>',
    pauseMs: 1200,
  });
  const uasXml = (builtinScenarioXml('uas') ?? '').replace(
    '<recv request="INVITE" crlf="true">\n  </recv>',
    '<recv request="INVITE" crlf="true">\n    <action><rtp_echo value="0"/></action>\n  </recv>',
  );
  assert.match(uasXml, /rtp_echo value="0"/);
  const uasFile = path.join(dir, 'uas-no-echo.xml');
  writeFileSync(uasFile, uasXml);
  const sipPort = await freeUdpPort();
  const uas = mediaRun({
    scenario: { kind: 'file', path: uasFile },
    localPort: sipPort,
    mediaPort: mediaBase(),
    rtp: { ...defaultRunConfig().rtp, echo: true },
    maxCalls: 1,
  });
  await uas.start();
  const uac = mediaRun({
    scenario: { kind: 'file', path: scenario },
    remote: { host: '127.0.0.1', port: sipPort },
    localPort: 0,
    mediaPort: mediaBase(),
    maxCalls: 1,
  });
  try {
    await uac.start();
    const c = (await uac.done()).snapshot.cumulative;
    const s = (await uas.done()).snapshot.cumulative;
    assert.equal(c.RtpPacketsSent, 50);
    assert.equal(s.RtpPacketsReceived, 50);
    assert.equal(s.RtpPacketsEchoed, 0);
    assert.equal(c.RtpPacketsReceived, 0);
  } finally {
    uac.stop();
    uas.stop();
  }
});

test('a capture or stream file named in the scenario that cannot be read refuses the run, as SIPp at load', async () => {
  // sipp 3.6.1 exits 1 at load: "Can't open PCAP file", "Cannot read/cache rtpstream file".
  for (const actions of [
    '<exec play_pcap_audio="gone.pcap"/>',
    '<exec rtp_stream="gone.raw,1,8"/>',
  ]) {
    const { scenario } = mediaFolder({ actions, pauseMs: 100 });
    const run = mediaRun({
      scenario: { kind: 'file', path: scenario },
      remote: { host: '127.0.0.1', port: 9 },
      localPort: 0,
      mediaPort: mediaBase(),
      maxCalls: 1,
    });
    await assert.rejects(run.start(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SCENARIO_INVALID');
      assert.match(
        err.message,
        /uac-media\.xml:\d+:\d+ <exec>: gone\.(pcap|raw): cannot read \(ENOENT\)$/,
      );
      return true;
    });
  }
});
