import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags, type ParsedFlags } from '../../src/cli/index.ts';
import { defaultRunConfig, type RunConfig } from '../../src/config/index.ts';
import { FlagError } from '../../src/errors.ts';

const CWD = '/home/tester/run';

function run(...args: string[]): RunConfig {
  const parsed: ParsedFlags = parseScenarioFlags(args, CWD);
  assert.equal(parsed.kind, 'run');
  return (parsed as Extract<ParsedFlags, { kind: 'run' }>).config;
}

function fails(args: string[], code: string, pattern: RegExp): void {
  assert.throws(
    () => parseScenarioFlags(args, CWD),
    (err: unknown) => {
      assert.ok(err instanceof FlagError, `expected FlagError, got ${String(err)}`);
      assert.equal(err.code, code);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test('no flags gives SIPp defaults, with -rate_interval = -fd = 60 s', () => {
  assert.deepEqual(run(), defaultRunConfig());
  assert.equal(run().rate.intervalMs, 60_000);
});

test('scenario selection: -sn, -sf resolved against cwd, absolute -sf kept', () => {
  assert.deepEqual(run('-sn', 'uas').scenario, { kind: 'builtin', name: 'uas' });
  assert.deepEqual(run('-sf', 'x/uac.xml').scenario, {
    kind: 'file',
    path: '/home/tester/run/x/uac.xml',
  });
  assert.deepEqual(run('-sf', '/abs/s.xml').scenario, { kind: 'file', path: '/abs/s.xml' });
});

test('-sf and -sn together are rejected in either order', () => {
  fails(['-sf', 'a.xml', '-sn', 'uac'], 'FLAG_VALUE', /-sf and -sn cannot be used together/);
  fails(['-sn', 'uac', '-sf', 'a.xml'], 'FLAG_VALUE', /-sf and -sn cannot be used together/);
});

test('remote host positional, anywhere among the flags, and -rsa', () => {
  assert.deepEqual(run('127.0.0.1').remote, { host: '127.0.0.1', port: 5060 });
  assert.deepEqual(run('-sn', 'uac', 'pbx:5070', '-m', '1').remote, { host: 'pbx', port: 5070 });
  assert.deepEqual(run('[::1]:5080').remote, { host: '::1', port: 5080 });
  assert.deepEqual(run('-rsa', '10.1.1.1:5062').remoteSendAddress, {
    host: '10.1.1.1',
    port: 5062,
  });
  fails(['a', 'b'], 'FLAG_VALUE', /unexpected argument "b": the remote host is already "a"/);
  fails(['host:99999'], 'FLAG_VALUE', /^remote host: "host:99999"/);
});

test('network, call and media flags write their RunConfig fields', () => {
  const c = run(
    '-s',
    'alice',
    '-i',
    '10.0.0.5',
    '-p',
    '5070',
    '-t',
    'un',
    '-mi',
    '10.0.0.6',
    '-mp',
    '7000',
    '-base_cseq',
    '100',
    '-cid_str',
    '%u@x',
    '-aa',
    '-au',
    'bob',
    '-ap',
    'secret',
    '-buff_size',
    '0x100000',
    '-nostdin',
    '-bg',
  );
  assert.equal(c.service, 'alice');
  assert.equal(c.localIp, '10.0.0.5');
  assert.equal(c.localPort, 5070);
  assert.deepEqual(c.transport, { protocol: 'udp', sockets: 'per-call' });
  assert.equal(c.mediaIp, '10.0.0.6');
  assert.equal(c.mediaPort, 7000);
  assert.equal(c.baseCseq, 100);
  assert.equal(c.callIdFormat, '%u@x');
  assert.equal(c.autoAnswer, true);
  assert.equal(c.authUser, 'bob');
  assert.equal(c.authPassword, 'secret');
  assert.equal(c.socketBufferBytes, 1_048_576);
  assert.equal(c.noStdin, true);
  assert.equal(c.background, true);
});

test('rate flags, with time units and -rate_interval defaulting to -fd', () => {
  const c = run(
    '-r',
    '2.5',
    '-rp',
    '2s',
    '-rate_increase',
    '5',
    '-rate_max',
    '50',
    '-no_rate_quit',
    '-l',
    '30',
    '-m',
    '1000',
    '-fd',
    '10',
  );
  assert.deepEqual(c.rate, {
    callsPerPeriod: 2.5,
    periodMs: 2000,
    increase: 5,
    max: 50,
    intervalMs: 10_000,
    noRateQuit: true,
  });
  assert.equal(c.callLimit, 30);
  assert.equal(c.maxCalls, 1000);
  assert.equal(run('-rate_interval', '5', '-fd', '10').rate.intervalMs, 5000);
  assert.equal(run('-fd', '10', '-rate_interval', '500ms').rate.intervalMs, 500);
});

test('timing flags use their own default unit', () => {
  const c = run(
    '-d',
    '3000',
    '-timeout',
    '20',
    '-recv_timeout',
    '5s',
    '-send_timeout',
    '100',
    '-deadcall_wait',
    '1m',
    '-T2',
    '2000',
    '-f',
    '2',
    '-timeout_error',
  );
  assert.equal(c.defaultPauseMs, 3000);
  assert.equal(c.runTimeoutMs, 20_000);
  assert.equal(c.recvTimeoutMs, 5000);
  assert.equal(c.sendTimeoutMs, 100);
  assert.equal(c.deadCallWaitMs, 60_000);
  assert.equal(c.retrans.t2Ms, 2000);
  assert.equal(c.screenRefreshMs, 2000);
  assert.equal(c.timeoutIsError, true);
});

test('retransmission flags', () => {
  const c = run(
    '-nr',
    '-max_retrans',
    '3',
    '-max_invite_retrans',
    '2',
    '-max_non_invite_retrans',
    '4',
  );
  assert.deepEqual(c.retrans, {
    enabled: false,
    max: 3,
    maxInvite: 2,
    maxNonInvite: 4,
    t2Ms: 4000,
  });
});

test('two-value flags -key and -set take the next two tokens, even dash-led ones', () => {
  const c = run('-key', 'to_user', 'bob', '-set', 'x', '-1', '-key', 'to_user', 'carol');
  assert.deepEqual(c.keywords, { to_user: 'carol' });
  assert.deepEqual(c.globals, { x: '-1' });
  fails(['-key', 'only'], 'FLAG_MISSING_VALUE', /^-key needs two values/);
  fails(['-set'], 'FLAG_MISSING_VALUE', /^-set needs two values/);
});

test('-default_behaviors: lists, removals, none, -nd', () => {
  assert.deepEqual(run('-default_behaviors', 'all,-bye').defaultBehaviors, {
    bye: false,
    abortUnexpected: true,
    pingReply: true,
  });
  assert.deepEqual(run('-default_behaviors', 'bye,pingreply').defaultBehaviors, {
    bye: true,
    abortUnexpected: false,
    pingReply: true,
  });
  assert.deepEqual(run('-default_behaviors', 'none').defaultBehaviors, {
    bye: false,
    abortUnexpected: false,
    pingReply: false,
  });
  assert.deepEqual(run('-default_behaviors', 'all,none,abortunexp').defaultBehaviors, {
    bye: false,
    abortUnexpected: true,
    pingReply: false,
  });
  assert.deepEqual(run('-nd').defaultBehaviors, {
    bye: false,
    abortUnexpected: false,
    pingReply: false,
  });
  fails(
    ['-default_behaviors', 'all,-byx'],
    'FLAG_VALUE',
    /^-default_behaviors: "-byx" is not a default behavior/,
  );
});

test('-trace_err and -error_file (resolved against cwd)', () => {
  assert.deepEqual(run('-trace_err', '-error_file', 'e.log').traces, {
    errors: true,
    errorFile: '/home/tester/run/e.log',
  });
});

test('-t: u1, un, t1 and tn exist now; other SIPp modes say so', () => {
  assert.deepEqual(run().transport, { protocol: 'udp', sockets: 'shared' });
  assert.deepEqual(run('-t', 'u1').transport, { protocol: 'udp', sockets: 'shared' });
  assert.deepEqual(run('-t', 'un').transport, { protocol: 'udp', sockets: 'per-call' });
  assert.deepEqual(run('-t', 't1').transport, { protocol: 'tcp', sockets: 'shared' });
  assert.deepEqual(run('-t', 'tn').transport, { protocol: 'tcp', sockets: 'per-call' });
  assert.deepEqual(run('-t', 'ui').transport, {
    protocol: 'udp',
    sockets: 'per-call',
    perLocalIp: true,
  });
  assert.deepEqual(run('-t', 'l1').transport, { protocol: 'tls', sockets: 'shared' });
  assert.deepEqual(run('-t', 'ln').transport, { protocol: 'tls', sockets: 'per-call' });
  fails(
    ['-t', 's1'],
    'FLAG_VALUE',
    /^-t s1 \(SCTP with one socket\) is not available in this version/,
  );
  fails(
    ['-t', 'x9'],
    'FLAG_VALUE',
    /^-t: "x9" is not a transport mode \(expected u1, un, t1, tn, l1, ln/,
  );
  fails(['-t', 'constructor'], 'FLAG_VALUE', /^-t: "constructor" is not a transport mode/);
  assert.throws(
    () => parseScenarioFlags(['-t', 's1'], CWD),
    (e: FlagError) => /u1, un, t1, tn, l1, ln/.test(e.hint ?? ''),
  );
});

test('-h, -help, --help, -v and -sd stop parsing with an early exit', () => {
  assert.deepEqual(parseScenarioFlags(['-h', '-bogus'], CWD), { kind: 'help' });
  assert.deepEqual(parseScenarioFlags(['-sn', 'uac', '-help'], CWD), { kind: 'help' });
  assert.deepEqual(parseScenarioFlags(['--help'], CWD), { kind: 'help' });
  assert.deepEqual(parseScenarioFlags(['-v'], CWD), { kind: 'sipp-version' });
  assert.deepEqual(parseScenarioFlags(['-sd', 'uas', '-bogus'], CWD), {
    kind: 'dump-scenario',
    name: 'uas',
  });
  assert.deepEqual(parseScenarioFlags(['-m', '1', '-interactive'], CWD), { kind: 'interactive' });
});

test("-seed (Gossipper) sets the random source's seed; without it there is none", () => {
  assert.equal(run('-seed', '42').seed, 42);
  assert.equal(run('-seed', '0xffffffff').seed, 4_294_967_295);
  assert.equal(run().seed, undefined);
  fails(['-seed', '4x'], 'FLAG_VALUE', /-seed: "4x" is not an integer/);
});
