/**
 * A self-signed certificate for 127.0.0.1 / localhost, made once per test process with openssl
 * in a temporary directory, for WSS tests that build TlsSocketOptions by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsSocketOptions } from '../../src/transport/index.ts';

export interface LabCert {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

let made: LabCert | null = null;

export function labCert(): LabCert {
  if (made !== null) return made;
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-ws-cert-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  made = { dir, certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return made;
}

/** Server side: our lab certificate and key. */
export function serverTls(): TlsSocketOptions {
  const c = labCert();
  return { cert: c.cert, key: c.key, verifyServer: true, requireClientCert: false };
}

/** Client side: trusts exactly the lab certificate, and checks it. */
export function clientTls(): TlsSocketOptions {
  return { ca: labCert().cert, verifyServer: true, requireClientCert: false };
}
