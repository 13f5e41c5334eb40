// -sd and -sn name checks go through the scenario folder's built-ins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/main.ts';
import { BUILTIN_SCENARIO_NAMES, builtinScenarioXml } from '../../src/scenario/index.ts';
import { fakeIo } from './fake-io.ts';

test('-sd <name> prints the built-in XML verbatim on stdout, exit 99', async () => {
  assert.ok(BUILTIN_SCENARIO_NAMES.includes('uac') && BUILTIN_SCENARIO_NAMES.includes('uas'));
  for (const argv of [
    ['-sd', 'uac'],
    ['sipp', '-sd', 'uas'],
    ['-m', '3', '-sd', 'uac'],
  ]) {
    const io = fakeIo();
    const code = await main(argv, io);
    assert.equal(code, 99, argv.join(' '));
    assert.equal(io.out(), builtinScenarioXml(argv[argv.length - 1]));
    assert.match(io.out(), /<scenario/);
    assert.equal(io.err(), '');
  }
});

test('-sd with an unknown name: error listing the names, exit 1', async () => {
  const io = fakeIo();
  const code = await main(['-sd', 'bogus'], io);
  assert.equal(code, 1);
  assert.match(io.err(), /^gossipper: -sd: "bogus" is not a built-in scenario \(available: /);
  for (const name of BUILTIN_SCENARIO_NAMES) assert.ok(io.err().includes(name), name);
  assert.equal(io.out(), '');
});

test('-sn with an unknown name fails before a run starts, exit 1', async () => {
  const io = fakeIo();
  const code = await main(['127.0.0.1', '-sn', 'nosuch'], io);
  assert.equal(code, 1);
  assert.match(io.err(), /^gossipper: -sn: "nosuch" is not a built-in scenario \(available: .*uac/);
  assert.match(io.err(), /hint: use -sf <file>/);
});
