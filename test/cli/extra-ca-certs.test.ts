// NODE_EXTRA_CA_CERTS is kept out of Node's start-up by the launcher and the bundle's shebang, and
// put back after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { DEFERRED_EXTRA_CA_CERTS, restoreExtraCaCerts } from '../../src/extra-ca-certs.ts';
import { GOSSIPPER_BIN, GOSSIPPER_BUNDLE, requireBuiltBin } from '../peers/processes.ts';

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
  const starts: Array<[string, string, string[], NodeJS.ProcessEnv]> = [
    ['launcher, snapshot', GOSSIPPER_BIN, ['-v'], env],
    ['launcher, bundle', GOSSIPPER_BIN, ['-v'], { ...env, GOSSIPPER_SNAPSHOT: 'off' }],
    ["bundle's shebang", GOSSIPPER_BUNDLE, ['-v'], env],
  ];
  for (const [how, cmd, args, e] of starts) {
    const r = spawnSync(cmd, args, { env: e, encoding: 'utf8' });
    assert.equal(r.status, 99, `${how}: ${r.stderr}`);
    assert.match(r.stdout, /Gossipper v/, how);
    assert.doesNotMatch(r.stderr, /extra certs/, how);
  }
  // The control: Node started on the bundle without either of them sees the variable.
  const viaNode = spawnSync(process.execPath, [GOSSIPPER_BUNDLE, '-v'], { env, encoding: 'utf8' });
  assert.equal(viaNode.status, 99);
  assert.match(viaNode.stderr, /Ignoring extra certs from `\/nonexistent\/gossipper-test-ca\.pem`/);
});
