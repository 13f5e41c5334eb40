/**
 * The framer's buffer for an unfinished message (issue 12): charged to the run's budget while
 * held, given back when the message completes or the stream closes, grown by doubling, and
 * holding only the bytes of that one message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_STREAM_LIMITS, StreamFramer } from '../../src/transport/index.ts';
import { Reports, WatchedBudget } from './stream-recorder.ts';

interface Framed {
  f: StreamFramer;
  messages: string[];
  /** Whether each message was lent straight from the pushed chunk's memory. */
  isView: boolean[];
  reasons: string[];
}

function framed(budget: WatchedBudget, chunkMemory?: ArrayBufferLike): Framed {
  const out: Framed = {
    f: undefined as unknown as StreamFramer,
    messages: [],
    isView: [],
    reasons: [],
  };
  out.f = new StreamFramer(
    {
      onMessage: (m) => {
        out.messages.push(m.toString('latin1'));
        out.isView.push(m.buffer === chunkMemory);
      },
      onMalformed: (_raw, reason) => out.reasons.push(reason),
    },
    DEFAULT_STREAM_LIMITS,
    budget,
  );
  return out;
}

function request(callId: string, body = ''): string {
  return `INVITE sip:a@b SIP/2.0\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

test('whole messages never touch the budget; an unfinished one is charged until it completes', () => {
  const budget = new WatchedBudget(1 << 20, new Reports());
  const { f, messages } = framed(budget);
  f.push(latin1(request('a') + request('b', 'body')));
  assert.equal(budget.takenBytes, 0);
  const m = request('c', 'x'.repeat(500));
  f.push(latin1(m.slice(0, 300)));
  assert.equal(f.pendingBytes, 300);
  assert.equal(budget.usedBytes, 300);
  f.push(latin1(m.slice(300)));
  assert.deepEqual(messages, [request('a'), request('b', 'body'), m]);
  assert.equal(budget.usedBytes, 0);
  assert.equal(budget.heldBytes, 0);
});

test('close() drops the unfinished message, gives its bytes back and ends the stream', () => {
  const budget = new WatchedBudget(1 << 20, new Reports());
  const { f, messages } = framed(budget);
  f.push(latin1(request('a', 'x'.repeat(100)).slice(0, 80)));
  assert.ok(budget.usedBytes >= 80);
  f.close();
  assert.equal(budget.usedBytes, 0);
  assert.equal(f.pendingBytes, 0);
  assert.equal(f.isBroken, true);
  assert.equal(f.push(latin1(request('b'))), false);
  assert.deepEqual(messages, []);
});

test('framers sharing a budget: the one whose growth does not fit is refused, the others keep theirs', () => {
  const budget = new WatchedBudget(1000, new Reports());
  const a = framed(budget);
  const b = framed(budget);
  const big = request('a', 'x'.repeat(900));
  a.f.push(latin1(big.slice(0, 800)));
  assert.equal(b.f.push(latin1(request('b', 'y'.repeat(300)).slice(0, 250))), false);
  assert.deepEqual(b.reasons, [
    'all connections would hold more than -max_stream_buffer (1000 bytes)',
  ]);
  assert.equal(b.f.isBroken, true);
  assert.equal(budget.usedBytes, 800, 'b held nothing');
  // Doubling past 1000 would not fit: a grows only as far as its message needs (its end is known).
  assert.equal(a.f.push(latin1(big.slice(800))), true);
  assert.deepEqual(a.messages, [big]);
  assert.equal(budget.usedBytes, 0);
  assert.ok(budget.highestHeldBytes <= 1000);
});

test('a header sent one byte per read grows its buffer by doubling: linear, not a copy per byte', () => {
  const budget = new WatchedBudget(1 << 20, new Reports());
  const { f, messages } = framed(budget);
  const m = latin1(
    `OPTIONS sip:x SIP/2.0\r\nX-Pad: ${'p'.repeat(60_000)}\r\nContent-Length: 0\r\n\r\n`,
  );
  const bytes: Buffer[] = [];
  for (let i = 0; i < m.length; i++) bytes.push(m.subarray(i, i + 1));
  let growths = 0;
  let lastTaken = 0;
  // Every Buffer the framer makes (Buffer.concat too) comes from allocUnsafe.
  const allocUnsafe = Buffer.allocUnsafe;
  let allocatedBytes = 0;
  Buffer.allocUnsafe = (size: number): Buffer<ArrayBuffer> => {
    allocatedBytes += size;
    return allocUnsafe(size);
  };
  try {
    for (const byte of bytes) {
      f.push(byte);
      if (budget.takenBytes !== lastTaken) growths++;
      lastTaken = budget.takenBytes;
      if (f.pendingBytes > 0)
        assert.ok(
          budget.usedBytes <= 2 * f.pendingBytes,
          `${budget.usedBytes} held for ${f.pendingBytes}`,
        );
    }
  } finally {
    Buffer.allocUnsafe = allocUnsafe;
  }
  assert.deepEqual(messages, [m.toString('latin1')]);
  assert.ok(
    allocatedBytes < 4 * m.length,
    `${allocatedBytes} bytes allocated for a ${m.length}-byte message`,
  );
  assert.ok(
    growths >= 1 && growths <= Math.ceil(Math.log2(m.length)) + 1,
    `${growths} growths for ${m.length} bytes`,
  );
  assert.equal(budget.usedBytes, 0);
});

test('only the held message is copied: what follows it in the chunk is lent from the chunk', () => {
  const budget = new WatchedBudget(1 << 20, new Reports());
  const memory = Buffer.alloc(64 * 1024);
  const { f, messages, isView } = framed(budget, memory.buffer);
  const first = request('first', 'b'.repeat(200));
  const rest = Array.from({ length: 50 }, (_, i) => request(`m${i}`, 'z'.repeat(500)));
  f.push(memory.subarray(0, memory.write(first.slice(0, 60), 'latin1')));
  f.push(memory.subarray(0, memory.write(first.slice(60) + rest.join(''), 'latin1')));
  assert.deepEqual(messages, [first, ...rest]);
  assert.deepEqual(isView, [false, ...rest.map(() => true)]);
  assert.ok(
    budget.highestHeldBytes <= first.length,
    `held at most ${budget.highestHeldBytes} bytes`,
  );
  // Headers still arriving: only up to the blank line is taken from the next chunk.
  f.push(memory.subarray(0, memory.write(first.slice(0, 30), 'latin1')));
  f.push(memory.subarray(0, memory.write(first.slice(30) + rest.join(''), 'latin1')));
  assert.equal(messages.length, 102);
  assert.ok(budget.highestHeldBytes <= first.length);
  assert.equal(budget.usedBytes, 0);
});

test('property: under any chunking the budget holds between the pending bytes and twice that, and ends at 0', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.string({ maxLength: 3000 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')),
        { minLength: 1, maxLength: 8 },
      ),
      fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 40 }),
      (bodies, cuts) => {
        const texts = bodies.map((body, i) => request(`c${i}`, body));
        const stream = latin1(texts.join('\r\n'));
        const budget = new WatchedBudget(1 << 20, new Reports());
        const { f, messages } = framed(budget);
        let pos = 0;
        for (let i = 0; pos < stream.length; i++) {
          const size = cuts[i % cuts.length];
          assert.equal(f.push(stream.subarray(pos, pos + size)), true);
          pos += size;
          assert.ok(budget.usedBytes >= f.pendingBytes && budget.usedBytes <= 2 * f.pendingBytes);
        }
        assert.deepEqual(messages, texts);
        assert.equal(budget.usedBytes, 0);
        assert.equal(budget.heldBytes, 0);
      },
    ),
    { numRuns: 300 },
  );
});
