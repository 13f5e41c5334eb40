import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { runScript } from './shell-driver.ts';

test('gossipper shell -h and cli -h print only the shell usage', async () => {
  for (const name of ['shell', 'cli']) {
    const io = fakeIo();
    assert.equal(await main([name, '-h'], io), 0);
    assert.match(io.out(), /^Usage: gossipper shell {4}\(alias: gossipper cli\)\n/);
    assert.doesNotMatch(io.out(), /-rsa <host:port>|Scenario file options/, 'no flag dump');
  }
});

test('gossipper shell takes no arguments', async () => {
  const io = fakeIo();
  assert.equal(await main(['shell', '-sn', 'uac'], io), 1);
  assert.match(io.err(), /^gossipper: gossipper shell takes no arguments, got "-sn uac"\n/);
});

test('run profiles do not apply in the shell: -config and -run-alias are refused', async () => {
  const { io } = await runScript(['set config profile.json', 'set run-alias a', 'show']);
  assert.match(io.err(), /^gossipper: -config: run profiles do not apply in the shell\n/);
  assert.match(io.err(), /gossipper: -run-alias: run profiles do not apply in the shell\n/);
  assert.equal(io.out(), 'gossipper sipp\n');
});
