import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { defaultRunConfig, validateRunConfig } from '../../src/config/index.ts';
import { compileTemplate } from '../../src/scenario/index.ts';

function configOf(args: string[]): RunConfig {
  const parsed = parseScenarioFlags(args, '/work/cwd');
  assert.equal(parsed.kind, 'run');
  return parsed.config;
}

test('defaults: no injection files, no index, -ip_field 0, no users mode', () => {
  const c = defaultRunConfig();
  assert.deepEqual(c.injection, { files: [], indexes: [], ipField: 0 });
  assert.equal(c.users, undefined);
});

test('-inf is repeatable: names kept as written, paths resolved against the cwd', () => {
  const c = configOf(['-inf', 'users.csv', '-inf', './data/callee.csv', '-inf', '/abs/x.csv']);
  assert.deepEqual(c.injection.files, [
    { name: 'users.csv', path: '/work/cwd/users.csv' },
    { name: './data/callee.csv', path: '/work/cwd/data/callee.csv' },
    { name: '/abs/x.csv', path: '/abs/x.csv' },
  ]);
});

test('-infindex file field, -ip_field n, -users n', () => {
  const c = configOf(['-infindex', 'users.csv', '0x1', '-ip_field', '2', '-users', '40']);
  assert.deepEqual(c.injection.indexes, [{ file: 'users.csv', field: 1 }]);
  assert.equal(c.injection.ipField, 2);
  assert.equal(c.users, 40);
  assert.throws(() => configOf(['-infindex', 'users.csv']), /-infindex needs two values/);
  assert.throws(() => configOf(['-infindex', 'users.csv', 'x']), /-infindex/);
});

test('validation: -users at least 1, -ip_field and -infindex field not negative', () => {
  assert.throws(() => validateRunConfig(configOf(['-users', '0'])), /-users: 0 is too small/);
  assert.throws(() => validateRunConfig(configOf(['-ip_field', '-1'])), /-ip_field/);
  assert.throws(
    () => validateRunConfig(configOf(['-infindex', 'a.csv', '-2'])),
    /-infindex field: -2/,
  );
  validateRunConfig(configOf(['-users', '1', '-inf', 'a.csv', '-infindex', 'a.csv', '0']));
});

test('keywords: [fieldN] with file= and line=, [users], [userid]; bad forms fail at load', () => {
  const t = compileTemplate(
    'INVITE sip:x SIP/2.0\nX: [field0] [field12 file="b.csv" line="[$l]"] [users] [userid]\n\n',
  );
  const names = t.parts.flatMap((p) => (p instanceof Uint8Array ? [] : [p.name]));
  assert.deepEqual(names, ['field0', 'field12', 'users', 'userid']);
  assert.throws(
    () => compileTemplate('INVITE sip:x SIP/2.0\nX: [fieldx]\n\n'),
    /keyword \[fieldx\]: expected field<N>/,
  );
  assert.throws(
    () => compileTemplate('INVITE sip:x SIP/2.0\nX: [field0 line="[nonsense]"]\n\n'),
    /\[field0 line="\[nonsense\]"\]: unknown keyword \[nonsense\]/,
  );
  assert.throws(
    () => compileTemplate('INVITE sip:x SIP/2.0\nX: [users x=2]\n\n'),
    /takes no parameters/,
  );
});
