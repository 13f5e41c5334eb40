// `gossipper server` on the command line: its help (management flags in sections, hidden from
// `gossipper sipp -h`), its defaults (SIP 5060, the `management` scenario, API 127.0.0.1:8080),
// -api_addr parsing, and the built-in `management` scenario it answers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/main.ts';
import { parseApiAddr, parseScenarioFlags, sippHelpText } from '../../src/cli/index.ts';
import { loadBuiltinScenario } from '../../src/scenario/index.ts';
import { withServerDefaults } from '../../src/server/index.ts';
import { fakeIo } from '../cli/fake-io.ts';

async function gossipper(...argv: string[]) {
  const io = fakeIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

function serverConfig(...args: string[]) {
  const parsed = parseScenarioFlags(args, '/tmp');
  assert.equal(parsed.kind, 'run');
  return withServerDefaults(parsed.config, parsed.seen);
}

test('gossipper server -h: management flags in sections; sipp -h does not list them', async () => {
  for (const flag of ['-h', '-help', '--help']) {
    const r = await gossipper('server', flag);
    assert.equal(r.code, 99);
    for (const section of ['SIP bind', 'Scenario', 'HTTP API', 'Lifecycle', 'TLS'])
      assert.match(r.out, new RegExp(`^\\*\\*\\* ${section}:$`, 'm'), section);
    assert.match(r.out, /^ {3}-api_addr <host:port> *\n? *: Serve the HTTP API v1/m);
    assert.match(r.out, /-api_token <token>/);
    assert.match(r.out, /-drain_timeout <time>/);
    assert.match(r.out, /^ {3}-p <port>/m);
    for (const line of r.out.split('\n')) assert.ok(line.length <= 80, line);
  }
  const sipp = sippHelpText();
  for (const name of ['api_addr', 'api_token', 'drain_timeout'])
    assert.doesNotMatch(sipp, new RegExp(`-${name}\\b`), name);
  assert.match((await gossipper('-h')).out, /^ {2}server +long-running management mode/m);
});

test('server defaults: SIP port 5060, the management scenario, API on 127.0.0.1:8080', () => {
  const c = serverConfig();
  assert.equal(c.localPort, 5060);
  assert.deepEqual(c.scenario, { kind: 'builtin', name: 'management' });
  assert.deepEqual(c.api.addr, { host: '127.0.0.1', port: 8080 });
  assert.equal(c.api.drainTimeoutMs, 30_000);
  assert.equal(c.api.token, undefined);
  const given = serverConfig('-p', '0', '-sn', 'uas', '-api_addr', ':9000', '-api_token', 't');
  assert.equal(given.localPort, 0);
  assert.deepEqual(given.scenario, { kind: 'builtin', name: 'uas' });
  assert.deepEqual(given.api.addr, { host: '0.0.0.0', port: 9000 });
  assert.equal(given.api.token, 't');
  assert.equal(serverConfig('-drain_timeout', '5').api.drainTimeoutMs, 5000);
  assert.equal(serverConfig('-sf', 'x.xml').scenario.kind, 'file');
  // A one-shot run has no API unless asked for.
  const oneShot = parseScenarioFlags(['-sn', 'uac'], '/tmp');
  assert.equal(oneShot.kind === 'run' && oneShot.config.api.addr, undefined);
});

test('-api_addr forms, and a clear error for the others', async () => {
  assert.deepEqual(parseApiAddr('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseApiAddr('[::1]:0'), { host: '::1', port: 0 });
  assert.deepEqual(parseApiAddr(':80'), { host: '0.0.0.0', port: 80 });
  assert.deepEqual(parseApiAddr('localhost:1'), { host: 'localhost', port: 1 });
  for (const bad of ['8080', '127.0.0.1', '127.0.0.1:x', 'h:70000', '[::1]', '::1:80', '[]:1']) {
    assert.throws(() => parseApiAddr(bad), /-api_addr: ".*" is not a host:port/, bad);
  }
  const r = await gossipper('server', '-api_addr', 'nope');
  assert.equal(r.code, 1);
  assert.match(r.err, /-api_addr: "nope" is not a host:port/);
});

test('built-in management: OPTIONS branch and the uas flow, in server mode', () => {
  const s = loadBuiltinScenario('management');
  assert.equal(s.mode, 'server');
  const first = s.commands[0];
  assert.ok(first.kind === 'recv' && first.request === 'OPTIONS' && first.optional);
  assert.ok(s.commands.some((c) => c.kind === 'recv' && c.request === 'INVITE'));
  assert.ok(s.commands.some((c) => c.kind === 'recv' && c.request === 'BYE'));
});
