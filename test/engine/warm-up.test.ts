import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUp } from '../../src/engine/warm-up.ts';
import { loadBuiltinScenario } from '../../src/scenario/index.ts';
import type { SendCommand } from '../../src/scenario/index.ts';
import { fakeSource } from '../scenario/fake-source.ts';

test('warm-up renders, parses and matches every send template of the scenario', () => {
  for (const name of ['uac', 'uas']) {
    const scenario = loadBuiltinScenario(name);
    const templates = scenario.commands.map((c) => (c.kind === 'send' ? (c as SendCommand).template : undefined));
    const sends = templates.filter((t) => t !== undefined).length;
    const checksum = warmUp(scenario.commands, templates, fakeSource(), 3);
    // Every rendered message parses: its Call-ID and CSeq feed the checksum on each round.
    assert.ok(checksum > 3 * sends * 10, `${name}: every template parsed (checksum ${checksum})`);
  }
});
