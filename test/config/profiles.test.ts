// Run profiles (reference §B8/§B9): JSON keys become flag tokens for the one flag parser, placed
// before argv (defaults → JSON → extra_args → argv), relative paths resolve against the JSON
// file, aliases are picked by -run-alias and listed by -list-aliases, and composite files are
// checked (ids, at most 16 profiles, SIP binds) before any engine starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandProfile, parseScenarioFlags } from '../../src/cli/index.ts';
import type { EngineProfile } from '../../src/config/index.ts';
import { assertDistinctBinds } from '../../src/config/index.ts';
import { main } from '../../src/main.ts';
import { withServerDefaults } from '../../src/server/index.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { REPO } from '../peers/processes.ts';

function configFile(value: unknown, name = 'profile.json'): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-profile-'));
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return { dir, file };
}

function engines(argv: string[], cwd: string): { list: EngineProfile[]; rest: string[] } {
  const expanded = expandProfile(argv, cwd);
  assert.equal(expanded.kind, 'engines');
  return { list: expanded.engines, rest: expanded.rest };
}

/** The primary engine's RunConfig as `gossipper server` builds it. */
function serverConfig(argv: string[], cwd: string) {
  const { list, rest } = engines(argv, cwd);
  const parsed = parseScenarioFlags([...list[0].args, ...rest], cwd);
  assert.equal(parsed.kind, 'run');
  return {
    config: withServerDefaults(parsed.config, parsed.seen, list[0].role ?? 'management'),
    first: list[0],
  };
}

test('keys become flags; relative paths resolve against the JSON; extra_args, then argv, win', () => {
  const { dir } = configFile({
    _comment: 'ignored',
    role: 'management',
    id: 'edge',
    scenario_file: 'scenarios/answer.xml',
    local_ip: '127.0.0.1',
    local_port: 5070,
    transport: 'tcp',
    rate: 5,
    max_concurrent: 10,
    total_calls: 0,
    summary_json: 'out/summary.json',
    api_addr: '127.0.0.1:9090',
    api_token: 'from-json',
    drain_timeout: '10s',
    extra_args: ['-l', '50', '-r', '7'],
  });
  const { config, first } = serverConfig(['-config', 'profile.json', '-p', '6000', '-r', '9'], dir);
  assert.deepEqual(config.scenario, { kind: 'file', path: path.join(dir, 'scenarios/answer.xml') });
  assert.equal(config.results.summaryJson, path.join(dir, 'out/summary.json'));
  assert.equal(config.localIp, '127.0.0.1');
  assert.equal(config.localPort, 6000, 'argv wins over the JSON');
  assert.equal(config.callLimit, 50, 'extra_args win over the JSON key');
  assert.equal(config.rate.callsPerPeriod, 9, 'argv wins over extra_args');
  assert.equal(config.transport.protocol, 'tcp');
  assert.equal(config.maxCalls, undefined, 'total_calls 0 is unlimited');
  assert.deepEqual(config.api.addr, { host: '127.0.0.1', port: 9090 });
  assert.equal(config.api.token, 'from-json');
  assert.equal(config.api.drainTimeoutMs, 10_000);
  assert.equal(first.id, 'edge');
});

test('role: given, or inferred; load keeps the one-shot defaults, management gets 5060', () => {
  const load = configFile({ remote_addr: '127.0.0.1:5080' });
  const l = serverConfig(['-config', load.file], load.dir);
  assert.equal(l.first.role, 'load');
  assert.deepEqual(l.config.scenario, { kind: 'builtin', name: 'uac' });
  assert.equal(l.config.localPort, undefined);
  const mgmt = configFile({ scenario_name: 'uas' });
  const m = serverConfig(['-config', mgmt.file], mgmt.dir);
  assert.equal(m.first.role, 'management');
  assert.equal(m.config.localPort, 5060);
  const none = configFile({});
  assert.deepEqual(serverConfig(['-config', none.file], none.dir).config.scenario, {
    kind: 'builtin',
    name: 'management',
  });
});

test('aliases: -run-alias picks one, -list-aliases prints them sorted, typos get a suggestion', async () => {
  const { dir } = configFile({
    aliases: {
      smoke: { scenario_name: 'uac', remote_addr: '127.0.0.1:5080', rate: 2 },
      'soak-night': { scenario_name: 'uac', remote_addr: '127.0.0.1:5080', rate: 200 },
      answer: { scenario_name: 'uas' },
    },
  });
  const { list } = engines(['-config', 'profile.json', '-run-alias', 'soak-night'], dir);
  assert.deepEqual(list[0].args, ['-sn', 'uac', '127.0.0.1:5080', '-r', '200']);
  const io = fakeIo(dir);
  assert.equal(await main(['-config', 'profile.json', '-list-aliases'], io), 0);
  assert.equal(io.out(), 'answer\nsmoke\nsoak-night\n');
  assert.throws(
    () => expandProfile(['-config', 'profile.json', '-run-alias', 'smok'], dir),
    /no alias "smok" \(did you mean "smoke"\?\)/,
  );
  assert.throws(
    () => expandProfile(['-config', 'profile.json'], dir),
    /holds aliases: pick one with -run-alias \(answer, smoke, soak-night\)/,
  );
  assert.throws(() => expandProfile(['-run-alias', 'smoke'], dir), /-run-alias needs -config/);
  const flat = configFile({ rate: 1 });
  assert.throws(
    () => expandProfile(['-config', flat.file, '-list-aliases'], flat.dir),
    /has no "aliases" object to list/,
  );
});

test('the one-shot path runs a profile: -config -run-alias, argv last', async () => {
  const { dir } = configFile({
    aliases: { dump: { scenario_name: 'uac', extra_args: ['-sd', 'uas'] } },
  });
  const io = fakeIo(dir);
  // -sd (from extra_args, after the JSON's -sn) dumps the alias's scenario: the tokens reached
  // the one flag parser in order.
  await main(['-config', 'profile.json', '-run-alias', 'dump'], io);
  assert.match(io.out(), /<scenario name="Basic UAS responder">/, io.err());
  const composite = configFile({ server: {}, clients: [{ remote_addr: '127.0.0.1:5060' }] });
  const io2 = fakeIo(composite.dir);
  assert.notEqual(await main(['-config', composite.file, '-sn', 'uac'], io2), 0);
  assert.match(io2.err(), /composite profile .* use gossipper server -config/);
});

test("composite: shared keys merged into each profile, ids defaulted, API keys the server's", () => {
  const { dir } = configFile({
    local_ip: '127.0.0.1',
    api_addr: '127.0.0.1:0',
    server: { scenario_name: 'uas', local_port: 5090 },
    clients: [
      { scenario_name: 'uac', remote_addr: '127.0.0.1:5090', rate: 3 },
      { id: 'burst', scenario_name: 'uac', remote_addr: '127.0.0.1:5090', local_ip: '127.0.0.2' },
    ],
  });
  const { list } = engines(['-config', 'profile.json'], dir);
  assert.deepEqual(
    list.map((e) => [e.id, e.isPrimary, e.role]),
    [
      ['primary', true, 'management'],
      ['w1', false, 'load'],
      ['burst', false, 'load'],
    ],
  );
  assert.deepEqual(list[0].args, [
    '-sn',
    'uas',
    '-i',
    '127.0.0.1',
    '-p',
    '5090',
    '-api_addr',
    '127.0.0.1:0',
  ]);
  assert.deepEqual(list[1].args, ['-sn', 'uac', '-i', '127.0.0.1', '127.0.0.1:5090', '-r', '3']);
  assert.ok(list[2].args.includes('127.0.0.2'), 'a profile key wins over the shared one');
  assert.ok(!list[2].args.includes('-api_addr'));
});

test('composite validation errors name the profile and the problem', () => {
  const client = { scenario_name: 'uac', remote_addr: '127.0.0.1:5060' };
  const cases: Array<[unknown, RegExp]> = [
    [
      {
        server: {},
        clients: [
          { id: 'x', ...client },
          { id: 'x', ...client },
        ],
      },
      /clients\[1\]: id "x" is already the id of .*clients\[0\]; ids must differ/,
    ],
    [{ server: { id: 'w1' }, clients: [client] }, /clients\[0\]: id "w1" is already/],
    [{ server: {}, clients: Array.from({ length: 16 }, () => client) }, /17 profiles: at most 16/],
    [{ server: {}, clients: [client], client }, /give "clients" or "client", not both/],
    [{ server: { role: 'load' } }, /server: the server profile must be a management one/],
    [
      { server: {}, clients: [{ scenario_name: 'uas' }] },
      /clients\[0\]: a client profile must be a load profile/,
    ],
    [
      { server: {}, clients: [{ ...client, api_token: 't' }] },
      /clients\[0\]: "api_token": the API is the server's/,
    ],
    [
      { server: {}, clients: [{ ...client, rate: 'fast' }] },
      /clients\[0\]: "rate" must be a number >= 0/,
    ],
    [{ server: {}, workloads: [] }, /"workloads" was removed/],
    [{ server: [] }, /"server" inside a profile must be true or false/],
  ];
  for (const [value, error] of cases) {
    const { dir } = configFile(value);
    assert.throws(
      () => expandProfile(['-config', 'profile.json'], dir),
      error,
      JSON.stringify(value),
    );
  }
});

test('duplicate SIP binds across engines are refused, naming both', () => {
  const { dir } = configFile({
    local_ip: '127.0.0.1',
    server: { scenario_name: 'uas', local_port: 5090 },
    clients: [
      { id: 'ok', scenario_name: 'uac', remote_addr: '127.0.0.1:5090', local_port: 5091 },
      {
        id: 'tcp',
        scenario_name: 'uac',
        remote_addr: '127.0.0.1:5090',
        local_port: 5090,
        transport: 'tcp',
      },
      { id: 'clash', scenario_name: 'uac', remote_addr: '127.0.0.1:5090', local_port: 5090 },
    ],
  });
  const { list } = engines(['-config', 'profile.json'], dir);
  const binds = list.map((e) => {
    const parsed = parseScenarioFlags(e.args, dir);
    assert.equal(parsed.kind, 'run');
    return { id: e.id, where: e.where, config: parsed.config };
  });
  assert.doesNotThrow(() => assertDistinctBinds(binds.slice(0, 3)), 'udp and tcp differ');
  assert.throws(
    () => assertDistinctBinds(binds),
    /clients\[2\]: SIP bind udp 127\.0\.0\.1:5090 is already engine "primary"'s/,
  );
  // A wildcard bind takes the port on every address.
  const wild = parseScenarioFlags(['-p', '5090'], dir);
  assert.equal(wild.kind, 'run');
  assert.throws(
    () => assertDistinctBinds([binds[0], { id: 'any', config: wild.config }]),
    /engine "any": SIP bind udp \*:5090/,
  );
});

test('bad keys are refused by name: unknown, not available, bad JSON, bad value', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ rate: 5, speed: 1 }, /unknown key "speed"/],
    [{ sip_from: 'x', sip_pai: 'y' }, /"sip_from", "sip_pai": not available in this version/],
    [{ listeners: 'udp' }, /"listeners" must be an array/],
    ['{"rate": ', /malformed JSON/],
    [{ local_port: 70000 }, /"local_port" must be a port/],
    [{ transport: 'sctp' }, /"transport" must be one of udp, tcp, tls, ws, wss/],
    [{ scenario_file: 'a.xml', scenario_name: 'uas' }, /scenario_file or scenario_name, not both/],
    [{ id: 'bad id!' }, /"id" must be 1\.\.64 letters/],
    [{ extra_args: ['-r', 5] }, /"extra_args" must be an array of strings/],
    [{ extra_args: ['-config', 'x.json'] }, /-config inside a profile's extra_args/],
    [[1, 2], /the top level must be a JSON object/],
  ];
  for (const [value, error] of cases) {
    const { dir } = configFile(value);
    assert.throws(
      () => {
        const { list } = engines(['-config', 'profile.json'], dir);
        parseScenarioFlags(list[0].args, dir);
      },
      error,
      JSON.stringify(value),
    );
  }
  assert.throws(
    () => expandProfile(['-config', '/nonexistent/x.json'], '/'),
    /cannot read it \(ENOENT\)/,
  );
  assert.throws(() => expandProfile(['-config'], '/'), /-config needs a value/);
});

test("listeners: the first bind is the primary's, each other one an engine of its own", () => {
  const { dir } = configFile({
    id: 'edge',
    scenario_name: 'uas',
    local_port: 5000,
    listeners: [
      { transport: 'udp', local_ip: '127.0.0.1', local_port: 5060 },
      { transport: 'tcp', local_port: 5060 },
    ],
  });
  const { list, rest } = engines(['-config', 'profile.json', '-p', '5070'], dir);
  assert.deepEqual(
    list.map((e) => [e.id, e.isPrimary, e.role, e.listener?.index]),
    [
      ['edge', true, 'management', undefined],
      ['edge-l1', false, 'management', 1],
    ],
  );
  // Primary: its keys, its bind, then argv (which wins); a further listener keeps its own bind.
  const primary = parseScenarioFlags([...list[0].args, ...rest], dir);
  assert.equal(primary.kind === 'run' && primary.config.localPort, 5070);
  const second = list[1];
  const l1 = parseScenarioFlags(
    [...second.args, ...rest, ...(second.listener?.bindArgs ?? [])],
    dir,
  );
  assert.equal(l1.kind === 'run' && l1.config.localPort, 5060);
  assert.equal(l1.kind === 'run' && l1.config.transport.protocol, 'tcp');
  assert.deepEqual(l1.kind === 'run' && l1.config.scenario, { kind: 'builtin', name: 'uas' });
  for (const [value, error] of [
    [{ listeners: [] }, /"listeners" must be an array of 1\.\.16 binds/],
    [{ listeners: [{ port: 1 }] }, /listeners\[0\]: unknown key "port"/],
    [{ listeners: [{ local_port: -1 }] }, /listeners\[0\]: "local_port" must be a port/],
    [
      { server: {}, clients: [{ remote_addr: '127.0.0.1:5060', listeners: [{}] }] },
      /clients\[0\]: "listeners" are the server profile's/,
    ],
  ] as Array<[unknown, RegExp]>) {
    const bad = configFile(value);
    assert.throws(
      () => expandProfile(['-config', bad.file], bad.dir),
      error,
      JSON.stringify(value),
    );
  }
});

test('the examples load: server, client, hybrid, multi-listener', () => {
  for (const name of ['server', 'client', 'hybrid', 'multi-listener']) {
    const { list } = engines(['-config', path.join(REPO, `examples/${name}.json`)], REPO);
    for (const e of list) assert.equal(parseScenarioFlags(e.args, REPO).kind, 'run', name);
  }
  const hybrid = engines(['-config', path.join(REPO, 'examples/hybrid.json')], REPO).list;
  assert.deepEqual(
    hybrid.map((e) => e.id),
    ['edge', 'steady', 'burst'],
  );
});

test('gossipper profile prints the flag summary; server -h lists the profile flags', async () => {
  const io = fakeIo();
  assert.equal(await main(['profile'], io), 0);
  for (const flag of ['-config <file.json>', '-run-alias <name>', '-list-aliases'])
    assert.ok(io.out().includes(flag), flag);
  assert.match(
    io.out(),
    /then the JSON keys, then its "extra_args", then the\s+command line's own flags/,
  );
  const help = fakeIo();
  await main(['server', '-h'], help);
  assert.match(help.out(), /-run-alias <name>/);
});
