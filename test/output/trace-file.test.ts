import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceFile } from '../../src/output/index.ts';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'gossipper-trace-file-'));
}

/** A manual flush timer: fire() runs what is scheduled. */
function manualTimer() {
  let pending: (() => void) | undefined;
  return {
    schedule: (fn: () => void) => {
      pending = fn;
      return () => {
        pending = undefined;
      };
    },
    fire: () => pending?.(),
  };
}

test('nothing reaches the file before the flush timer; the timer writes it all', () => {
  const d = dir();
  const timer = manualTimer();
  const f = new TraceFile({ path: join(d, 'a.log'), schedule: timer.schedule });
  assert.equal(readFileSync(join(d, 'a.log'), 'latin1'), '', 'created empty at open');
  f.write('one\n');
  f.write('two\n');
  assert.equal(readFileSync(join(d, 'a.log'), 'latin1'), '');
  timer.fire();
  assert.equal(readFileSync(join(d, 'a.log'), 'latin1'), 'one\ntwo\n');
  f.write('three\n');
  f.close();
  assert.equal(readFileSync(join(d, 'a.log'), 'latin1'), 'one\ntwo\nthree\n', 'close flushes');
  f.write('late\n');
  assert.equal(readFileSync(join(d, 'a.log'), 'latin1'), 'one\ntwo\nthree\n');
});

test('a lazy file exists only once something was written', () => {
  const d = dir();
  const quiet = new TraceFile({ path: join(d, 'quiet.log'), lazy: true });
  quiet.close();
  assert.equal(existsSync(join(d, 'quiet.log')), false);
  const used = new TraceFile({ path: join(d, 'used.log'), lazy: true });
  used.write('x\n');
  used.close();
  assert.equal(readFileSync(join(d, 'used.log'), 'latin1'), 'x\n');
});

test('overwrite truncates, append keeps what was there', () => {
  const d = dir();
  writeFileSync(join(d, 't.log'), 'old\n');
  writeFileSync(join(d, 'a.log'), 'old\n');
  const t = new TraceFile({ path: join(d, 't.log') });
  const a = new TraceFile({ path: join(d, 'a.log'), append: true });
  t.write('new\n');
  a.write('new\n');
  t.close();
  a.close();
  assert.equal(readFileSync(join(d, 't.log'), 'latin1'), 'new\n');
  assert.equal(readFileSync(join(d, 'a.log'), 'latin1'), 'old\nnew\n');
});

test('latin1 text keeps every byte (a SIP body is not UTF-8)', () => {
  const d = dir();
  const f = new TraceFile({ path: join(d, 'b.log') });
  f.write(Buffer.from([0xe9, 0xff, 0x00, 0x41]).toString('latin1'));
  f.close();
  assert.deepEqual([...readFileSync(join(d, 'b.log'))], [0xe9, 0xff, 0x00, 0x41]);
});

test('-max_log_size: the entry that passes the size is the last one written', () => {
  const d = dir();
  const f = new TraceFile({ path: join(d, 'm.log'), maxBytes: 10 });
  for (const e of ['aaaa\n', 'bbbb\n', 'cccc\n', 'dddd\n']) f.write(e);
  f.close();
  assert.equal(readFileSync(join(d, 'm.log'), 'latin1'), 'aaaa\nbbbb\ncccc\n');
});

test('-ringbuffer_size/-ringbuffer_files: rotated names, only the newest copies kept', () => {
  const d = dir();
  let now = 1_700_000_000_000;
  const f = new TraceFile({
    path: join(d, 'x_1_messages.log'),
    rotateBytes: 6,
    keepRotated: 2,
    now: () => now,
  });
  for (const e of ['one...\n', 'two...\n', 'three.\n', 'four..\n']) {
    f.write(e);
    f.flush();
    now += 1000;
  }
  f.write('tail\n');
  f.close();
  assert.deepEqual(readdirSync(d).sort(), [
    'x_1_messages.log',
    'x_1_messages_1700000002.log',
    'x_1_messages_1700000003.log',
  ]);
  assert.equal(readFileSync(join(d, 'x_1_messages_1700000003.log'), 'latin1'), 'four..\n');
  assert.equal(readFileSync(join(d, 'x_1_messages.log'), 'latin1'), 'tail\n');
});

test('two rotations within a second get a serial', () => {
  const d = dir();
  const f = new TraceFile({ path: join(d, 'r.log'), rotateBytes: 1, now: () => 5000 });
  f.write('ab\n');
  f.write('cd\n');
  f.close();
  assert.deepEqual(readdirSync(d).sort(), ['r.log', 'r_5.1.log', 'r_5.log']);
});

test('a write failure is reported by close, naming the file', () => {
  const d = dir();
  const f = new TraceFile({ path: join(d, 'gone', 'f.log'), lazy: true });
  f.write('x\n');
  assert.throws(
    () => f.close(),
    (e: Error) => e.message.includes(join(d, 'gone', 'f.log')),
  );
});
