/**
 * `set index true` on the scenario screen: sipp 3.6.1 (observed over `-cp`, then key `1`)
 * puts `%-2lu:` (the step index) before each send and recv row and nothing before the others:
 *   `0 :     OPTIONS ---------->         0         0`
 *   `1 :         200 <----------         0         0         0         0`
 *   `              [ NOP ]`
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioScreen } from '../../src/output/index.ts';
import { uacInfo, uacSnapshot } from './screen-fixtures.ts';

test('set index numbers the send and recv rows only', () => {
  const plain = scenarioScreen(uacSnapshot(), uacInfo);
  const indexed = scenarioScreen(uacSnapshot(), { ...uacInfo, showIndex: true });
  assert.equal(indexed.length, plain.length);
  const changed = plain.flatMap((line, i) => (indexed[i] === line ? [] : [[line, indexed[i]]]));
  const rows = uacInfo.scenario.commands.filter((c) => c.kind === 'send' || c.kind === 'recv');
  assert.equal(changed.length, rows.length);
  changed.forEach(([line, withIndex], n) => {
    const index = rows[n]!.index;
    assert.equal(withIndex, `${String(index).padEnd(2)}:${line}`);
  });
  assert.ok(changed.some(([, l]) => l!.startsWith('0 :    ')));
});
