/**
 * A run's TLS files, read once at start: what a server needs, what a client sends only when it
 * has it, and a clear error naming the file for every way a file can fail to load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { selfSignedCertificate } from '../../src/cert/index.ts';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { HostPort, RunConfig } from '../../src/config/index.ts';
import type { GossipperError } from '../../src/errors.ts';
import { loadTlsMaterial } from '../../src/run/tls-material.ts';

function lab(): { dir: string; cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tls-material-'));
  const m = selfSignedCertificate({ names: ['localhost'], days: 1, now: new Date() });
  writeFileSync(path.join(dir, 'cacert.pem'), m.certPem);
  writeFileSync(path.join(dir, 'cakey.pem'), m.keyPem);
  return { dir, cert: m.certPem, key: m.keyPem };
}

function config(dir: string, edit: (c: RunConfig) => void = () => {}): RunConfig {
  const c = defaultRunConfig();
  c.tls.certFile = path.join(dir, c.tls.certFile);
  c.tls.keyFile = path.join(dir, c.tls.keyFile);
  edit(c);
  return c;
}

const fileIo = (pattern: RegExp) => (e: GossipperError) =>
  e.code === 'FILE_IO' && pattern.test(e.message);

test('a server loads the default cacert.pem / cakey.pem; verification and timeouts come from the config', () => {
  const { dir, cert } = lab();
  const m = loadTlsMaterial({ config: config(dir), isServer: true });
  assert.equal(m.cert?.toString(), cert);
  assert.ok(m.key !== undefined);
  assert.equal(m.verifyServer, true);
  assert.equal(m.requireClientCert, false);
  assert.equal(m.handshakeTimeoutMs, 10_000);
  assert.equal(m.ca, undefined);
  assert.equal(m.minVersion, undefined);
});

test('a server without its certificate is an error naming the file and `gossipper cert`', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tls-none-'));
  assert.throws(
    () => loadTlsMaterial({ config: config(dir), isServer: true }),
    (e: GossipperError) =>
      fileIo(/^cannot load TLS certificate \(-tls_cert\) .*cacert\.pem: not found$/)(e) &&
      /gossipper cert/.test(e.hint ?? ''),
  );
});

test('a client without the default files sends no certificate; with files given it must find them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tls-client-'));
  const m = loadTlsMaterial({ config: config(dir), isServer: false });
  assert.equal(m.cert, undefined);
  assert.equal(m.key, undefined);
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir, (c) => {
          c.tls.certGiven = true;
        }),
        isServer: false,
      }),
    fileIo(/cacert\.pem: not found/),
  );
  const { dir: withFiles } = lab();
  assert.ok(loadTlsMaterial({ config: config(withFiles), isServer: false }).cert !== undefined);
});

test('a certificate or key that does not load, or a key of another certificate, names the file', () => {
  const { dir } = lab();
  const other = selfSignedCertificate({ names: ['x'], days: 1, now: new Date() });
  writeFileSync(path.join(dir, 'garbage.pem'), 'not a certificate\n');
  writeFileSync(path.join(dir, 'other-key.pem'), other.keyPem);
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir, (c) => {
          c.tls.certFile = path.join(dir, 'garbage.pem');
        }),
        isServer: true,
      }),
    fileIo(/^cannot load TLS certificate \(-tls_cert\) .*garbage\.pem: not a PEM certificate/),
  );
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir, (c) => {
          c.tls.keyFile = path.join(dir, 'garbage.pem');
        }),
        isServer: true,
      }),
    fileIo(/^cannot load TLS private key \(-tls_key\) .*garbage\.pem: not a PEM private key/),
  );
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir, (c) => {
          c.tls.keyFile = path.join(dir, 'other-key.pem');
        }),
        isServer: true,
      }),
    fileIo(/^TLS private key .*other-key\.pem does not belong to the certificate .*cacert\.pem$/),
  );
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir, (c) => {
          c.tls.caFile = path.join(dir, 'garbage.pem');
        }),
        isServer: false,
      }),
    fileIo(/^cannot load TLS CA file \(-tls_ca\) .*garbage\.pem: not a PEM certificate/),
  );
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir, (c) => {
          c.tls.crlFile = path.join(dir, 'missing.crl');
        }),
        isServer: false,
      }),
    fileIo(/^cannot load TLS CRL \(-tls_crl\) .*missing\.crl: not found$/),
  );
});

test('SNI defaults to the remote host when it is a name (-rsa first), never an IP; -tls_sni wins', () => {
  const { dir } = lab();
  const sni = (remote?: HostPort, rsa?: HostPort, given?: string) =>
    loadTlsMaterial({
      config: config(dir, (c) => {
        c.remote = remote;
        c.remoteSendAddress = rsa;
        c.tls.serverName = given;
      }),
      isServer: false,
    }).serverName;
  assert.equal(sni({ host: 'sip.example.org', port: 5061 }), 'sip.example.org');
  assert.equal(sni({ host: '127.0.0.1', port: 5061 }), undefined);
  assert.equal(sni({ host: '[::1]', port: 5061 }), undefined);
  assert.equal(sni({ host: 'a.test', port: 1 }, { host: 'proxy.test', port: 2 }), 'proxy.test');
  assert.equal(sni({ host: '127.0.0.1', port: 1 }, undefined, 'forced.test'), 'forced.test');
});

test('-tls_ca, -tls_version, -tls_insecure and NODE_EXTRA_CA_CERTS are carried to the sockets', () => {
  const { dir, cert } = lab();
  const m = loadTlsMaterial({
    config: config(dir, (c) => {
      c.tls.caFile = path.join(dir, 'cacert.pem');
      c.tls.version = '1.3';
      c.tls.verifyServer = false;
    }),
    isServer: false,
    extraCaFile: path.join(dir, 'cacert.pem'),
  });
  assert.equal(m.ca?.toString(), cert);
  assert.equal(m.extraCa?.toString(), cert);
  assert.equal(m.minVersion, 'TLSv1.3');
  assert.equal(m.verifyServer, false);
  assert.throws(
    () =>
      loadTlsMaterial({
        config: config(dir),
        isServer: false,
        extraCaFile: path.join(dir, 'nope.pem'),
      }),
    fileIo(/NODE_EXTRA_CA_CERTS file .*nope\.pem: not found/),
  );
});
