/**
 * TLS material and connected TLS pairs for the transport tests: a lab certificate made in-process
 * by `gossipper cert`'s code (no openssl needed), once per test process, and a TcpListener over
 * TLS with a client connection to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../src/cert/index.ts';
import { TRANSPORT_REGISTRY } from '../../src/transport/index.ts';
import type { StreamHandlers, TlsSocketOptions, Transport } from '../../src/transport/index.ts';

export interface LabMaterial {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

let made: LabMaterial | null = null;

/** A certificate for localhost / 127.0.0.1 / ::1 and its key, as files and bytes. */
export function labMaterial(): LabMaterial {
  if (made !== null) return made;
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-tls-test-'));
  const { certPem, keyPem } = selfSignedCertificate({
    names: ['localhost', '127.0.0.1', '::1'],
    days: 2,
    now: new Date(),
  });
  const certFile = join(dir, 'cacert.pem');
  const keyFile = join(dir, 'cakey.pem');
  writeFileSync(certFile, certPem);
  writeFileSync(keyFile, keyPem);
  made = { dir, certFile, keyFile, cert: Buffer.from(certPem), key: Buffer.from(keyPem) };
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return made;
}

/** A server's options: our certificate, nothing asked of clients. */
export function serverTls(extra: Partial<TlsSocketOptions> = {}): TlsSocketOptions {
  const m = labMaterial();
  return { cert: m.cert, key: m.key, verifyServer: true, requireClientCert: false, ...extra };
}

/** A client trusting the lab certificate, verifying the server as by default. */
export function clientTls(extra: Partial<TlsSocketOptions> = {}): TlsSocketOptions {
  return { ca: labMaterial().cert, verifyServer: true, requireClientCert: false, ...extra };
}

/** A TLS listener on 127.0.0.1 and one connection to it, through the registry's opener. */
export async function tlsPair(
  clientHandlers: StreamHandlers,
  serverHandlers: StreamHandlers,
  opts: { server?: TlsSocketOptions; client?: TlsSocketOptions } = {},
): Promise<{ conn: Transport; listener: Transport }> {
  const listener = await TRANSPORT_REGISTRY.tls
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      maxStreamBufferBytes: 32 * 1024 * 1024,
      tls: opts.server ?? serverTls(),
      handlers: serverHandlers,
    })
    .listen(0);
  const conn = await TRANSPORT_REGISTRY.tls
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      remote: listener.localAddress,
      maxStreamBufferBytes: 32 * 1024 * 1024,
      tls: opts.client ?? clientTls(),
      handlers: clientHandlers,
    })
    .openCallSocket();
  return { conn, listener };
}
