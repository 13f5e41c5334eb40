/**
 * `gossipper cert`: the DER it builds is a certificate Node's TLS, Node's X.509 parser and (when
 * installed) OpenSSL all accept, valid for the names asked for; the command writes both files,
 * the key private to its owner, and never overwrites without -force.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { test } from 'node:test';
import { selfSignedCertificate } from '../../src/cert/index.ts';
import * as der from '../../src/cert/der.ts';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';

async function gossipper(cwd: string, ...argv: string[]) {
  const io = fakeIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('DER: OIDs, long lengths, positive integers and times encode as X.690 says', () => {
  assert.equal(der.oid('1.2.840.10045.4.3.2').toString('hex'), '06082a8648ce3d040302');
  assert.equal(der.oid('2.5.29.17').toString('hex'), '0603551d11');
  assert.equal(der.octetString(Buffer.alloc(200)).subarray(0, 3).toString('hex'), '0481c8');
  assert.equal(der.octetString(Buffer.alloc(300)).subarray(0, 4).toString('hex'), '0482012c');
  assert.equal(der.unsignedInteger(Buffer.from([0x80])).toString('hex'), '02020080');
  assert.equal(der.unsignedInteger(Buffer.from([0, 0, 5])).toString('hex'), '020105');
  assert.equal(
    der.time(new Date('2030-01-02T03:04:05Z')).toString('latin1'),
    '\x17\x0d300102030405Z',
  );
  assert.equal(
    der.time(new Date('2051-01-02T03:04:05Z')).toString('latin1'),
    '\x18\x0f20510102030405Z',
  );
});

test('the certificate parses, signs itself, is a CA and names every requested DNS name and IP', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const names = ['sip.lab.test', 'localhost', '10.1.2.3', '::1', 'fe80::1:2'];
  const { certPem, keyPem } = selfSignedCertificate({ names, days: 30, now });
  const x = new X509Certificate(certPem);
  assert.equal(x.ca, true);
  assert.ok(x.verify(x.publicKey), 'self-signed');
  assert.ok(x.checkPrivateKey(cryptoKey(keyPem)));
  assert.doesNotThrow(() => tls.createSecureContext({ cert: certPem, key: keyPem }));
  assert.equal(
    x.subjectAltName,
    'DNS:sip.lab.test, DNS:localhost, IP Address:10.1.2.3, IP Address:0:0:0:0:0:0:0:1, IP Address:FE80:0:0:0:0:0:1:2',
  );
  assert.match(x.subject, /CN=sip\.lab\.test/);
  assert.equal(new Date(x.validFrom).getTime(), now.getTime() - 3600_000);
  assert.equal(new Date(x.validTo).getTime(), now.getTime() + 30 * 86_400_000);
  assert.equal(x.checkHost('sip.lab.test'), 'sip.lab.test');
  assert.equal(x.checkIP('10.1.2.3'), '10.1.2.3');
  assert.equal(x.checkHost('other.test'), undefined);
});

function cryptoKey(pem: string) {
  return process.getBuiltinModule('node:crypto').createPrivateKey(pem);
}

test('node:tls accepts it on both ends and verifies it by name and by IP', async () => {
  const { certPem, keyPem } = selfSignedCertificate({
    names: ['localhost', '127.0.0.1'],
    days: 1,
    now: new Date(),
  });
  const server = tls.createServer({ cert: certPem, key: keyPem }, (s) => s.end('hi'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    for (const servername of ['localhost', undefined]) {
      const text = await new Promise<string>((resolve, reject) => {
        const c = tls.connect({ host: '127.0.0.1', port, ca: certPem, servername });
        let got = '';
        c.on('data', (d: Buffer) => (got += d.toString()));
        c.on('end', () => resolve(got));
        c.on('error', reject);
      });
      assert.equal(text, 'hi', `servername ${servername}`);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('OpenSSL reads it (openssl x509 -text, openssl verify)', () => {
  // openssl is part of the test toolchain (test/peers/lab-cert.ts makes certificates with it).
  assert.equal(spawnSync('openssl', ['version']).error, undefined, 'openssl must be installed');
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-cert-openssl-'));
  const file = path.join(dir, 'c.pem');
  writeFileSync(
    file,
    selfSignedCertificate({ names: ['localhost', '127.0.0.1'], days: 10, now: new Date() }).certPem,
  );
  const text = spawnSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(text.stdout, /CA:TRUE/);
  assert.match(text.stdout, /DNS:localhost, IP Address:127\.0\.0\.1/);
  assert.match(text.stdout, /TLS Web Server Authentication, TLS Web Client Authentication/);
  const verify = spawnSync('openssl', ['verify', '-CAfile', file, file], { encoding: 'utf8' });
  assert.equal(verify.stdout.trim(), `${file}: OK`, verify.stderr);
});

test('gossipper cert writes cacert.pem and cakey.pem (key 0600), and refuses to overwrite without -force', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-cert-cmd-'));
  const r = await gossipper(dir, 'cert');
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /^wrote .*cacert\.pem \(certificate for localhost, 127\.0\.0\.1, ::1, valid 365 days\)$/m,
  );
  const cert = readFileSync(path.join(dir, 'cacert.pem'), 'utf8');
  assert.equal(
    new X509Certificate(cert).subjectAltName,
    'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
  );
  assert.equal(statSync(path.join(dir, 'cakey.pem')).mode & 0o777, 0o600);
  const again = await gossipper(dir, 'cert');
  assert.notEqual(again.code, 0);
  assert.match(again.err, /cacert\.pem already exists/);
  assert.match(again.err, /-force/);
  assert.equal(readFileSync(path.join(dir, 'cacert.pem'), 'utf8'), cert, 'left untouched');
  const forced = await gossipper(
    dir,
    'cert',
    '-force',
    '-san',
    'sip.lab.test,192.0.2.7',
    '-days',
    '7',
  );
  assert.equal(forced.code, 0, forced.err);
  const x = new X509Certificate(readFileSync(path.join(dir, 'cacert.pem')));
  assert.equal(x.subjectAltName, 'DNS:sip.lab.test, IP Address:192.0.2.7');
  assert.ok(x.checkPrivateKey(cryptoKey(readFileSync(path.join(dir, 'cakey.pem'), 'utf8'))));
  // No temporary file is left behind.
  assert.deepEqual(
    ['cacert.pem', 'cakey.pem'].map((f) => existsSync(path.join(dir, f))),
    [true, true],
  );
  const custom = await gossipper(dir, 'cert', '-cert', 'server.crt', '-key', 'server.key');
  assert.equal(custom.code, 0, custom.err);
  assert.ok(existsSync(path.join(dir, 'server.crt')) && existsSync(path.join(dir, 'server.key')));
});

test('gossipper cert: bad options are named', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-cert-bad-'));
  assert.match(
    (await gossipper(dir, 'cert', '-san', 'a b')).err,
    /-san "a b" is neither a host name nor an IP/,
  );
  assert.match(
    (await gossipper(dir, 'cert', '-days', 'x')).err,
    /-days "x" is not a number of days/,
  );
  assert.match((await gossipper(dir, 'cert', '-bogus')).err, /unknown option "-bogus"/);
  assert.match((await gossipper(dir, 'cert', '-h')).out, /^Usage: gossipper cert/);
  assert.equal(existsSync(path.join(dir, 'cacert.pem')), false);
});
