/**
 * `-threads N` with `-trace_msg`, `-trace_shortmsg`, `-trace_logs`: a shard formats its own
 * messages (shard-traces.ts) and posts the text in batches; the main thread's TraceSet appends
 * it to the one file of each kind, in sipp's format, honouring `trace <log> off`.
 */
process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceConfig } from '../../src/config/index.ts';
import { NULL_TRACE_SINK } from '../../src/engine/index.ts';
import { TraceSet } from '../../src/output/index.ts';
import type { ShardTraceFile } from '../../src/output/index.ts';
import { shardTraces } from '../../src/shard/shard-traces.ts';
import type { Transport } from '../../src/transport/index.ts';

const UDP = { protocol: 'UDP' } as Transport;
const PEER = { address: '127.0.0.1', port: 5060 };
const NOW = 1795956803653.398;

function msg(n: number): Buffer {
  return Buffer.from(`OPTIONS sip:x SIP/2.0\r\nCall-ID: c${n}\r\nCSeq: ${n} OPTIONS\r\n\r\n`);
}

test('a shard without message traces adds nothing to its sink', () => {
  assert.equal(
    shardTraces({ errors: true }, NULL_TRACE_SINK, () => {}),
    undefined,
  );
});

test("two shards' batches end up in the main thread's files, in sipp's format", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-shard-traces-'));
  const traces: TraceConfig = { errors: false, messages: true, shortMessages: true, logs: true };
  const main = new TraceSet({
    traces,
    statsPeriodMs: 1000,
    stem: 'uac',
    commands: [],
    pid: 7,
    cwd: dir,
    now: () => NOW,
    schedule: () => () => {},
  });
  const posted: Array<[ShardTraceFile, string]> = [];
  const post = (file: ShardTraceFile, text: string): void => {
    posted.push([file, text]);
    main.appendShardText(file, text);
  };
  const a = shardTraces(traces, NULL_TRACE_SINK, post, () => NOW)!;
  const b = shardTraces(traces, NULL_TRACE_SINK, post, () => NOW)!;
  a.sink.messageSent?.(msg(1), PEER, UDP);
  b.sink.messageReceived?.(msg(2), PEER, UDP);
  a.sink.log?.('shard a logs');
  assert.equal(posted.length, 0, 'batched, not posted per message');
  a.close();
  main.setTrace('shortmessages', false);
  b.sink.messageSent?.(msg(3), PEER, UDP);
  b.close();
  await main.close();
  const full = readFileSync(join(dir, 'uac_7_messages.log'), 'latin1');
  assert.match(full, /UDP message sent \(\d+ bytes\):\n\nOPTIONS sip:x SIP\/2\.0\r\nCall-ID: c1/);
  assert.match(
    full,
    /UDP message received \[\d+\] bytes :\n\nOPTIONS sip:x SIP\/2\.0\r\nCall-ID: c2/,
  );
  assert.match(full, /Call-ID: c3/);
  const short = readFileSync(join(dir, 'uac_7_shortmessages.log'), 'latin1');
  assert.deepEqual(
    short
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[4]),
    ['c1'],
    'shortmessages off before shard b flushed: its lines are dropped',
  );
  assert.equal(readFileSync(join(dir, 'uac_7_logs.log'), 'latin1'), 'shard a logs\n');
});
