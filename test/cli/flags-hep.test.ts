/**
 * The HEP flags (docs/hep.md): each lands in RunConfig.hep, the profile keys say the same, bad
 * values are usage errors naming the flag, and `sipp -h` lists the HEP section first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenarioFlags, sippHelpText } from '../../src/cli/index.ts';
import { defaultRunConfig, profileArgs, validateRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';

function run(...args: string[]): RunConfig {
  const parsed = parseScenarioFlags(['-sn', 'uac', '127.0.0.1', ...args], '/tmp');
  assert.equal(parsed.kind, 'run');
  return parsed.kind === 'run' ? parsed.config : defaultRunConfig();
}

test('defaults: no export, capture id 0, no auth key, no RTCP', () => {
  assert.deepEqual(run().hep, { captureId: 0, password: '', rtcp: 'off', mediaReport: false });
});

test('every HEP flag reaches its field', () => {
  const c = run(
    '-hep_addr',
    'homer.lab:9060',
    '-hep_capture_id',
    '2001',
    '-hep_password',
    'myHep',
    '-hep_raw_rtcp',
    '-send_media_report',
  );
  assert.deepEqual(c.hep, {
    addr: { host: 'homer.lab', port: 9060 },
    captureId: 2001,
    password: 'myHep',
    rtcp: 'raw',
    mediaReport: true,
  });
  assert.deepEqual(run('-hep_addr', '[::1]:9061').hep.addr, { host: '::1', port: 9061 });
  // Homer-Lake wins over raw, in either order.
  assert.equal(run('-hep_homer_lake_rtcp', '-hep_raw_rtcp').hep.rtcp, 'homer-lake');
  assert.equal(run('-hep_raw_rtcp', '-hep_homer_lake_rtcp').hep.rtcp, 'homer-lake');
});

test('bad values are usage errors naming the flag', () => {
  const refused = (args: string[], message: RegExp): void =>
    assert.throws(
      () => run(...args),
      (err: Error & { code?: string }) => err.code === 'FLAG_VALUE' && message.test(err.message),
    );
  refused(['-hep_addr', '10.0.0.1'], /^-hep_addr: "10\.0\.0\.1" is not host:port/);
  refused(['-hep_addr', '::1'], /^-hep_addr: "::1" is not host:port/);
  refused(['-hep_addr', '10.0.0.1:70000'], /^-hep_addr: .*port in 1\.\.65535/);
  refused(['-hep_addr', '10.0.0.1:0'], /^-hep_addr: .*port in 1\.\.65535/);
  refused(['-hep_capture_id', 'node7'], /^-hep_capture_id: "node7"/);
  refused(['-hep_capture_id', '4294967296'], /^-hep_capture_id: .*0\.\.4294967295/);
  refused(['-hep_capture_id', '-1'], /^-hep_capture_id: .*0\.\.4294967295/);
});

test('what the export cannot do is refused before anything binds', () => {
  const invalid = (args: string[], message: RegExp): void =>
    assert.throws(
      () => validateRunConfig(run(...args)),
      (err: Error & { code?: string }) =>
        err.code === 'CONFIG_INVALID' && message.test(err.message),
    );
  invalid(['-hep_raw_rtcp'], /^-hep_raw_rtcp needs -hep_addr/);
  invalid(['-hep_homer_lake_rtcp'], /^-hep_homer_lake_rtcp needs -hep_addr/);
  invalid(['-send_media_report'], /^-send_media_report needs -hep_addr/);
  validateRunConfig(run('-hep_addr', '127.0.0.1:9060', '-hep_raw_rtcp'));
  // Each shard exports on its own socket (test/interop/hep-threads.test.ts).
  validateRunConfig(run('-hep_addr', '127.0.0.1:9060', '-threads', '2'));
});

test('profile keys stand for the same flags', () => {
  const { args } = profileArgs(
    {
      scenario_name: 'uac',
      remote_addr: '127.0.0.1',
      hep_addr: '127.0.0.1:9060',
      hep_capture_id: 7,
      hep_password: 'pw',
      hep_raw_rtcp: true,
      hep_homer_lake_rtcp: true,
      send_media_report: true,
    },
    '/tmp',
    'lab.json',
  );
  const parsed = parseScenarioFlags(args, '/tmp');
  assert.equal(parsed.kind, 'run');
  if (parsed.kind !== 'run') return;
  assert.deepEqual(parsed.config.hep, {
    addr: { host: '127.0.0.1', port: 9060 },
    captureId: 7,
    password: 'pw',
    rtcp: 'homer-lake',
    mediaReport: true,
  });
  assert.throws(
    () => profileArgs({ hep_capture_id: 'seven' }, '/tmp', 'lab.json'),
    /lab\.json: .*hep_capture_id/,
  );
});

test('sipp -h: the HEP section comes first, with every HEP flag', () => {
  const help = sippHelpText();
  const sections = [...help.matchAll(/^\*\*\* (.*):$/gm)].map((m) => m[1]);
  assert.equal(sections[0], 'HEP export options (Homer)');
  const hep = help.slice(help.indexOf('*** HEP'), help.indexOf(`*** ${sections[1]}`));
  for (const flag of [
    '-hep_addr',
    '-hep_capture_id',
    '-hep_password',
    '-hep_raw_rtcp',
    '-hep_homer_lake_rtcp',
  ])
    assert.match(hep, new RegExp(`^ +${flag}\\b`, 'm'), flag);
});
