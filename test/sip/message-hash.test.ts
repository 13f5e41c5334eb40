import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { messageHash } from '../../src/sip/index.ts';

test('changing any one byte changes the message hash', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 600 }),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      (bytes, at, delta) => {
        const changed = Uint8Array.from(bytes);
        const i = at % bytes.length;
        changed[i] = (changed[i] + delta) & 0xff;
        assert.notEqual(messageHash(changed), messageHash(bytes));
      },
    ),
  );
});

test('the hash is a signed 32-bit integer and depends only on the bytes', () => {
  const a = Buffer.from('SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n');
  const h = messageHash(a);
  assert.equal(h, h | 0);
  assert.equal(messageHash(Buffer.from(a)), h);
  const slab = Buffer.alloc(100);
  a.copy(slab, 13);
  assert.equal(
    messageHash(slab.subarray(13, 13 + a.length)),
    h,
    'a view into a larger buffer hashes the same',
  );
});
