// runConfigPaths lists every file a RunConfig names: each string or pair flag of the table is
// given a probe path, and wherever the probe lands in the config must be among the listed paths
// (the API confines them to its directory, server/api-paths.ts; one left out would escape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runConfigPaths } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FLAG_TABLE, parseScenarioFlags } from '../../src/cli/index.ts';

/** The run config of a flag list (throws when the flags ask for no run). */
function configOf(args: string[], cwd: string): RunConfig {
  const parsed = parseScenarioFlags(args, cwd);
  if (parsed.kind !== 'run') throw new Error(`${args.join(' ')}: ${parsed.kind}`);
  return parsed.config;
}

const PROBE = '/probe-dir/file.txt';
/** A URL path, not a file. */
const NOT_FILES = new Set(['webSocket.path']);
/** A flag or a config field that names a file, by its wording. */
const FILE_WORDS = /file|dir|path/i;

/** Where in the config (dotted, array indexes dropped) a string holding the probe landed. */
function probesIn(value: unknown, at: string, found: string[]): string[] {
  if (typeof value === 'string' && value.includes('/probe-dir/')) found.push(at);
  if (typeof value === 'object' && value !== null)
    for (const [key, inner] of Object.entries(value))
      if (!Array.isArray(value) || /^\d+$/.test(key))
        probesIn(inner, Array.isArray(value) ? at : at === '' ? key : `${at}.${key}`, found);
  return found;
}

test('every path a flag sets is among runConfigPaths', () => {
  const checked: string[] = [];
  for (const flag of FLAG_TABLE) {
    if (!flag.available || (flag.kind !== 'string' && flag.kind !== 'pair')) continue;
    const values = flag.kind === 'pair' ? [PROBE, PROBE] : [PROBE];
    let config: RunConfig;
    try {
      config = configOf([`-${flag.name}`, ...values], '/cwd');
    } catch {
      continue; // the probe is no valid value for this flag (a transport name, a number...)
    }
    // A file flag by its argument's name (`<file>`), or a field named like one (`messageFile`).
    const isFileFlag = FILE_WORDS.test(flag.argName);
    const landed = probesIn(config, '', []).filter(
      (at) => !NOT_FILES.has(at) && (isFileFlag || FILE_WORDS.test(at.split('.').pop() ?? '')),
    );
    if (landed.length === 0) continue;
    checked.push(flag.name);
    const listed = runConfigPaths(config).filter((p) => p.path.includes('/probe-dir/'));
    assert.ok(listed.length >= 1, `-${flag.name} sets ${landed.join(', ')}, not listed`);
  }
  for (const name of ['sf', 'oocsf', 'inf', 'tls_cert', 'summary_json', 'record_wav_dir'])
    assert.ok(checked.includes(name), `-${name} was probed (${checked.join(' ')})`);
});

test('a relative path is listed resolved, with the flag that set it', () => {
  const config = configOf(
    ['-sf', 'uac.xml', '-inf', 'a.csv', '-summary_json', 'out/s.json', '-tls_ca', 'ca.pem'],
    '/srv/gossipper',
  );
  const paths = runConfigPaths(config);
  for (const [flag, path] of [
    ['-sf', '/srv/gossipper/uac.xml'],
    ['-inf', '/srv/gossipper/a.csv'],
    ['-summary_json', '/srv/gossipper/out/s.json'],
  ])
    assert.ok(
      paths.some((p) => p.flag === flag && p.path === path),
      `${flag} ${path} in ${JSON.stringify(paths)}`,
    );
  assert.ok(paths.some((p) => p.flag === '-tls_ca' && p.path.endsWith('ca.pem')));
});
