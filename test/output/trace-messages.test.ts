process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MessageEvent,
  MessageTrace,
  TraceFile,
  messageBlock,
  shortMessageLine,
} from '../../src/output/index.ts';

const SAMPLES = join(import.meta.dirname, 'sipp-samples');
const DASHES = '-'.repeat(47);

/** The sample -trace_msg file cut into its blocks (each starting with the dashes line). */
function sampleBlocks(): string[] {
  const text = readFileSync(join(SAMPLES, 'trace_client_messages.log.head'), 'latin1');
  return text
    .split(new RegExp(`(?=^${DASHES})`, 'm'))
    .filter((b) => b.startsWith(DASHES))
    .slice(0, -1); // the file is cut short: the last block is partial
}

/** The message inside a block: after the blank line, without the block's closing `\n`. */
function rawOf(block: string): Buffer {
  const body = block.slice(block.indexOf('\n\n') + 2);
  return Buffer.from(body.slice(0, -1), 'latin1');
}

/** Epoch ms of a block's `YYYY-MM-DD HH:MM:SS.usec` (UTC, as the samples were taken). */
function epochOf(block: string): number {
  const m = /^-+ (\S+) (\d\d:\d\d:\d\d)\.(\d{6})$/m.exec(block);
  assert.ok(m, block.slice(0, 80));
  return Date.parse(`${m[1]}T${m[2]}Z`) + Number(m[3]) / 1000;
}

test('-trace_msg blocks are byte for byte sipp 3.6.1 blocks (sent, received, unexpected)', () => {
  const blocks = sampleBlocks();
  assert.ok(blocks.length >= 5);
  let kinds = 0;
  for (const block of blocks) {
    const raw = rawOf(block);
    const protocol = 'UDP';
    let ours: string;
    if (block.includes('\nUnexpected UDP message received:')) {
      ours = messageBlock(MessageEvent.Unexpected, 0, protocol, raw);
      kinds |= 4;
    } else if (block.includes('message sent (')) {
      ours = messageBlock(MessageEvent.Sent, epochOf(block), protocol, raw);
      kinds |= 1;
    } else {
      ours = messageBlock(MessageEvent.Received, epochOf(block), protocol, raw);
      kinds |= 2;
    }
    assert.equal(ours, block);
  }
  assert.equal(kinds, 7, 'the sample has all three kinds of block');
});

test('-trace_shortmsg lines are sipp 3.6.1 lines', () => {
  const lines = readFileSync(join(SAMPLES, 'trace_client_shortmessages.log'), 'latin1')
    .split('\n')
    .slice(0, 4);
  const blocks = sampleBlocks().filter((b) => !b.includes('Unexpected'));
  for (let i = 0; i < 4; i++) {
    const block = blocks[i];
    const event = block.includes('message sent (') ? MessageEvent.Sent : MessageEvent.Received;
    assert.equal(shortMessageLine(event, epochOf(block), rawOf(block)), lines[i] + '\n');
  }
});

test('short lines read compact Call-ID (i:) and keep an absent header empty', () => {
  const raw = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\ni: abc@host\r\nCSeq: 7 OPTIONS\r\n\r\n');
  assert.match(shortMessageLine(MessageEvent.Received, 0, raw), /\tR\tabc@host\tCSeq:7 OPTIONS\t/);
  const bare = Buffer.from('garbage\r\n\r\n');
  assert.match(shortMessageLine(MessageEvent.Sent, 0, bare), /\tS\t\tCSeq:\tgarbage\n$/);
});

test('a traced message is copied: the lender may reuse its bytes at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-trace-msg-'));
  const full = new TraceFile({ path: join(dir, 'm.log'), schedule: () => () => {} });
  const short = new TraceFile({ path: join(dir, 's.log'), schedule: () => () => {} });
  const trace = new MessageTrace({ full, short, now: () => 1795956803654.881 });
  const lent = Buffer.from('SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n\r\n');
  trace.record(MessageEvent.Received, 'TCP', lent);
  lent.fill(0x41);
  trace.close();
  full.close();
  short.close();
  const text = readFileSync(join(dir, 'm.log'), 'latin1');
  assert.match(text, /\nTCP message received \[43\] bytes :\n\nSIP\/2\.0 200 OK\r\n/);
  assert.equal(
    readFileSync(join(dir, 's.log'), 'latin1'),
    '2026-11-29\t12:53:23.654881\t1795956803.654881\tR\tx\tCSeq:1 BYE\tSIP/2.0 200 OK\n',
  );
});
