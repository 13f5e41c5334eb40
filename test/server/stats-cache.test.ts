// The statistics object is built at most once per max age whatever the number of readers, and
// at once when the set of engines changes (a dynamic client started or stopped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineRegistry } from '../../src/server/index.ts';
import type { ManagedEngine } from '../../src/server/index.ts';
import { StatsCache } from '../../src/server/stats-cache.ts';

test('one build per max age for every reader; an engine added or removed rebuilds at once', () => {
  const registry = new EngineRegistry();
  const engine = (id: string): ManagedEngine => ({ id, dynamic: true }) as unknown as ManagedEngine;
  registry.add(engine('primary'));
  let now = 0;
  let builds = 0;
  const cache = new StatsCache(
    registry,
    () => ({ build: ++builds }),
    () => now,
    100,
  );
  assert.equal(cache.text(), '{"build":1}');
  for (let i = 0; i < 50; i++) {
    now += 1;
    cache.text();
    cache.object();
  }
  assert.equal(builds, 1, '50 readers within 100 ms: one build');
  now = 100;
  assert.deepEqual(cache.object(), { build: 2 });
  registry.add(engine('d1'));
  assert.equal(cache.text(), '{"build":3}', 'a new engine shows at once');
  registry.remove('d1');
  assert.equal(cache.text(), '{"build":4}', 'a removed one leaves at once');
  registry.remove('nope');
  assert.equal(cache.text(), '{"build":4}');
});
