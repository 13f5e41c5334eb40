import { test } from 'node:test';
import assert from 'node:assert/strict';
import { socketBuffersText } from '../../src/output/index.ts';

const MIB = 1 << 20;

test('granted UDP buffers read in MiB from 1 MiB up, else in whole KiB', () => {
  assert.equal(
    socketBuffersText({ recvBytes: 4 * MIB, sendBytes: 4 * MIB, isDgramIo: false }),
    'rcv 4.0 MiB / snd 4.0 MiB',
  );
  assert.equal(
    socketBuffersText({ recvBytes: 212_992, sendBytes: 1.5 * MIB, isDgramIo: false }),
    'rcv 208 KiB / snd 1.5 MiB',
  );
});

test("node:dgram I/O is named; TCP buffers are the kernel's", () => {
  assert.equal(
    socketBuffersText({ recvBytes: MIB, sendBytes: MIB, isDgramIo: true }),
    'rcv 1.0 MiB / snd 1.0 MiB, node:dgram I/O (batched addon not loaded)',
  );
  assert.equal(socketBuffersText({ isDgramIo: false }), 'kernel-tuned (TCP)');
});

test('with shards the sizes are per shard', () => {
  const perShard = { recvBytes: 4 * MIB, sendBytes: 4 * MIB, isDgramIo: false, shards: 2 };
  assert.equal(socketBuffersText(perShard), 'rcv 4.0 MiB / snd 4.0 MiB per shard, 2 shards');
});
