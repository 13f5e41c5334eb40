/**
 * -hep_addr with -threads 2 against real SIPp: each shard mirrors its own calls on its own
 * exporter socket, the collector gets every message of every call exactly once, and the
 * summary's generator.hep_* figures are the shards' counts added up.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { startHepCollector } from '../peers/hep-collector.ts';
import {
  freeUdpPort,
  killRunning,
  sippRequirement,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { summarySchema } from '../stats/summary-schema.ts';

const CALLS = 20;
/** What our UAC sends (>) and gets (<) in one call with `sipp -sn uas`. */
const CALL_FLOW = ['< SIP/2.0 180', '< SIP/2.0 200', '< SIP/2.0 200', '> ACK', '> BYE', '> INVITE'];

const startLine = (b: Buffer): string => b.toString('latin1', 0, b.indexOf('\r\n'));
const callIdOf = (b: Buffer): string => /\r\nCall-ID:\s*(\S+)/i.exec(b.toString('latin1'))![1];

describe('HEP mirroring with -threads 2', { skip: sippRequirement() }, () => {
  it('every message of every call reaches the collector once; the counts add up', async () => {
    const sippPort = await freeUdpPort();
    const collector = await startHepCollector();
    const summaryFile = path.join(mkdtempSync(path.join(tmpdir(), 'hep-threads-')), 's.json');
    let sipp: Peer | undefined;
    try {
      sipp = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sippPort), '-nostdin']);
      await waitForUdpListener(sippPort, sipp);
      const io = fakeIo();
      const args = [
        '-sn',
        'uac',
        `127.0.0.1:${sippPort}`,
        '-i',
        '127.0.0.1',
        '-p',
        '0',
        '-threads',
        '2',
        '-m',
        String(CALLS),
        '-r',
        '40',
        '-hep_addr',
        `127.0.0.1:${collector.port}`,
        '-hep_capture_id',
        '77',
        '-summary_json',
        summaryFile,
        '-nostdin',
        '-bg',
      ];
      assert.equal(await main(args, io), 0, io.err());
      const total = CALLS * CALL_FLOW.length;
      await collector.waitFor(total);
      assert.equal(collector.packets.length, total, 'nothing twice, nothing extra');
      const byCall = new Map<string, string[]>();
      const ourPorts = new Set<number>();
      for (const p of collector.packets) {
        assert.equal(p.protocolType, 1, 'SIP');
        assert.equal(p.captureId, 77);
        const isSent = p.dstPort === sippPort;
        assert.ok(isSent || p.srcPort === sippPort, 'one end is SIPp');
        ourPorts.add(isSent ? p.srcPort : p.dstPort);
        const line = (isSent ? '> ' : '< ') + startLine(p.payload);
        const id = callIdOf(p.payload);
        byCall.set(id, [...(byCall.get(id) ?? []), line]);
      }
      assert.equal(ourPorts.size, 2, 'both shards mirrored their calls');
      assert.equal(byCall.size, CALLS);
      for (const [id, lines] of byCall) {
        const shape = lines.map((l) => CALL_FLOW.find((f) => l.startsWith(f)) ?? l).sort();
        assert.deepEqual(shape, CALL_FLOW, id);
      }
      assert.match(
        io.err(),
        new RegExp(`HEP: ${total} packets sent to 127\\.0\\.0\\.1:\\d+, 0 not`),
      );
      const summary = summarySchema.parse(JSON.parse(readFileSync(summaryFile, 'utf8')));
      assert.equal(summary.success_calls, CALLS);
      assert.equal(summary.generator.hep_packets_sent, total);
      assert.equal(summary.generator.hep_packets_dropped, 0);
      assert.equal(summary.generator.hep_send_errors, 0);
    } finally {
      killRunning([sipp]);
      await collector.close();
    }
  });
});
