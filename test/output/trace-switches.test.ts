/**
 * What the front-end asks of a TraceSet while a run goes or instead of one: `trace <log>
 * on|off`, the screen dump of `s` / SIGUSR2, and a scenario that never ran (its error in the
 * errors file, no empty files left).
 */
process.env.TZ = 'UTC';

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceConfig } from '../../src/config/index.ts';
import { TraceSet, traceLoadError } from '../../src/output/index.ts';
import type { Transport } from '../../src/transport/index.ts';

const UDP = { protocol: 'UDP' } as Transport;
const PEER = { address: '127.0.0.1', port: 5060 };
const NOW = 1795956803653.398;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gossipper-switches-'));
}

function traceSet(dir: string, traces: Partial<TraceConfig>): TraceSet {
  return new TraceSet({
    traces: { errors: false, ...traces },
    statsPeriodMs: 1000,
    stem: 'uac',
    commands: [],
    pid: 7,
    cwd: dir,
    now: () => NOW,
    schedule: () => () => {},
  });
}

function msg(n: number): Buffer {
  return Buffer.from(`OPTIONS sip:x SIP/2.0\r\nCall-ID: ${n}\r\nCSeq: ${n} OPTIONS\r\n\r\n`);
}

describe('trace <log> on|off', () => {
  it('messages and shortmessages stop and resume, each on its own', async () => {
    const dir = tempDir();
    const set = traceSet(dir, { messages: true, shortMessages: true });
    const send = (n: number) => set.sink.messageSent?.(msg(n), PEER, UDP);
    send(1);
    assert.equal(set.setTrace('messages', false), undefined);
    send(2);
    assert.equal(set.setTrace('shortmessages', false), undefined);
    send(3);
    set.setTrace('messages', true);
    set.setTrace('shortmessages', true);
    send(4);
    await set.close();
    const full = readFileSync(join(dir, 'uac_7_messages.log'), 'latin1');
    const short = readFileSync(join(dir, 'uac_7_shortmessages.log'), 'latin1');
    const ids = (text: string) =>
      [...text.matchAll(/Call-ID: (\d)|\t(\d)\tCSeq/g)].map((m) => m[1] ?? m[2]);
    assert.deepEqual(ids(full), ['1', '4']);
    assert.deepEqual(ids(short), ['1', '2', '4']);
  });

  it('error and logs stop and resume', async () => {
    const dir = tempDir();
    const set = traceSet(dir, { errors: true, logs: true });
    set.sink.error('first');
    set.sink.log?.('one');
    set.setTrace('error', false);
    set.setTrace('logs', false);
    set.sink.error('hidden');
    set.sink.warning('hidden too');
    set.sink.log?.('two');
    set.setTrace('error', true);
    set.setTrace('logs', true);
    set.sink.error('last');
    set.sink.log?.('three');
    await set.close();
    const errors = readFileSync(join(dir, 'uac_7_errors.log'), 'latin1');
    assert.match(errors, /first/);
    assert.match(errors, /last/);
    assert.doesNotMatch(errors, /hidden/);
    assert.equal(readFileSync(join(dir, 'uac_7_logs.log'), 'latin1'), 'one\nthree\n');
  });

  it('a run that cannot take new hooks (-threads): the warning names the flag', async () => {
    const set = traceSet(tempDir(), {});
    assert.equal(
      set.setTrace('messages', true),
      'trace messages on: start the run with -trace_msg to switch it',
    );
    assert.match(set.setTrace('shortmessages', true) ?? '', /-trace_shortmsg/);
    assert.match(set.setTrace('logs', true) ?? '', /-trace_logs/);
    assert.equal(set.setTrace('messages', false), undefined, 'off for an off file: nothing');
    await set.close();
  });

  it('on for a file off at start opens it then, as sipp does (messages, short, logs)', async () => {
    const dir = tempDir();
    const set = traceSet(dir, {});
    assert.equal('messageSent' in set.sink, false);
    let retraced = 0;
    assert.equal(
      set.setTrace('messages', true, () => retraced++),
      undefined,
    );
    assert.equal(retraced, 1, 'the engine is asked to take the new hooks');
    set.sink.messageSent?.(msg(1), PEER, UDP);
    assert.equal(
      set.setTrace('shortmessages', true, () => retraced++),
      undefined,
    );
    assert.equal(retraced, 1, 'the hooks exist already');
    set.sink.messageSent?.(msg(2), PEER, UDP);
    set.setTrace('messages', false, () => retraced++);
    set.sink.messageSent?.(msg(3), PEER, UDP);
    assert.equal(
      set.setTrace('logs', true, () => retraced++),
      undefined,
    );
    set.sink.log?.('late');
    // `trace error on` needs -trace_err (the error log is wired into the run at start).
    assert.match(set.setTrace('error', true) ?? '', /-trace_err/);
    assert.equal(set.setTrace('error', false), undefined);
    await set.close();
    const ids = (text: string) =>
      [...text.matchAll(/Call-ID: (\d)|\t(\d)\tCSeq/g)].map((m) => m[1] ?? m[2]);
    assert.deepEqual(ids(readFileSync(join(dir, 'uac_7_messages.log'), 'latin1')), ['1', '2']);
    assert.deepEqual(ids(readFileSync(join(dir, 'uac_7_shortmessages.log'), 'latin1')), ['2', '3']);
    assert.equal(readFileSync(join(dir, 'uac_7_logs.log'), 'latin1'), 'late\n');
  });
});

describe('screen dump (s, SIGUSR2)', () => {
  it('appends each dump to the -trace_screen file, then the exit dump', async () => {
    const dir = tempDir();
    const set = traceSet(dir, { screen: true });
    assert.equal(set.dumpScreens(['first', 'dump']), true);
    // On disk at once: a user looks at the file while the run goes on.
    assert.equal(readFileSync(join(dir, 'uac_7_screen.log'), 'latin1'), 'first\ndump\n');
    set.dumpScreens(['second']);
    await set.close();
    assert.equal(readFileSync(join(dir, 'uac_7_screen.log'), 'latin1'), 'first\ndump\nsecond\n');
  });

  it('without -trace_screen there is nothing to dump to', async () => {
    const dir = tempDir();
    const set = traceSet(dir, {});
    assert.equal(set.dumpScreens(['x']), false);
    await set.close();
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('a scenario that never ran', () => {
  it('abandon: the error in the errors file, no empty trace files left', async () => {
    const dir = tempDir();
    const set = traceSet(dir, {
      errors: true,
      messages: true,
      screen: true,
      stat: true,
      counts: true,
      callDebug: true,
    });
    await set.abandon('test.xml:3:1 <recv>: bad');
    assert.deepEqual(readdirSync(dir), ['uac_7_errors.log']);
    const text = readFileSync(join(dir, 'uac_7_errors.log'), 'latin1');
    assert.match(
      text,
      /^The following events occurred:\n.*\t\d+\.\d{6}: test\.xml:3:1 <recv>: bad/,
    );
  });

  it('abandon keeps a file it appended to', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keep.log'), '');
    const set = traceSet(dir, {
      messages: true,
      messageFile: join(dir, 'keep.log'),
      messageAppend: true,
    });
    await set.abandon('x');
    assert.deepEqual(readdirSync(dir), ['keep.log']);
  });

  it('traceLoadError writes the errors file only with -trace_err', async () => {
    const dir = tempDir();
    const base = { stem: 'bad', pid: 9, cwd: dir, now: () => NOW };
    await traceLoadError({ ...base, traces: { errors: false, messages: true } }, 'nope');
    assert.deepEqual(readdirSync(dir), []);
    await traceLoadError({ ...base, traces: { errors: true, messages: true } }, 'label missing');
    assert.deepEqual(readdirSync(dir), ['bad_9_errors.log']);
    assert.match(readFileSync(join(dir, 'bad_9_errors.log'), 'latin1'), /: label missing/);
    assert.equal(existsSync(join(dir, 'bad_9_messages.log')), false);
  });
});
