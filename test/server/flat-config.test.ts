// `gossipper server -config file.json`: flat JSON keys become flags placed before the command
// line's (which win), relative paths resolve against the JSON file, and what is unknown or not
// available yet is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { REPO } from '../peers/processes.ts';
import { readFlatConfig, takeConfigFlag, withServerDefaults } from '../../src/server/index.ts';

function configFile(value: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-config-'));
  const file = path.join(dir, 'server.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return { dir, file };
}

function serverConfig(argv: string[], cwd: string) {
  const { file, rest } = takeConfigFlag(argv);
  const profile = file === undefined ? undefined : readFlatConfig(file, cwd);
  const parsed = parseScenarioFlags([...(profile?.args ?? []), ...rest], cwd);
  assert.equal(parsed.kind, 'run');
  return { config: withServerDefaults(parsed.config, parsed.seen, profile?.role), profile };
}

test('keys become flags; relative scenario_file resolves against the JSON; argv wins', () => {
  const { dir, file } = configFile({
    _comment: 'ignored',
    role: 'management',
    id: 'edge',
    scenario_file: 'scenarios/answer.xml',
    local_ip: '127.0.0.1',
    local_port: 5070,
    transport: 'tcp',
    rate: 5,
    total_calls: 0,
    api_addr: '127.0.0.1:9090',
    api_token: 'from-json',
    drain_timeout: '10s',
    extra_args: ['-l', '50'],
  });
  const { config, profile } = serverConfig(['-config', 'server.json', '-p', '6000'], dir);
  assert.deepEqual(config.scenario, {
    kind: 'file',
    path: path.join(dir, 'scenarios/answer.xml'),
  });
  assert.equal(config.localIp, '127.0.0.1');
  assert.equal(config.localPort, 6000, 'the command line wins over the JSON');
  assert.equal(config.transport.protocol, 'tcp');
  assert.equal(config.rate.callsPerPeriod, 5);
  assert.equal(config.maxCalls, undefined, 'total_calls 0 is unlimited');
  assert.equal(config.callLimit, 50);
  assert.deepEqual(config.api.addr, { host: '127.0.0.1', port: 9090 });
  assert.equal(config.api.token, 'from-json');
  assert.equal(config.api.drainTimeoutMs, 10_000);
  assert.equal(profile?.id, 'edge');
  assert.equal(file, path.join(dir, 'server.json'));
});

test('role load keeps the one-shot defaults; management gets 5060 and the management scenario', () => {
  const load = configFile({ role: 'load', remote_addr: '127.0.0.1:5080' });
  const l = serverConfig(['-config', load.file], load.dir).config;
  assert.deepEqual(l.scenario, { kind: 'builtin', name: 'uac' });
  assert.equal(l.localPort, undefined);
  assert.deepEqual(l.remote, { host: '127.0.0.1', port: 5080 });
  const mgmt = configFile({});
  const m = serverConfig(['-config', mgmt.file], mgmt.dir).config;
  assert.deepEqual(m.scenario, { kind: 'builtin', name: 'management' });
  assert.equal(m.localPort, 5060);
});

test('examples/server.json loads', () => {
  const { config } = serverConfig(['-config', path.join(REPO, 'examples/server.json')], REPO);
  assert.deepEqual(config.scenario, { kind: 'builtin', name: 'management' });
  assert.deepEqual(config.api.addr, { host: '127.0.0.1', port: 8080 });
});

test('bad files are refused by name: unknown key, missing feature, bad JSON, bad value', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ rate: 5, speed: 1 }, /Unrecognized key: "speed"/],
    [{ clients: [], hep_addr: 'x' }, /"clients", "hep_addr": not available in this version/],
    ['{"rate": ', /malformed JSON/],
    [{ local_port: 70000 }, /local_port: /],
    [{ transport: 'sctp' }, /transport: /],
    [{ scenario_file: 'a.xml', scenario_name: 'uas' }, /scenario_file or scenario_name, not both/],
    [[1, 2], /expected object/],
  ];
  for (const [value, error] of cases) {
    const { dir, file } = configFile(value);
    assert.throws(() => readFlatConfig(file, dir), error, JSON.stringify(value));
    assert.throws(() => readFlatConfig(file, dir), /^FlagError: -config .*server\.json: /);
  }
  assert.throws(() => readFlatConfig('/nonexistent/x.json', '/'), /cannot read it \(ENOENT\)/);
  assert.throws(() => takeConfigFlag(['-config']), /-config needs a file/);
  assert.throws(
    () => parseScenarioFlags(['-config', 'x.json'], '/tmp'),
    /-config is only read by gossipper server/,
  );
});
