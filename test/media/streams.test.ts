import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamScheduler } from '../../src/media/index.ts';
import type { ScheduledStream } from '../../src/media/index.ts';
import { CapturePlayback, prepareCapture } from '../../src/media/capture-playback.ts';
import { FileStream, parseStreamArgs } from '../../src/media/file-stream.ts';
import { readUdpDatagrams } from '../../src/pcap/index.ts';
import { LINK, g711Capture, pcapFile, type TestPacket } from '../peers/capture-writer.ts';

class Out {
  readonly sent: Array<{ diff: number; bytes: Buffer; atMs: number }> = [];
  nowMs = 0;
  send(diff: number, payload: Buffer): boolean {
    this.sent.push({ diff, bytes: Buffer.from(payload), atMs: this.nowMs });
    return true;
  }
}

function drive(s: StreamScheduler, out: Out, untilMs: number): void {
  for (let t = 0; t <= untilMs; t++) {
    out.nowMs = t;
    s.tick(t);
  }
}

test('the scheduler fires streams in due order and drops the ones that end or are removed', () => {
  const s = new StreamScheduler();
  const fired: string[] = [];
  const make = (name: string, dueMs: number, periodMs: number, times: number): ScheduledStream => {
    let left = times;
    return {
      dueMs,
      heapAt: -1,
      fire: (now) => {
        fired.push(`${name}@${now}`);
        return --left > 0 ? now + periodMs : -1;
      },
    };
  };
  const a = make('a', 5, 10, 3);
  const b = make('b', 1, 20, 2);
  const c = make('c', 2, 1, 100);
  s.add(a);
  s.add(b);
  s.add(c);
  assert.equal(s.tick(0), 1);
  s.tick(2);
  s.remove(c);
  for (let t = 3; t <= 40; t++) s.tick(t);
  assert.deepEqual(fired, ['b@2', 'c@2', 'a@5', 'a@15', 'b@22', 'a@25']);
  assert.equal(s.size, 0);
  assert.equal(s.tick(41), Infinity);
});

test('pcap playback keeps capture timing and maps ports from the capture base, as SIPp', () => {
  const rtp = g711Capture(5, 8, 20000);
  const rtcp: TestPacket = {
    ...rtp[2],
    dstPort: 20001,
    timeUs: rtp[2].timeUs + 5000,
    payload: Buffer.from([0x80, 200, 0, 6]),
  };
  // Out of order in the file: a packet stamped before the previous one leaves with it.
  const early: TestPacket = { ...rtp[4], timeUs: rtp[0].timeUs };
  const capture = prepareCapture(
    'x.pcap',
    readUdpDatagrams(pcapFile(LINK.ETHERNET, [...rtp.slice(0, 3), rtcp, rtp[3], early]), 'x.pcap'),
  );
  assert.deepEqual([...capture.portDiff], [0, 0, 0, 1, 0, 0]);
  assert.deepEqual([...capture.atMs], [0, 20, 40, 45, 60, 60]);
  const out = new Out();
  const s = new StreamScheduler();
  s.add(new CapturePlayback(capture, out, 0));
  drive(s, out, 100);
  assert.deepEqual(
    out.sent.map((p) => [p.diff, p.atMs]),
    [
      [0, 0],
      [0, 20],
      [0, 40],
      [1, 45],
      [0, 60],
      [0, 60],
    ],
  );
  // Payloads as captured: SSRC, sequence and timestamp untouched.
  assert.equal(out.sent[1].bytes.readUInt16BE(2), 1001);
  assert.equal(out.sent[1].bytes.readUInt32BE(8), 0x11223344);
  assert.equal(s.size, 0);
});

test('rtp_stream: 20 ms frames, seq +1, timestamp +160, marker on the first, loops, pause/resume', () => {
  const audio = Buffer.alloc(400, 7); // 2.5 frames: the last one padded with A-law silence
  const args = parseStreamArgs('tone.raw,2,8', 0);
  const out = new Out();
  const s = new StreamScheduler();
  let r = 0;
  const random = () => [0.5, 0.25, 0.75][r++ % 3];
  const stream = new FileStream(audio, args, out, 0, random, false);
  s.add(stream);
  drive(s, out, 200);
  assert.equal(out.sent.length, 6, 'two loops of three frames');
  assert.deepEqual(
    out.sent.map((p) => p.atMs),
    [0, 20, 40, 60, 80, 100],
  );
  const first = out.sent[0].bytes;
  assert.equal(first[1], 0x80 | 8, 'marker and PT 8');
  assert.equal(first.readUInt16BE(2), 32768);
  assert.equal(out.sent[1].bytes[1], 8);
  assert.equal(out.sent[1].bytes.readUInt16BE(2), 32769);
  assert.equal(out.sent[1].bytes.readUInt32BE(4) - first.readUInt32BE(4), 160);
  assert.equal(out.sent[1].bytes.readUInt32BE(8), first.readUInt32BE(8), 'one SSRC');
  assert.equal(out.sent[2].bytes.length, 172);
  assert.equal(out.sent[2].bytes[12 + 79], 7);
  assert.equal(out.sent[2].bytes[12 + 80], 0xd5, 'padded with A-law silence');

  const forever = new FileStream(audio, parseStreamArgs('tone.raw,-1', 0), out, 0, random, true);
  out.sent.length = 0;
  s.add(forever);
  drive(s, out, 99);
  assert.equal(out.sent.length, 5);
  forever.pause();
  s.remove(forever);
  for (let t = 100; t < 200; t++) s.tick(t);
  assert.equal(out.sent.length, 5, 'nothing while paused');
  forever.resume(200);
  s.add(forever);
  out.nowMs = 200;
  s.tick(200);
  assert.equal(out.sent.length, 6);
  assert.equal(out.sent[5].bytes[1], 0x80, 'marker after resume, PT 0 (the default)');
});

test('rtp_stream arguments that do not parse are named', () => {
  assert.throws(() => parseStreamArgs('a.wav,0', 8), /expected file\[,loops/);
  assert.throws(() => parseStreamArgs('a.wav,1,77', 8), /payload type 77/);
  assert.throws(() => parseStreamArgs(',1', 8), /expected file/);
  assert.deepEqual(parseStreamArgs('a.wav', 18), { file: 'a.wav', loops: 1, payloadType: 18 });
});
