// The scheduler's lead (stream-scheduler.ts): paced streams fire `leadMs` before their packets
// are due and hand each packet over with its own due time; checks and reports keep their time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamScheduler } from '../../src/media/index.ts';
import type { ScheduledStream } from '../../src/media/index.ts';
import { FileStream, parseStreamArgs } from '../../src/media/file-stream.ts';
import { DtmfSender, parseSendDtmf } from '../../src/media/rfc4733-dtmf.ts';

class Out {
  readonly sent: Array<{ seq: number; ts: number; dueMs: number; atMs: number }> = [];
  nowMs = 0;
  send(_diff: number, payload: Buffer, dueMs: number): boolean {
    this.sent.push({
      seq: payload.readUInt16BE(2),
      ts: payload.readUInt32BE(4),
      dueMs,
      atMs: this.nowMs,
    });
    return true;
  }
}

test('a paced stream fires its lead early with exact due times; an unpaced one fires on time', () => {
  const s = new StreamScheduler(20);
  const out = new Out();
  const stream = new FileStream(
    Buffer.alloc(800, 1),
    parseStreamArgs('t.raw,1,8', 0),
    out,
    5.25,
    () => 0.5,
    false,
  );
  const checkFiredAt: number[] = [];
  const check: ScheduledStream = {
    dueMs: 30,
    heapAt: -1,
    fire: (now) => {
      checkFiredAt.push(now);
      return -1;
    },
  };
  s.add(stream);
  s.add(check);
  // The first tick hands over what is due within the lead (5.25), and the next fires when
  // 25.25 comes within it.
  out.nowMs = 0;
  assert.equal(s.tick(0), 5.25, 'the next packet, due at 25.25, fires its lead early');
  assert.deepEqual(
    out.sent.map((p) => [p.dueMs, p.atMs]),
    [[5.25, 0]],
  );
  for (let t = 1; t <= 100; t++) {
    out.nowMs = t;
    s.tick(t);
  }
  // Five 20 ms frames of 800 bytes, each due 20 ms after the last, each made 20 ms ahead.
  assert.deepEqual(
    out.sent.map((p) => p.dueMs),
    [5.25, 25.25, 45.25, 65.25, 85.25],
  );
  for (const p of out.sent.slice(1)) assert.ok(p.dueMs - p.atMs > 19 && p.dueMs - p.atMs <= 20);
  assert.deepEqual(checkFiredAt, [30], 'the check fired at its own time, with no lead');
});

test('DTMF events carry their due time, and their timestamp is that of their due time', () => {
  const s = new StreamScheduler(20);
  const out = new Out();
  const identity = {
    ssrc: 1,
    clockRate: 8000,
    seq: 0,
    takeSeq() {
      return this.seq++;
    },
    timestampAt: (ms: number) => Math.round(ms * 8),
  };
  const dtmf = new DtmfSender(parseSendDtmf('1'), 101, identity, out, 10);
  s.add(dtmf);
  for (let t = 0; t <= 400; t++) {
    out.nowMs = t;
    s.tick(t);
  }
  assert.ok(out.sent.length > 3);
  assert.equal(out.sent[0].dueMs, 10);
  assert.ok(out.sent.every((p) => p.dueMs - p.atMs <= 20 && p.dueMs >= p.atMs));
  // RFC 4733 §2.5.1.1: every packet of the event has the timestamp of its start, 10 ms * 8.
  assert.ok(out.sent.every((p) => p.ts === 80));
  assert.deepEqual(
    out.sent.map((p) => p.seq),
    out.sent.map((_, i) => i),
  );
});
