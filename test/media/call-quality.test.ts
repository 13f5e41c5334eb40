import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtpReceiveStats } from '../../src/media/rtp-receive-stats.ts';
import { mosFromR, rFactorG711 } from '../../src/media/call-quality.ts';
import { rtpPacket } from '../peers/capture-writer.ts';

const PAYLOAD = Buffer.alloc(160);

/** Packets by sequence number; each timestamp is where its number says (from the first). */
function feed(stats: RtpReceiveStats, seqs: number[], arrival: (i: number) => number): void {
  const first = seqs[0];
  seqs.forEach((seq, i) => {
    const ts = ((seq - first + 65536) % 65536) * 160;
    stats.onPacket(rtpPacket(0, seq, ts, 0x1234, PAYLOAD), arrival(i));
  });
}

test('a perfect 20 ms stream: nothing lost, no jitter', () => {
  const s = new RtpReceiveStats();
  const seqs = Array.from({ length: 100 }, (_, i) => 65500 + i); // wraps past 65535
  feed(
    s,
    seqs.map((x) => x & 0xffff),
    (i) => 1000 + i * 20,
  );
  assert.equal(s.received, 100);
  assert.equal(s.expected, 100);
  assert.equal(s.lost, 0);
  assert.equal(s.reordered, 0);
  assert.ok(s.jitterMs < 1e-9);
});

test('loss, reordering and duplicates are told apart', () => {
  const s = new RtpReceiveStats();
  // 10 sent; 3 and 7 lost, 5 arrives after 6, 8 twice.
  feed(s, [0, 1, 2, 4, 6, 5, 8, 8, 9], (i) => i * 20);
  assert.equal(s.expected, 10);
  assert.equal(s.received, 8);
  assert.equal(s.lost, 2);
  assert.equal(s.reordered, 1);
  assert.equal(s.duplicates, 1);
});

test('jitter follows RFC 3550: alternating 10 ms early/late arrivals converge near 10 ms', () => {
  const s = new RtpReceiveStats();
  feed(
    s,
    Array.from({ length: 400 }, (_, i) => i),
    (i) => i * 20 + (i % 2 === 0 ? 0 : 10),
  );
  assert.ok(Math.abs(s.jitterMs - 10) < 0.5, `jitter ${s.jitterMs}`);
});

test('E-model for G.711: about 4.4 without loss, falling with loss and jitter', () => {
  const clean = mosFromR(rFactorG711(0, 0));
  assert.ok(clean > 4.35 && clean < 4.45, String(clean));
  const lossy = mosFromR(rFactorG711(0.05, 0));
  // 5% random loss: Ie,eff = 95 · 5 / 30.1 = 15.8, R = 76.9, MOS 3.90.
  assert.ok(lossy < 4.0 && lossy > 3.8, String(lossy));
  assert.ok(mosFromR(rFactorG711(0, 100)) < clean);
  assert.equal(mosFromR(0), 1);
  assert.equal(mosFromR(120), 4.5);
});
