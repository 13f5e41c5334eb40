// One builder: a run described by flags, by a -config profile file, by an alias of an alias file
// and by a POST /api/v1/clients body reaches the same RunConfig (issue 16 item 5), since every
// profile key becomes the flag tokens the one parser reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandProfile, parseScenarioFlags } from '../../src/cli/index.ts';
import { profileArgs } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { buildEngineConfig } from '../../src/server/engine-config.ts';

const BODY = {
  scenario_file: 'calls/uac.xml',
  remote_addr: '127.0.0.1:5080',
  local_ip: '127.0.0.1',
  local_port: 5071,
  transport: 'tcp',
  rate: 25,
  max_concurrent: 40,
  total_calls: 1000,
  summary_json: 'out/summary.json',
  call_records_jsonl: 'out/calls.jsonl',
  injection_file: 'data/users.csv',
  trace_msg: true,
  extra_args: ['-rp', '2000', '-threshold', 'failed_calls==0'],
};

function fromFlags(dir: string): RunConfig {
  const parsed = parseScenarioFlags(
    [
      '-sf',
      path.join(dir, 'calls/uac.xml'),
      '127.0.0.1:5080',
      '-i',
      '127.0.0.1',
      '-p',
      '5071',
      '-t',
      't1',
      '-r',
      '25',
      '-l',
      '40',
      '-m',
      '1000',
      '-summary_json',
      path.join(dir, 'out/summary.json'),
      '-call_records_jsonl',
      path.join(dir, 'out/calls.jsonl'),
      '-inf',
      path.join(dir, 'data/users.csv'),
      '-trace_msg',
      '-rp',
      '2000',
      '-threshold',
      'failed_calls==0',
    ],
    dir,
  );
  assert.equal(parsed.kind, 'run');
  return parsed.config;
}

function fromProfileFile(dir: string, argv: string[]): RunConfig {
  const expanded = expandProfile(argv, dir);
  assert.equal(expanded.kind, 'engines');
  const parsed = parseScenarioFlags([...expanded.engines[0].args, ...expanded.rest], dir);
  assert.equal(parsed.kind, 'run');
  return parsed.config;
}

test('flags, a profile file, an alias and an API body build one RunConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-same-'));
  for (const sub of ['calls', 'out', 'data']) mkdirSync(path.join(dir, sub));
  writeFileSync(path.join(dir, 'calls/uac.xml'), '<scenario/>');
  writeFileSync(path.join(dir, 'data/users.csv'), 'SEQUENTIAL\nalice\n');
  writeFileSync(path.join(dir, 'flat.json'), JSON.stringify({ role: 'load', ...BODY }));
  writeFileSync(path.join(dir, 'aliases.json'), JSON.stringify({ aliases: { nightly: BODY } }));

  const expected = fromFlags(dir);
  assert.equal(expected.rate.periodMs, 2000, 'the flags were read');
  assert.deepEqual(fromProfileFile(dir, ['-config', 'flat.json']), expected, 'flat profile');
  assert.deepEqual(
    fromProfileFile(dir, ['-config', 'aliases.json', '-run-alias', 'nightly']),
    expected,
    'alias',
  );
  const where = 'POST /api/v1/clients';
  const api = buildEngineConfig(profileArgs(BODY, dir, where).args, dir, where).config;
  assert.deepEqual(api, expected, 'API body');
});
