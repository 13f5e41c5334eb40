/**
 * -hep_addr against real SIPp: our UAC runs a few calls to `sipp -sn uas` while a HEP3 collector
 * on loopback (test/peers/hep-collector.ts) decodes what we mirror. Over UDP a relay between the
 * two taps the wire, so every datagram on it must reach the collector exactly once, byte for
 * byte, with its 5-tuple, capture id, auth key and a time within the run. A dead collector must
 * not fail a call; TCP is mirrored too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { startHepCollector } from '../peers/hep-collector.ts';
import type { DecodedHep } from '../peers/hep-collector.ts';
import {
  freeUdpPort,
  killRunning,
  sippRequirement,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { startUdpRelay } from '../peers/udp-relay.ts';
import { summarySchema } from '../stats/summary-schema.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 3;

function sippUas(port: number, t: 'u1' | 't1'): Peer {
  return startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-t', t, '-nostdin']);
}

function uacArgs(remotePort: number, ourPort: number, hepPort: number): string[] {
  return [
    '-sn',
    'uac',
    `127.0.0.1:${remotePort}`,
    '-i',
    '127.0.0.1',
    '-p',
    String(ourPort),
    '-m',
    String(CALLS),
    '-r',
    '20',
    '-d',
    '50',
    '-hep_addr',
    `127.0.0.1:${hepPort}`,
    '-hep_capture_id',
    '2001',
    '-hep_password',
    'secret',
    '-nostdin',
    '-bg',
  ];
}

const startLine = (b: Buffer): string => b.toString('latin1', 0, b.indexOf('\r\n'));
const callIdOf = (b: Buffer): string => /\r\nCall-ID:\s*(\S+)/i.exec(b.toString('latin1'))![1];

/** Start lines of one call's messages, in the order the collector got them, by direction. */
function flows(packets: DecodedHep[], ourPort: number): Map<string, string[]> {
  const byCall = new Map<string, string[]>();
  for (const p of packets) {
    const id = callIdOf(p.payload);
    const line = (p.srcPort === ourPort ? '> ' : '< ') + startLine(p.payload).slice(0, 14);
    byCall.set(id, [...(byCall.get(id) ?? []), line]);
  }
  return byCall;
}

describe('HEP mirroring against SIPp', { skip: sippRequirement() }, () => {
  it('UDP: every datagram on the wire reaches the collector once, as sent', async () => {
    const sippPort = await freeUdpPort();
    const ourPort = await freeUdpPort();
    const wire = { toServer: [] as Buffer[], toClient: [] as Buffer[] };
    const relay = await startUdpRelay(sippPort, [], '127.0.0.1', (msg, direction) =>
      wire[direction].push(Buffer.from(msg)),
    );
    const collector = await startHepCollector();
    let sipp: Peer | undefined;
    try {
      sipp = sippUas(sippPort, 'u1');
      await waitForUdpListener(sippPort, sipp);
      const io = fakeIo();
      const startSec = Date.now() / 1000;
      const code = await main(uacArgs(relay.port, ourPort, collector.port), io);
      const endSec = Date.now() / 1000;
      assert.equal(code, 0, io.err());
      const total = wire.toServer.length + wire.toClient.length;
      await collector.waitFor(total);
      assert.match(
        io.err(),
        new RegExp(`HEP: ${total} packets sent to 127\\.0\\.0\\.1:\\d+, 0 not`),
      );
      assert.equal(collector.packets.length, total, 'one packet per datagram, no extra');
      const sent = collector.packets.filter((p) => p.srcPort === ourPort);
      const received = collector.packets.filter((p) => p.dstPort === ourPort);
      assert.equal(sent.length + received.length, total);
      for (const p of collector.packets) {
        assert.equal(p.protocolType, 1, 'SIP');
        assert.equal(p.family, 2);
        assert.equal(p.ipProtocol, 17);
        assert.equal(p.srcIp, '127.0.0.1');
        assert.equal(p.dstIp, '127.0.0.1');
        assert.equal(p.captureId, 2001);
        assert.equal(p.authKey, 'secret');
        assert.ok(p.chunks.every((c) => c.vendor === 0));
        const t = p.timeSec + p.timeUsec / 1e6;
        assert.ok(t >= startSec - 0.001 && t <= endSec + 0.001, `time ${t} in the run`);
        assert.equal(p.srcPort === ourPort ? p.dstPort : p.srcPort, relay.port);
      }
      const hex = (list: Buffer[]): string[] => list.map((b) => b.toString('hex')).sort();
      assert.deepEqual(hex(sent.map((p) => p.payload)), hex(wire.toServer), 'sent, byte for byte');
      assert.deepEqual(
        hex(received.map((p) => p.payload)),
        hex(wire.toClient),
        'received, byte for byte',
      );
      const calls = flows(collector.packets, ourPort);
      assert.equal(calls.size, CALLS);
      for (const [id, lines] of calls) {
        for (const want of ['> INVITE sip:', '< SIP/2.0 180 R', '> ACK sip:', '> BYE sip:']) {
          assert.equal(lines.filter((l) => l.startsWith(want)).length, 1, `${id}: ${want}`);
        }
        assert.equal(lines.filter((l) => l.startsWith('< SIP/2.0 200')).length, 2, id);
      }
    } finally {
      killRunning([sipp]);
      await relay.close();
      await collector.close();
    }
  });

  it('a collector nobody listens on: calls all succeed, failed sends counted in the summary', async () => {
    const sippPort = await freeUdpPort();
    const deadPort = await freeUdpPort();
    const summaryFile = path.join(mkdtempSync(path.join(tmpdir(), 'hep-')), 'summary.json');
    let sipp: Peer | undefined;
    try {
      sipp = sippUas(sippPort, 'u1');
      await waitForUdpListener(sippPort, sipp);
      const io = fakeIo();
      const args = [
        ...uacArgs(sippPort, await freeUdpPort(), deadPort),
        '-summary_json',
        summaryFile,
      ];
      assert.equal(await main(args, io), 0, io.err());
      const m =
        /HEP: (\d+) packets sent to .*, (\d+) not sent \((\d+) dropped.*; (\d+) send errors\)/.exec(
          io.err(),
        );
      assert.ok(m, io.err());
      assert.ok(Number(m[4]) > 0, 'ICMP port unreachable came back as send errors');
      const summary = summarySchema.parse(JSON.parse(readFileSync(summaryFile, 'utf8')));
      assert.equal(summary.success_calls, CALLS);
      assert.equal(summary.generator.hep_packets_sent, Number(m[1]));
      assert.equal(summary.generator.hep_packets_dropped, Number(m[3]));
      assert.equal(summary.generator.hep_send_errors, Number(m[4]));
      assert.equal(Number(m[1]) + Number(m[4]), 6 * CALLS, io.err() + io.out());
    } finally {
      killRunning([sipp]);
    }
  });

  it('TCP: every message of every call is mirrored with protocol 6 and the connection ports', async () => {
    const sippPort = await freeTcpPort();
    const collector = await startHepCollector();
    let sipp: Peer | undefined;
    try {
      sipp = sippUas(sippPort, 't1');
      await waitForTcpListener(sippPort, sipp);
      const io = fakeIo();
      const ourPort = await freeTcpPort();
      const args = [...uacArgs(sippPort, ourPort, collector.port), '-t', 't1'];
      assert.equal(await main(args, io), 0, io.err());
      // 3 sent (INVITE, ACK, BYE) and 3 received (180, 200, 200) per call over TCP.
      await collector.waitFor(6 * CALLS);
      assert.equal(collector.packets.length, 6 * CALLS);
      const ours = new Set<number>();
      for (const p of collector.packets) {
        assert.equal(p.ipProtocol, 6);
        assert.equal(p.captureId, 2001);
        const isSent = p.dstPort === sippPort;
        assert.ok(isSent || p.srcPort === sippPort, 'one end is SIPp');
        ours.add(isSent ? p.srcPort : p.dstPort);
      }
      assert.equal(ours.size, 1, 'one connection');
      const calls = flows(collector.packets, [...ours][0]);
      assert.equal(calls.size, CALLS);
      for (const lines of calls.values()) {
        assert.deepEqual(lines.map((l) => l.slice(0, 5)).sort(), [
          '< SIP',
          '< SIP',
          '< SIP',
          '> ACK',
          '> BYE',
          '> INV',
        ]);
      }
    } finally {
      killRunning([sipp]);
      await collector.close();
    }
  });
});
