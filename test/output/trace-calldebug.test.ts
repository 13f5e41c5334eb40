process.env.TZ = 'UTC';

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceConfig } from '../../src/config/index.ts';
import { TraceSet, rawCallId } from '../../src/output/index.ts';
import type { Transport } from '../../src/transport/index.ts';

const UDP = { protocol: 'UDP' } as Transport;
const PEER = { address: '127.0.0.1', port: 5060 };
/** 2026-11-29 12:53:23.653398 UTC, the sample's first line. */
const T0 = 1795956803653.398;

function traceSet(dir: string, traces: Partial<TraceConfig>): { set: TraceSet; tick(): void } {
  let now = T0;
  const set = new TraceSet({
    traces: { errors: false, ...traces },
    statsPeriodMs: 1000,
    stem: 'uac',
    commands: [],
    pid: 28159,
    cwd: dir,
    now: () => now,
    schedule: () => () => {},
  });
  return { set, tick: () => (now += 1) };
}

function message(firstLine: string, callId: string, callIdHeader = 'Call-ID'): Buffer {
  return Buffer.from(
    `${firstLine}\r\nVia: SIP/2.0/UDP 127.0.0.1:5081\r\n${callIdHeader}: ${callId}\r\n` +
      'CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
    'latin1',
  );
}

const INVITE = message('INVITE sip:service@127.0.0.1:5080 SIP/2.0', '1-28159@127.0.0.1');
const BUSY = message('SIP/2.0 486 Busy Here', '1-28159@127.0.0.1');
const ACK = message('ACK sip:service@127.0.0.1:5080 SIP/2.0', '1-28159@127.0.0.1');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gossipper-calldebug-'));
}

describe('-trace_calldebug', () => {
  it("writes a failed call's transcript in sipp's layout", async () => {
    const dir = tempDir();
    const { set, tick } = traceSet(dir, { callDebug: true });
    const sink = set.sink;
    const id = '1-28159@127.0.0.1';
    sink.callStarted?.(id);
    tick();
    sink.messageSent?.(INVITE, PEER, UDP);
    tick();
    sink.messageReceived?.(BUSY, PEER, UDP);
    tick();
    sink.unexpectedMessage?.(BUSY, 486, UDP);
    tick();
    sink.callAborting?.(id, 1);
    tick();
    sink.messageSent?.(ACK, PEER, UDP);
    tick();
    sink.callNote?.(id, 'Retransmisison required (1 retransmissions, max 5)');
    sink.callEnded?.(id, true);
    await set.close();
    const text = readFileSync(join(dir, 'uac_28159_calldebug.log'), 'latin1');
    const at = (ms: number): string => {
      const us = String(653398 + ms * 1000).padStart(6, '0');
      return `2026-11-29\t12:53:23.${us}\t1795956803.${us}`;
    };
    const expected =
      `${'-'.repeat(79)}\nCall debugging information for call ${id}:\n` +
      `${at(0)} Starting call ${id}\n` +
      `${at(1)} Sending UDP message for call ${id}:\n${INVITE.toString('latin1')}\n\n` +
      `${at(2)} Processing ${BUSY.length} byte incoming message for call-ID ${id}:\n` +
      `${BUSY.toString('latin1')}\n\n` +
      `${at(3)} Unexpected UDP message received:\n\n${BUSY.toString('latin1')}\n` +
      `${at(4)} Aborting call ${id} (index 1).\n` +
      `${at(5)} Sending UDP message for call ${id}:\n${ACK.toString('latin1')}\n\n` +
      `${at(6)} Retransmisison required (1 retransmissions, max 5)\n`;
    assert.equal(text, expected);
  });

  it("drops a successful call's transcript: the file exists and stays empty", async () => {
    const dir = tempDir();
    const { set } = traceSet(dir, { callDebug: true });
    set.sink.callStarted?.('1-28159@127.0.0.1');
    set.sink.messageSent?.(INVITE, PEER, UDP);
    set.sink.callEnded?.('1-28159@127.0.0.1', false);
    await set.close();
    assert.equal(readFileSync(join(dir, 'uac_28159_calldebug.log'), 'latin1'), '');
  });

  it("a server's first request arrives before its call exists and still opens its transcript", async () => {
    const dir = tempDir();
    const { set } = traceSet(dir, { callDebug: true });
    const id = 'abc@host';
    const invite = message('INVITE sip:x@h SIP/2.0', id, 'i');
    set.sink.messageReceived?.(invite, PEER, UDP);
    set.sink.callStarted?.(id);
    set.sink.callEnded?.(id, true);
    await set.close();
    const text = readFileSync(join(dir, 'uac_28159_calldebug.log'), 'latin1');
    assert.match(text, /Starting call abc@host\n.* Processing \d+ byte incoming message/);
    // Messages of other calls (or of no call) are not in it.
    assert.equal(text.split('Processing').length, 2);
  });

  it('only failed calls among interleaved ones, each in one block', async () => {
    const dir = tempDir();
    const { set } = traceSet(dir, { callDebug: true });
    const s = set.sink;
    s.callStarted?.('a');
    s.callStarted?.('b');
    s.messageSent?.(message('INVITE sip:x@h SIP/2.0', 'a'), PEER, UDP);
    s.messageSent?.(message('INVITE sip:x@h SIP/2.0', 'b'), PEER, UDP);
    s.callEnded?.('a', false);
    s.callEnded?.('b', true);
    await set.close();
    const text = readFileSync(join(dir, 'uac_28159_calldebug.log'), 'latin1');
    assert.deepEqual(
      [...text.matchAll(/Call debugging information for call (\S+):/g)].map((m) => m[1]),
      ['b'],
    );
    assert.doesNotMatch(text, /Call-ID: a\r/);
  });

  it('-calldebug_file names the file, -calldebug_overwrite false appends', async () => {
    const dir = tempDir();
    const file = join(dir, 'debug.txt');
    writeFileSync(file, 'before\n');
    const { set } = traceSet(dir, {
      callDebug: true,
      callDebugFile: file,
      callDebugAppend: true,
    });
    set.sink.callStarted?.('x');
    set.sink.callEnded?.('x', true);
    await set.close();
    const text = readFileSync(file, 'latin1');
    assert.ok(text.startsWith('before\n---'), text);
    assert.equal(existsSync(join(dir, 'uac_28159_calldebug.log')), false);
  });

  it('off: the engine gets no per-call hooks (nothing to branch into)', () => {
    const { set } = traceSet(tempDir(), {});
    assert.equal(set.sink.callStarted, undefined);
    assert.equal(set.sink.callEnded, undefined);
    assert.equal(set.sink.callAborting, undefined);
    assert.equal(set.sink.messageSent, undefined);
  });

  it('reads the Call-ID of a raw message, long or compact form', () => {
    assert.equal(rawCallId(INVITE), '1-28159@127.0.0.1');
    assert.equal(rawCallId(message('BYE sip:x SIP/2.0', ' z@y ', 'i')), 'z@y');
    assert.equal(rawCallId(Buffer.from('INVITE sip:x SIP/2.0\r\n\r\nCall-ID: body')), '');
  });
});
