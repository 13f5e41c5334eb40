/**
 * A capture with RTP and RTCP played by an SRTP call: what reaches the peer's RTP port is SRTP
 * and what reaches its RTCP port (+1) is SRTCP (E flag, index, 80-bit tag), both verified with
 * the key our INVITE carried. The peer's media ports are plain sockets of the test (a sink).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { readSdpSecurity, SrtpContext } from '../../src/media/srtp/index.ts';
import { LINK, g711Capture, pcapFile, type TestPacket } from '../peers/capture-writer.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startUdpRelay } from '../peers/udp-relay.ts';
import { mediaRun } from './media-runs.ts';
import { srtpUacScenario, srtpUasScenario } from './srtp-scenarios.ts';

/** A receiver report: header, sender SSRC and one 24-byte report block. */
function receiverReport(): Buffer {
  const rr = Buffer.alloc(32);
  rr[0] = 0x81;
  rr[1] = 201;
  rr.writeUInt16BE(7, 2);
  rr.writeUInt32BE(0x11223344, 4);
  rr.fill(0x5a, 8);
  return rr;
}

async function bind(port: number, got: Buffer[]): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.on('message', (m) => got.push(Buffer.from(m)));
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, '127.0.0.1', () => resolve());
  });
  return s;
}

test(
  'play_pcap_audio under SRTP: RTP leaves as SRTP, RTCP as SRTCP',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = srtpUacScenario({
      actions: '<exec play_pcap_audio="mixed.pcap"/>',
      pauseMs: 800,
      srtp: true,
    });
    const rtp = g711Capture(10, 8);
    const rtcp: TestPacket = { ...rtp[5], dstPort: rtp[5].dstPort + 1, payload: receiverReport() };
    writeFileSync(path.join(dir, 'mixed.pcap'), pcapFile(LINK.ETHERNET, [...rtp, rtcp]));
    // The UAS answers with SRTP but names the sink's ports as its media.
    const uasFile = srtpUasScenario(dir, true);
    writeFileSync(
      uasFile,
      readFileSync(uasFile, 'latin1').replace('m=audio [media_port]', 'm=audio [sink_port]'),
    );
    const sinkPort = await freeMediaPortBlock();
    const atRtp: Buffer[] = [];
    const atRtcp: Buffer[] = [];
    const sinks = [await bind(sinkPort, atRtp), await bind(sinkPort + 1, atRtcp)];
    const sip: string[] = [];
    const sipPort = await freeUdpPort();
    const sipRelay = await startUdpRelay(sipPort, [], '127.0.0.1', (m) =>
      sip.push(m.toString('latin1')),
    );
    const uas = mediaRun({
      scenario: { kind: 'file', path: uasFile },
      localPort: sipPort,
      mediaPort: await freeMediaPortBlock(),
      keywords: { sink_port: String(sinkPort) },
      maxCalls: 1,
    });
    const uac = mediaRun({
      scenario: { kind: 'file', path: scenario },
      remote: { host: '127.0.0.1', port: sipRelay.port },
      localPort: 0,
      mediaPort: await freeMediaPortBlock(),
      maxCalls: 1,
      rtp: { ...defaultRunConfig().rtp, srtpPolicy: 'use' },
    });
    try {
      await uas.start();
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      await uas.done();
      assert.equal(c.SuccessfulCall, 1);
      assert.equal(c.RtpPacketsSent, 11);
      const invite = sip.find((m) => m.startsWith('INVITE '));
      assert.ok(invite !== undefined);
      const { cryptos } = readSdpSecurity(invite.slice(invite.indexOf('\r\n\r\n') + 4));
      const check = new SrtpContext(cryptos[0].suite, cryptos[0].keyAndSalt);
      assert.equal(atRtp.length, 10);
      for (const [i, packet] of atRtp.entries()) {
        const plain = check.unprotectRtp(packet);
        assert.ok(Buffer.isBuffer(plain), `RTP ${i}: ${String(plain)}`);
        assert.deepEqual(plain, rtp[i].payload);
      }
      // The capture's report comes first (played at the start); the call's own RTCP (its BYE
      // report at the end, under the capture's SSRC, the last it sent) must be SRTCP as well.
      assert.ok(atRtcp.length >= 1 && atRtcp.length <= 2, `${atRtcp.length} RTCP packets`);
      const srtcp = atRtcp[0];
      assert.equal(srtcp.length, 32 + 4 + 10, 'RTCP + E|index + 80-bit tag');
      assert.equal(srtcp.readUInt32BE(32), 0x80000000, 'E flag set, index 0');
      assert.notDeepEqual(srtcp.subarray(8, 32), receiverReport().subarray(8), 'encrypted');
      assert.deepEqual(check.unprotectRtcp(srtcp), receiverReport());
      for (const own of atRtcp.filter((p) => p !== srtcp))
        assert.ok(Buffer.isBuffer(check.unprotectRtcp(own)), "the call's own report is SRTCP");
    } finally {
      uac.stop();
      uas.stop();
      await sipRelay.close();
      await Promise.all(sinks.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  },
);
