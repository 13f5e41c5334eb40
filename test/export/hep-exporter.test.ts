/**
 * The exporter's queue: bounded, flushed once per loop turn, dropping (and counting) what does
 * not fit instead of waiting; an unresolvable collector is a usage error naming -hep_addr.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HepExporter, HepProtocol, IP_PROTO_UDP } from '../../src/export/index.ts';
import type { HepPacket } from '../../src/export/index.ts';
import { startHepCollector } from '../peers/hep-collector.ts';

function packet(n: number): HepPacket {
  return {
    protocolType: HepProtocol.Sip,
    ipProtocol: IP_PROTO_UDP,
    srcIp: '127.0.0.1',
    srcPort: 5060,
    dstIp: '127.0.0.1',
    dstPort: 5061,
    timeMs: Date.now(),
    captureId: 1,
    authKey: null,
    correlationId: null,
    payload: Buffer.from(`OPTIONS sip:${n}@x SIP/2.0\r\n\r\n`),
  };
}

describe('HepExporter', () => {
  it('a full queue drops and counts the overflow; the rest arrives', async () => {
    const collector = await startHepCollector();
    try {
      const exporter = await HepExporter.open(
        { host: '127.0.0.1', port: collector.port },
        { maxQueued: 3 },
      );
      for (let i = 0; i < 5; i++) exporter.export(packet(i));
      assert.deepEqual(exporter.snapshot(), { sent: 0, dropped: 2, sendErrors: 0 });
      // The next turn sends the queue; the queue takes packets again after it.
      await new Promise((r) => setImmediate(r));
      exporter.export(packet(5));
      const counts = await exporter.close();
      assert.deepEqual(counts, { sent: 4, dropped: 2, sendErrors: 0 });
      await collector.waitFor(4);
      const sent = collector.packets.map((p) => p.payload.toString().split(' ')[1]);
      assert.deepEqual(sent, ['sip:0@x', 'sip:1@x', 'sip:2@x', 'sip:5@x']);
      exporter.export(packet(6));
      assert.equal(exporter.snapshot().dropped, 3, 'after close, packets are dropped');
    } finally {
      await collector.close();
    }
  });

  it('too many sends in flight: the rest of the flush is dropped, not queued', async () => {
    const collector = await startHepCollector();
    try {
      const exporter = await HepExporter.open(
        { host: '127.0.0.1', port: collector.port },
        { maxInFlight: 2 },
      );
      for (let i = 0; i < 5; i++) exporter.export(packet(i));
      await new Promise((r) => setImmediate(r));
      const counts = await exporter.close();
      assert.equal(counts.dropped, 3);
      assert.equal(counts.sent, 2);
    } finally {
      await collector.close();
    }
  });

  it('an unresolvable collector is a usage error naming -hep_addr', async () => {
    await assert.rejects(
      HepExporter.open({ host: 'nosuchhost.invalid', port: 9060 }),
      (err: Error & { code?: string }) =>
        err.code === 'FLAG_VALUE' &&
        /^-hep_addr: cannot resolve "nosuchhost\.invalid"/.test(err.message),
    );
  });
});
