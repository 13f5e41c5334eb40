/**
 * Call quality against known impairments: our UAC plays 150 packets into our UAS with
 * -rtp_echo through a relay that drops, delays and reorders the echoes by a seeded pattern; the
 * loss, reordering, jitter and MOS the UAC reports match what the relay did.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import { mosFromR, rFactorG711 } from '../../src/media/call-quality.ts';
import { LINK, g711Capture, pcapFile } from '../peers/capture-writer.ts';
import { freeUdpPort } from '../peers/processes.ts';
import { startRtpRelay, type RelayRecord } from '../peers/rtp-impairment-relay.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaBase, mediaRun } from './media-runs.ts';

/** RFC 3550 A.8 over what the relay sent, in the order it sent it (8000 Hz clock). */
function expectedJitterMs(sent: readonly RelayRecord[]): number {
  let j = 0;
  let last: number | undefined;
  for (const r of sent) {
    const transit = r.sentAtMs * 8 - r.ts;
    if (last !== undefined) j += (Math.abs(transit - last) - j) / 16;
    last = transit;
  }
  return j / 8;
}

test('loss, reordering, jitter and MOS match a seeded relay', { timeout: 30_000 }, async () => {
  const { dir, scenario } = mediaFolder({
    actions: '<exec play_pcap_audio="long.pcap"/>',
    pauseMs: 3600,
  });
  writeFileSync(path.join(dir, 'long.pcap'), pcapFile(LINK.ETHERNET, g711Capture(150, 8)));
  const uasMedia = mediaBase();
  const relay = await startRtpRelay(uasMedia, {
    seed: 19,
    dropRatio: 0.05,
    maxDelayMs: 15,
    swapEvery: 20,
  });
  // The UAS's answer names the relay as its media address, so the UAC sends through it.
  const uasXml = (builtinScenarioXml('uas') ?? '').replace(
    'm=audio [media_port]',
    'm=audio [relay_port]',
  );
  const uasFile = path.join(dir, 'uas-relay.xml');
  writeFileSync(uasFile, uasXml);
  const sipPort = await freeUdpPort();
  const uas = mediaRun({
    scenario: { kind: 'file', path: uasFile },
    localPort: sipPort,
    mediaPort: uasMedia,
    keywords: { relay_port: String(relay.port) },
    rtp: { ...defaultRunConfig().rtp, echo: true },
    maxCalls: 1,
  });
  const uac = mediaRun({
    scenario: { kind: 'file', path: scenario },
    remote: { host: '127.0.0.1', port: sipPort },
    localPort: 0,
    mediaPort: mediaBase(),
    maxCalls: 1,
    // No RTCP: it would go to the relay's port + 1, which may be the relay's own back socket
    // (bound next to it), and shift the seeded pattern. test/media/rtcp-run.test.ts covers RTCP.
    rtp: { ...defaultRunConfig().rtp, rtcpIntervalMs: 0 },
  });
  try {
    await uas.start();
    await uac.start();
    const c = (await uac.done()).snapshot.cumulative;
    await uas.done();
    assert.equal(c.SuccessfulCall, 1);
    assert.equal(c.RtpPacketsSent, 150);
    assert.equal(c.RtcpPacketsSent, 0, '-rtcp_interval 0: no RTCP');
    const maxSeq = Math.max(...relay.forwarded.map((r) => r.seq));
    const lostBeforeEnd = relay.dropped.filter((s) => s < maxSeq).length;
    assert.ok(relay.dropped.length >= 3, `the pattern drops (${relay.dropped.length})`);
    assert.ok(relay.swapped.length >= 5, `and swaps (${relay.swapped.length})`);
    assert.equal(c.RtpPacketsReceived, 150 - relay.dropped.length);
    assert.equal(c.RtpPacketsLost, lostBeforeEnd);
    assert.equal(c.RtpPacketsReordered, relay.swapped.length);
    assert.equal(c.RtpQualityCalls, 1);
    const jitterMs = c.RtpJitterUsSum / 1000;
    const expected = expectedJitterMs(relay.forwarded);
    assert.ok(expected > 2, `the delays make jitter (${expected.toFixed(2)} ms)`);
    // Arrival is read when our event loop handles the packet: allow for its own scheduling.
    assert.ok(Math.abs(jitterMs - expected) < 1.5, `jitter ${jitterMs} vs ${expected}`);
    const expectedCount = maxSeq - 1000 + 1;
    const mos = mosFromR(rFactorG711(lostBeforeEnd / expectedCount, jitterMs));
    assert.ok(Math.abs(c.RtpMosMilliSum / 1000 - mos) < 0.01, `MOS ${c.RtpMosMilliSum / 1000}`);
    assert.ok(mos < 4.2, `5% loss lowers the MOS (${mos.toFixed(2)})`);
  } finally {
    uac.stop();
    uas.stop();
    await relay.close();
  }
});
