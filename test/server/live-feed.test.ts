// The live feed's rules on fake clients: one serialization per period for all, a first frame at
// once, a client that stops reading dropped once its backlog passes the bound, a closed one
// forgotten, and no timer left once nobody listens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveFeed } from '../../src/server/index.ts';
import type { LiveClient } from '../../src/server/index.ts';

class FakeClient implements LiveClient {
  bufferedAmount = 0;
  sent: string[] = [];
  terminated = false;
  /** A client that never reads: everything sent stays buffered. */
  constructor(private readonly isReading = true) {}
  private listeners: Record<string, Array<() => void>> = {};
  send(text: string): void {
    this.sent.push(text);
    if (!this.isReading) this.bufferedAmount += text.length;
  }
  terminate(): void {
    this.terminated = true;
    this.emit('close');
  }
  on(event: 'close' | 'error', listener: () => void): this {
    (this.listeners[event] ??= []).push(listener);
    return this;
  }
  emit(event: string): void {
    for (const l of this.listeners[event] ?? []) l();
  }
}

function feed(maxBufferedBytes: number) {
  let n = 0;
  let built = 0;
  const dropped: number[] = [];
  const live = new LiveFeed({
    frame: () => {
      built++;
      return { stats: { total_calls: ++n } };
    },
    nowMs: () => 1000 + n,
    intervalMs: 3_600_000,
    maxBufferedBytes,
    onDropped: (bytes) => dropped.push(bytes),
  });
  return { live, dropped, built: () => built };
}

test('every client gets the same frame each period; the first one at once', () => {
  const { live, built } = feed(1 << 20);
  const a = new FakeClient();
  const b = new FakeClient();
  live.add(a);
  live.add(b);
  assert.equal(a.sent.length, 1);
  const before = built();
  live.tick();
  live.tick();
  assert.equal(built() - before, 2, 'one frame built per period, not per client');
  assert.equal(a.sent.at(-1), b.sent.at(-1));
  const frames = a.sent.map((t) => JSON.parse(t) as { ts: number; stats: { total_calls: number } });
  assert.deepEqual(
    frames.map((f) => f.stats.total_calls),
    [1, 3, 4],
  );
  assert.ok(frames.every((f, i) => i === 0 || f.ts > frames[i - 1].ts));
  live.closeAll();
});

test('a client that never reads is dropped once its backlog passes the bound', () => {
  const { live, dropped } = feed(100);
  const reader = new FakeClient();
  const stuck = new FakeClient(false);
  live.add(reader);
  live.add(stuck);
  for (let i = 0; i < 50; i++) live.tick();
  assert.equal(stuck.terminated, true);
  assert.ok(stuck.sent.length < 10, `sent ${stuck.sent.length} frames to a stuck client`);
  assert.ok(stuck.bufferedAmount < 100 + 200, 'backlog bounded');
  assert.equal(dropped.length, 1);
  assert.equal(reader.terminated, false);
  assert.equal(reader.sent.length, 51);
  assert.equal(live.size, 1);
  live.closeAll();
});

test('a closed client is forgotten; with none left, nothing is built', () => {
  const { live, built } = feed(1 << 20);
  const a = new FakeClient();
  live.add(a);
  a.emit('close');
  assert.equal(live.size, 0);
  const before = built();
  live.tick();
  assert.equal(built(), before);
});
