// NODE_EXTRA_CA_CERTS is kept out of Node's start-up by the bin's shebang and put back after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { DEFERRED_EXTRA_CA_CERTS, restoreExtraCaCerts } from '../../src/extra-ca-certs.ts';
import { GOSSIPPER_BIN, requireBuiltBin } from '../peers/processes.ts';

test('restoreExtraCaCerts puts the user value back and drops the carrier variable', () => {
  const env: NodeJS.ProcessEnv = { [DEFERRED_EXTRA_CA_CERTS]: '/etc/my ca.pem', PATH: '/bin' };
  restoreExtraCaCerts(env);
  assert.deepEqual(env, { NODE_EXTRA_CA_CERTS: '/etc/my ca.pem', PATH: '/bin' });
});

test('restoreExtraCaCerts: empty carrier means the user had none; no carrier changes nothing', () => {
  const empty: NodeJS.ProcessEnv = { [DEFERRED_EXTRA_CA_CERTS]: '' };
  restoreExtraCaCerts(empty);
  assert.deepEqual(empty, {});
  // Started as `node dist/gossipper.js`: the shebang did not run, Node saw the variable itself.
  const direct: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/x.pem' };
  restoreExtraCaCerts(direct);
  assert.deepEqual(direct, { NODE_EXTRA_CA_CERTS: '/x.pem' });
});

test('the bin does not load NODE_EXTRA_CA_CERTS at start-up (plain node does)', () => {
  requireBuiltBin();
  // A file that cannot be read makes Node warn at start-up if, and only if, it tries to load it.
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/gossipper-test-ca.pem' };
  const viaShebang = spawnSync(GOSSIPPER_BIN, ['-v'], { env, encoding: 'utf8' });
  assert.equal(viaShebang.status, 99, viaShebang.stderr);
  assert.match(viaShebang.stdout, /Gossipper v/);
  assert.doesNotMatch(viaShebang.stderr, /extra certs/);
  const viaNode = spawnSync(process.execPath, [GOSSIPPER_BIN, '-v'], { env, encoding: 'utf8' });
  assert.equal(viaNode.status, 99);
  assert.match(viaNode.stderr, /Ignoring extra certs from `\/nonexistent\/gossipper-test-ca\.pem`/);
});
