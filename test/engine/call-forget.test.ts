import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Call } from '../../src/engine/call.ts';
import type { RunContext } from '../../src/engine/run-context.ts';
import type { ScenarioProgram } from '../../src/engine/scenario-program.ts';
import { messageHash, parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import type { Transport } from '../../src/transport/index.ts';
import { buildRequest, buildResponse, PEER_ADDRESS } from '../peers/memory-transport.ts';

function newCall(): Call {
  const ctx = { baseCseq: 0 } as RunContext;
  const socket = {
    protocol: 'UDP',
    localAddress: { address: '127.0.0.1', port: 5060 },
  } as Transport;
  const program = { rtdCount: 0 } as ScenarioProgram;
  return new Call(ctx, program, 1, 'call-1', socket, PEER_ADDRESS, 0);
}

test('a forgotten last message is still recognised when the peer retransmits it', () => {
  const call = newCall();
  assert.equal(call.hasLastRecv, false);
  const invite = buildRequest('INVITE', { callId: 'call-1', cseq: 1 });
  const ok = buildResponse(parseSipMessage(invite) as SipMessage, 200);
  call.lastRecvRaw = ok;
  call.forgetLastRecv(undefined);
  assert.equal(call.lastRecvRaw, null);
  assert.equal(call.hasLastRecv, true);
  assert.ok(call.isLastRecv(Buffer.from(ok), undefined), 'the same bytes again');
  const other = Buffer.from(ok);
  other[other.length - 3] ^= 1;
  assert.equal(call.isLastRecv(other, undefined), false, 'one byte differs');
  assert.equal(call.isLastRecv(Buffer.concat([ok, Buffer.from(' ')]), undefined), false, 'longer');
  assert.equal(call.isLastRecv(invite, undefined), false);
});

test('a hash handed in by the transport is used as is, and must be the message hash', () => {
  const call = newCall();
  const ok = buildResponse(
    parseSipMessage(buildRequest('INVITE', { callId: 'call-1', cseq: 1 })) as SipMessage,
    200,
  );
  call.lastRecvRaw = ok;
  call.forgetLastRecv(messageHash(ok));
  assert.equal(call.isLastRecv(Buffer.from(ok), messageHash(ok)), true);
  assert.equal(
    call.isLastRecv(Buffer.from(ok), messageHash(ok) ^ 1),
    false,
    'a different hash is a different message',
  );
});

test('keepLastRecv copies lent bytes, so reuse of the transport memory does not change them', () => {
  const call = newCall();
  const ok = buildResponse(
    parseSipMessage(buildRequest('INVITE', { callId: 'call-1', cseq: 1 })) as SipMessage,
    200,
  );
  const slab = Buffer.alloc(ok.length + 100);
  ok.copy(slab, 50);
  call.lastRecvRaw = slab.subarray(50, 50 + ok.length);
  call.keepLastRecv();
  slab.fill(0x41);
  assert.deepEqual(call.lastRecvRaw, ok);
  assert.equal(call.lastMessage?.statusCode, 200, 'parsed again from the copy');
  assert.equal(call.isLastRecv(Buffer.from(ok), undefined), true);
});
