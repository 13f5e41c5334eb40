import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CallTable } from '../../src/engine/call-table.ts';

test('CallTable behaves as a Map under any sequence of sets and deletes', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 600 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 600 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
      const table = new CallTable<{ n: number }>();
      const model = new Map<string, { n: number }>();
      let n = 0;
      for (const o of ops) {
        const key = `${o.key}-4242@127.0.0.1`;
        if (o.kind === 'set') {
          const v = { n: n++ };
          table.set(key, v);
          model.set(key, v);
        } else {
          assert.equal(table.delete(key), model.delete(key));
        }
        assert.equal(table.size, model.size);
      }
      for (let k = 0; k <= 600; k++) {
        const key = `${k}-4242@127.0.0.1`;
        assert.equal(table.get(key), model.get(key));
        assert.equal(table.has(key), model.has(key));
      }
      const values = table.values().map((v) => v.n);
      assert.deepEqual(
        values.sort((a, b) => a - b),
        [...model.values()].map((v) => v.n).sort((a, b) => a - b),
      );
    }),
    { numRuns: 60 },
  );
});

test('CallTable keeps working through steady churn and growth past its first capacity', () => {
  const table = new CallTable<number>();
  // Steady churn: 50 open at a time over 100,000 calls (resizes reuse the spare arrays).
  for (let i = 0; i < 100_000; i++) {
    table.set(`c${i}`, i);
    if (i >= 50) assert.equal(table.delete(`c${i - 50}`), true);
  }
  assert.equal(table.size, 50);
  assert.equal(table.get('c99999'), 99_999);
  assert.equal(table.get('c99949'), undefined);
  // Growth: 10,000 open at once.
  for (let i = 0; i < 10_000; i++) table.set(`g${i}`, i);
  assert.equal(table.size, 10_050);
  for (let i = 0; i < 10_000; i += 997) assert.equal(table.get(`g${i}`), i);
  assert.equal(table.values().length, 10_050);
});
