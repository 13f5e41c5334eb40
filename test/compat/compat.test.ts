/**
 * The SIPp compatibility suite (issue 14): every scenario under scenarios/ that is not listed in
 * pending.json runs three ways (Gossipper UAC → sipp UAS, sipp UAC → Gossipper UAS, and sipp
 * against sipp as the baseline), and both Gossipper pairings must end as the baseline does: exit
 * codes, call counts, every scenario-screen row, and the messages sipp traced on the wire.
 * Pending scenarios are not run here at all (no skipped tests); `node test/compat/run-pending.mjs`
 * tries them and says which can be promoted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireBuiltBin, sippRequirement } from '../peers/processes.ts';
import { allScenarios, checkScenario, loadConfig, pendingScenarios } from './compat-harness.ts';

const pending = pendingScenarios();
const active = allScenarios().filter((name) => !pending.has(name));

describe('compat suite bookkeeping', () => {
  it('pending.json names only existing scenarios, each with a reason', () => {
    const all = new Set(allScenarios());
    for (const [name, why] of pending) {
      assert.ok(all.has(name), `pending.json lists "${name}", which has no scenarios/ folder`);
      assert.ok(why.trim().length > 0, `pending.json gives no reason for "${name}"`);
    }
  });
});

// Three scenarios at a time: each runs six processes at low rates, mostly idle.
describe('SIPp compatibility', { skip: sippRequirement(), concurrency: 3 }, () => {
  for (const name of active) {
    const cfg = loadConfig(name);
    it(name, { timeout: cfg.timeoutMs + 10_000 }, async () => {
      requireBuiltBin();
      await checkScenario(name);
    });
  }
});
