process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorLog, fileErrorLogTarget, type ErrorLogTarget } from '../../src/output/index.ts';

/** A fake clock at the sample's first error, and a manual timer. */
function harness(targetOverride?: ErrorLogTarget) {
  let nowMs = 1795956803657.156;
  const writes: string[] = [];
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const log = new ErrorLog({
    target: targetOverride ?? {
      write: (t) => {
        writes.push(t);
      },
    },
    now: () => nowMs,
    schedule(fn, ms) {
      const timer = { fn, ms, cancelled: false };
      pending.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  const fire = () => {
    const due = pending.splice(0).filter((t) => !t.cancelled);
    for (const t of due) t.fn();
  };
  return {
    log,
    writes,
    pending,
    fire,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

test("entries use SIPp's header and timestamp format, one write per flush", async () => {
  const h = harness();
  h.log.error("Aborting call on unexpected message for Call-Id '1-28159@127.0.0.1'");
  h.advance(199.928);
  h.log.warning('something odd');
  assert.deepEqual(h.writes, [], 'nothing is written before the flush timer fires');
  assert.equal(h.pending.filter((t) => !t.cancelled).length, 1, 'one timer for many entries');
  assert.equal(h.pending[0].ms, 200);
  h.fire();
  await h.log.flush();
  assert.deepEqual(h.writes, [
    'The following events occurred:\n' +
      "2026-11-29\t12:53:23.657156\t1795956803.657156: Aborting call on unexpected message for Call-Id '1-28159@127.0.0.1'\n" +
      '2026-11-29\t12:53:23.857084\t1795956803.857084: something odd\n',
  ]);
});

test('sippExact drops the line break between entries, as sipp does', async () => {
  const writes: string[] = [];
  const log = new ErrorLog({
    target: {
      write: (t) => {
        writes.push(t);
      },
    },
    now: () => 0,
    sippExact: true,
    schedule: () => () => {},
  });
  log.error('a');
  log.error('b');
  await log.close();
  assert.equal(
    writes.join(''),
    'The following events occurred:\n1970-01-01\t00:00:00.000000\t0.000000: a1970-01-01\t00:00:00.000000\t0.000000: b',
  );
});

test('malformed datagrams: reason, source, printable capped excerpt', async () => {
  const h = harness();
  const raw = Buffer.concat([
    Buffer.from('INVITE sip:x SIP/2.0\r\n'),
    Buffer.from([0x00, 0xff, 0x07]),
    Buffer.alloc(300, 0x41),
  ]);
  h.log.malformed(raw, { address: '10.0.0.7', port: 5062 }, 'missing Call-ID');
  h.log.malformed(Buffer.from('hi'), { address: '::1', port: 5060 }, 'no start line');
  await h.log.close();
  const text = h.writes.join('');
  const first = `Discarding malformed message from 10.0.0.7:5062 (missing Call-ID): 'INVITE sip:x SIP/2.0\r\n\\x00\\xff\\x07${'A'.repeat(256 - 25)}'... (325 bytes)`;
  assert.ok(text.includes(first), text);
  assert.ok(text.includes("Discarding malformed message from [::1]:5060 (no start line): 'hi'\n"));
});

test('close flushes, closes the target once, and ignores later entries', async () => {
  let closed = 0;
  const writes: string[] = [];
  const h = harness({
    write: (t) => {
      writes.push(t);
    },
    close: () => {
      closed++;
    },
  });
  h.log.error('last words');
  await h.log.close();
  await h.log.close();
  h.log.error('too late');
  await h.log.flush();
  assert.equal(closed, 1);
  assert.equal(writes.length, 1);
  assert.ok(writes[0].endsWith(': last words\n'));
});

test('a failing target never throws into the engine; close reports FILE_IO', async () => {
  const h = harness({ write: () => Promise.reject(new Error('disk full')) });
  h.log.error('x');
  h.fire();
  h.log.error('y');
  await assert.rejects(
    h.log.close(),
    (err: { code?: string; message: string }) =>
      err.code === 'FILE_IO' && err.message.includes('disk full'),
  );
});

test('the file target writes the log to disk (truncating, or appending on request)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-errlog-'));
  try {
    const path = join(dir, 'uac_1_errors.log');
    for (const append of [false, true]) {
      const log = new ErrorLog({ target: fileErrorLogTarget(path, append), now: () => 0 });
      log.error('entry');
      await log.close();
    }
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('The following events occurred:\n').length - 1, 2);
    assert.equal(text.split(': entry\n').length - 1, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
