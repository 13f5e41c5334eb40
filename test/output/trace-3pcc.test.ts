/**
 * 3PCC commands in `-trace_msg`, `-trace_shortmsg` and `-trace_counts`, as sipp 3.6.1 wrote
 * them for the 3pcc-C-A / 3pcc-C-B built-ins run together (with 3pcc-A and 3pcc-B as the
 * parties) on loopback.
 */
process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONTROL_PROTOCOL,
  MessageEvent,
  countsColumns,
  countsHeader,
  messageBlock,
  shortMessageLine,
} from '../../src/output/index.ts';
import { loadBuiltinScenario } from '../../src/scenario/index.ts';

const AT = 1796625664948.225;
const COMMAND =
  'Call-ID: 1-6272@127.0.0.1\r\nContent-Type: application/sdp\r\nContent-Length:   129\r\n\r\n' +
  'v=0\r\n';

test('a sent command: "TCP control message sent", its ESC delimiter counted and shown', () => {
  const framed = Buffer.from(`${COMMAND}\x1b`, 'latin1');
  const block = messageBlock(MessageEvent.Sent, AT, CONTROL_PROTOCOL, framed);
  assert.equal(
    block,
    `${'-'.repeat(47)} 2026-12-07 06:41:04.948225\n` +
      `TCP control message sent (${framed.length} bytes):\n\n${COMMAND}\x1b\n`,
  );
});

test('a received command: the delimiter counted in the length, not shown', () => {
  const raw = Buffer.from(COMMAND, 'latin1');
  const block = messageBlock(MessageEvent.Received, AT, CONTROL_PROTOCOL, raw);
  assert.match(
    block,
    new RegExp(`\nTCP control message received \\[${raw.length + 1}\\] bytes :\n\n`),
  );
  assert.ok(block.endsWith(`${COMMAND}\n`));
});

test('short lines: the Call-ID from the first line, an empty CSeq', () => {
  const line = shortMessageLine(MessageEvent.Sent, AT, Buffer.from(COMMAND, 'latin1'));
  assert.equal(
    line,
    '2026-12-07\t06:41:04.948225\t1796625664.948225\tS\t1-6272@127.0.0.1\tCSeq:\t' +
      'Call-ID: 1-6272@127.0.0.1\n',
  );
});

test('counts: command steps are Pause columns (always 0), as sipp 3.6.1 writes them', () => {
  const a = countsHeader(countsColumns(loadBuiltinScenario('3pcc-C-A').commands));
  assert.equal(
    a,
    'CurrentTime;ElapsedTime;0_INVITE_Sent;0_INVITE_Retrans;0_INVITE_Timeout;1_100_Recv;' +
      '1_100_Retrans;1_100_Timeout;1_100_Unexp;2_180_Recv;2_180_Retrans;2_180_Timeout;' +
      '2_180_Unexp;3_183_Recv;3_183_Retrans;3_183_Timeout;3_183_Unexp;4_200_Recv;4_200_Retrans;' +
      '4_200_Timeout;4_200_Unexp;5_Pause_Sessions;5_Pause_Unexp;6_Pause_Sessions;6_Pause_Unexp;' +
      '7_ACK_Sent;7_ACK_Retrans;8_Pause_Sessions;8_Pause_Unexp;9_BYE_Sent;9_BYE_Retrans;' +
      '9_BYE_Timeout;10_200_Recv;10_200_Retrans;10_200_Timeout;10_200_Unexp;\n',
  );
  const b = countsColumns(loadBuiltinScenario('3pcc-C-B').commands);
  assert.deepEqual(
    b.slice(0, 3).map((c) => [c.name, c.index]),
    [
      ['0_Pause_Sessions', -1],
      ['0_Pause_Unexp', -1],
      ['1_INVITE_Sent', 1],
    ],
  );
});
