import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Call } from '../../src/engine/call.ts';
import type { RunContext } from '../../src/engine/run-context.ts';
import { parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import type { Transport } from '../../src/transport/index.ts';
import { buildRequest, buildResponse, PEER_ADDRESS } from '../peers/memory-transport.ts';

function newCall(): Call {
  const ctx = { baseCseq: 0 } as RunContext;
  const socket = { protocol: 'UDP', localAddress: { address: '127.0.0.1', port: 5060 } } as Transport;
  return new Call(ctx, 1, 'call-1', socket, PEER_ADDRESS, 0, 0);
}

test('a forgotten last message is still recognised when the peer retransmits it', () => {
  const call = newCall();
  assert.equal(call.hasLastRecv, false);
  const invite = buildRequest('INVITE', { callId: 'call-1', cseq: 1 });
  const ok = buildResponse(parseSipMessage(invite) as SipMessage, 200);
  call.lastRecvRaw = ok;
  call.forgetLastRecv();
  assert.equal(call.lastRecvRaw, null);
  assert.equal(call.hasLastRecv, true);
  assert.ok(call.isLastRecv(Buffer.from(ok)), 'the same bytes again');
  const other = Buffer.from(ok);
  other[other.length - 3] ^= 1;
  assert.equal(call.isLastRecv(other), false, 'one byte differs');
  assert.equal(call.isLastRecv(Buffer.concat([ok, Buffer.from(' ')])), false, 'longer');
  assert.equal(call.isLastRecv(invite), false);
});
