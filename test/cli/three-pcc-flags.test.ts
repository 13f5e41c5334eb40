import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags, type ParsedFlags } from '../../src/cli/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FlagError } from '../../src/errors.ts';

function run(...args: string[]): RunConfig {
  const parsed: ParsedFlags = parseScenarioFlags(args, '/tmp');
  assert.equal(parsed.kind, 'run');
  return (parsed as Extract<ParsedFlags, { kind: 'run' }>).config;
}

test('-3pcc ip:port names the twin; without a port it is 6060, as in SIPp', () => {
  assert.deepEqual(run('-3pcc', '127.0.0.1:5080').threePcc, {
    twin: { host: '127.0.0.1', port: 5080 },
  });
  assert.deepEqual(run('-3pcc', '127.0.0.1').threePcc, { twin: { host: '127.0.0.1', port: 6060 } });
  assert.deepEqual(run('-3pcc', '[::1]:7000').threePcc, { twin: { host: '::1', port: 7000 } });
  assert.deepEqual(run('-3pcc', '[::1]').threePcc, { twin: { host: '::1', port: 6060 } });
  assert.equal(run().threePcc, undefined);
});

test('-master / -slave / -slave_cfg fill the extended-mode fields', () => {
  assert.deepEqual(run('-master', 'm', '-slave_cfg', 'peers.cfg').threePcc, {
    master: 'm',
    slaveCfg: 'peers.cfg',
  });
  assert.deepEqual(run('-slave', 's1', '-slave_cfg', 'peers.cfg').threePcc, {
    slave: 's1',
    slaveCfg: 'peers.cfg',
  });
});

test('a bad -3pcc port is a flag error naming the flag', () => {
  assert.throws(
    () => run('-3pcc', '127.0.0.1:99999'),
    (err: unknown) => err instanceof FlagError && /-3pcc/.test(err.message),
  );
});
