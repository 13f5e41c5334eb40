/**
 * The TLS flags and the stream-listener bounds: each lands in its RunConfig field, and values a
 * run could not use are refused before anything binds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { defaultRunConfig, validateRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import type { FlagError } from '../../src/errors.ts';

function run(...args: string[]): RunConfig {
  const parsed = parseScenarioFlags(['-sn', 'uac', '127.0.0.1', ...args], '/tmp');
  assert.equal(parsed.kind, 'run');
  return parsed.kind === 'run' ? parsed.config : defaultRunConfig();
}

test('defaults: SIPp file names, the server verified, nothing asked of clients, bounds on', () => {
  const c = run();
  assert.deepEqual(c.tls, {
    certFile: 'cacert.pem',
    keyFile: 'cakey.pem',
    verifyServer: true,
    requireClientCert: false,
    certGiven: false,
    handshakeTimeoutMs: 10_000,
  });
  assert.deepEqual(c.streamLimits, {
    maxConnections: 50_000,
    idleTimeoutMs: 0,
    messageTimeoutMs: 30_000,
  });
});

test('every TLS flag and bound reaches its field', () => {
  const c = run(
    '-t',
    'ln',
    '-tls_cert',
    'c.pem',
    '-tls_key',
    'k.pem',
    '-tls_ca',
    'ca.pem',
    '-tls_crl',
    'r.crl',
    '-tls_version',
    '1.3',
    '-tls_insecure',
    '-tls_sni',
    'sip.example.org',
    '-tls_client_cert',
    '-tls_handshake_timeout',
    '2500',
    '-max_connections',
    '100',
    '-idle_timeout',
    '60000',
    '-message_timeout',
    '5000',
  );
  assert.deepEqual(c.transport, { protocol: 'tls', sockets: 'per-call' });
  assert.deepEqual(c.tls, {
    certFile: 'c.pem',
    keyFile: 'k.pem',
    caFile: 'ca.pem',
    crlFile: 'r.crl',
    version: '1.3',
    verifyServer: false,
    serverName: 'sip.example.org',
    requireClientCert: true,
    certGiven: true,
    handshakeTimeoutMs: 2500,
  });
  assert.deepEqual(c.streamLimits, {
    maxConnections: 100,
    idleTimeoutMs: 60_000,
    messageTimeoutMs: 5000,
  });
  assert.equal(run('-tls_key', 'k.pem').tls.certGiven, true);
});

test('-tls_version takes only 1.0 .. 1.3; negative bounds and a zero handshake timeout are refused', () => {
  assert.throws(
    () => run('-tls_version', 'TLSv1.2'),
    (e: FlagError) =>
      e.code === 'FLAG_VALUE' &&
      /-tls_version: "TLSv1\.2" is not 1\.0, 1\.1, 1\.2 or 1\.3/.test(e.message),
  );
  for (const [flag, value] of [
    ['-max_connections', '-1'],
    ['-idle_timeout', '-5'],
    ['-message_timeout', '-5'],
    ['-tls_handshake_timeout', '0'],
  ]) {
    assert.throws(
      () => validateRunConfig(run(flag, value)),
      // A time flag's parser refuses a negative value itself (FLAG_VALUE).
      (e: FlagError) =>
        (e.code === 'CONFIG_INVALID' || e.code === 'FLAG_VALUE') && e.message.includes(flag),
      flag,
    );
  }
  assert.doesNotThrow(() =>
    validateRunConfig(run('-max_connections', '0', '-message_timeout', '0')),
  );
});
