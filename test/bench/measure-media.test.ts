/** The media bench's pieces: the receiver's tally, a step's verdict, the climb, its files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { climb, freeMediaBase, judgeStep, type StepResult } from '../../bench/measure-media.ts';
import { writeMediaFiles } from '../../bench/media-scenarios.ts';
import { JitterTally } from '../../bench/rtp-jitter-tally.ts';
import { readUdpDatagrams } from '../../src/pcap/index.ts';

test('the tally: spacing against 20 ms per stream, gaps as loss, late packets as reordered', () => {
  const t = new JitterTally(20);
  // Stream a: perfect. Stream b: every 10th packet 3 ms late, one lost, one out of order.
  for (let i = 0; i < 100; i++) t.onPacket('1/a', i, 1000 + 20 * i);
  for (let i = 0; i < 100; i++) {
    if (i === 50) continue;
    t.onPacket('2/b', (65500 + i) % 65536, 1005 + 20 * i + (i % 10 === 0 ? 3 : 0));
  }
  t.onPacket('2/b', (65500 + 50) % 65536, 3000);
  const f = t.figures();
  assert.equal(f.streams, 2);
  assert.equal(f.lost, 1, 'the gap at 50 (then it came late: reordered, not lost twice)');
  assert.equal(f.reordered, 1);
  assert.equal(f.packets, 99 + 98);
  assert.equal(f.p50Us, 10, 'most pairs keep 20 ms to the 10 µs bucket');
  assert.ok(f.p99Us > 2900 && f.p99Us <= 3010, `p99 ${f.p99Us}`);
  assert.ok(Math.abs(f.maxUs - 3000) < 1e-6);
  assert.equal(t.activeStreams(3000, 10), 1, 'only b was heard in the last 10 ms');
  t.reset();
  assert.equal(t.figures().packets, 0);
  t.onPacket('1/a', 100, 1000 + 20 * 100);
  assert.equal(t.figures().packets, 1, 'a stream goes on across a window start');
});

test('a step is met with every stream heard, nothing lost and p99 under 1 ms', () => {
  const f = { streams: 100, packets: 5000, lost: 0, reordered: 0, p50Us: 20, p99Us: 990, maxUs: 5 };
  assert.equal(judgeStep(100, f).met, true);
  assert.deepEqual(judgeStep(100, { ...f, p99Us: 1000 }), {
    met: false,
    isBroken: false,
    why: 'p99 1000 µs',
  });
  assert.equal(judgeStep(100, { ...f, lost: 1 }).isBroken, true);
  assert.match(judgeStep(200, f).why, /100 of 200 streams/);
});

test('the climb goes on past a timing miss, stops at a broken step or the budget', async () => {
  let clock = 0;
  const tried: number[] = [];
  const step = async (limit: number, streams: number): Promise<StepResult> => {
    tried.push(streams);
    clock += 10_000;
    // Over the limit: missed on timing; from 400 on, broken (packets lost).
    return { streams, met: streams <= limit, isBroken: streams >= 400, why: '' };
  };
  const r = await climb(
    [50, 100, 200, 400, 800],
    1e9,
    () => 10_000,
    (n) => step(100, n),
    () => clock,
  );
  assert.deepEqual(
    r.map((x) => [x.streams, x.met]),
    [
      [50, true],
      [100, true],
      [200, false],
      [400, false],
    ],
  );
  tried.length = 0;
  clock = 0;
  await climb(
    [50, 100, 200, 400],
    25_000,
    () => 10_000,
    (n) => step(1e9, n),
    () => clock,
  );
  assert.deepEqual(tried, [50, 100], 'a third step would end past 25 s');
});

test('the bench files: the UAS names the receiver, the capture lasts the call', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-media-bench-test-'));
  const files = writeMediaFiles(dir, 'play_pcap_audio', 43210, 2000);
  assert.match(readFileSync(files.uas, 'latin1'), /m=audio 43210 RTP\/AVP 8/);
  const uac = readFileSync(files.uac, 'latin1');
  assert.match(uac, /play_pcap_audio="stream.pcap"/);
  assert.match(uac, /m=audio \[auto_media_port\]/);
  assert.match(uac, /<pause milliseconds="2000"\/>/);
  const packets = readUdpDatagrams(readFileSync(path.join(dir, 'stream.pcap')), 'stream.pcap');
  assert.equal(packets.length, 2000 / 20 + 50);
  assert.equal(packets[1].timeUs - packets[0].timeUs, 20_000);
  const stream = writeMediaFiles(dir, 'rtp_stream', 1, 1000);
  assert.match(readFileSync(stream.uac, 'latin1'), /rtp_stream="tone.alaw,-1,8"[\s\S]*/);
});

test('the media base: the first whose ports for every call are free', () => {
  assert.equal(freeMediaBase(800, new Set()), 20000);
  // A port of call 334's block taken (seen on the shared machine): the next base.
  assert.equal(freeMediaBase(800, new Set([21332])), 40000);
  assert.equal(freeMediaBase(10, new Set([21332])), 20000, 'a small step does not reach it');
  assert.equal(freeMediaBase(800, new Set([20000, 40001, 50002, 30003, 10004])), 20000);
});
