/**
 * Reads a run's TLS files once, when it opens its sockets (`tls` and `wss`), into what the
 * openers take (TlsSocketOptions). A file that does not load is one error naming it, at start:
 * never one per connection. A client sends a certificate only if it has one: the default files
 * (SIPp's cacert.pem / cakey.pem) are used when present, files given with -tls_cert/-tls_key
 * must be there. A server (and nothing else) cannot do without one.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { SecureVersion } from 'node:tls';
import type { HostPort, RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import type { TlsSocketOptions } from '../transport/index.ts';

const MIN_VERSIONS: Readonly<Record<string, SecureVersion>> = {
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

export interface TlsMaterialRequest {
  config: Pick<RunConfig, 'tls' | 'remote' | 'remoteSendAddress'>;
  /** A server answers handshakes, so it must have a certificate. */
  isServer: boolean;
  /** NODE_EXTRA_CA_CERTS as the user set it (src/extra-ca-certs.ts put it back). */
  extraCaFile?: string;
}

export function loadTlsMaterial(req: TlsMaterialRequest): TlsSocketOptions {
  const c = req.config.tls;
  const crypto = process.getBuiltinModule('node:crypto');
  const out: TlsSocketOptions = {
    verifyServer: c.verifyServer,
    requireClientCert: c.requireClientCert,
    handshakeTimeoutMs: c.handshakeTimeoutMs,
    minVersion: c.version === undefined ? undefined : MIN_VERSIONS[c.version],
    serverName: c.serverName ?? hostName(req.config.remoteSendAddress ?? req.config.remote),
  };
  const cert = readOptional(c.certFile, 'certificate (-tls_cert)', req.isServer || c.certGiven);
  const key = readOptional(c.keyFile, 'private key (-tls_key)', req.isServer || c.certGiven);
  if (cert !== undefined && key !== undefined) {
    let x509: X509Certificate;
    try {
      x509 = new crypto.X509Certificate(cert);
    } catch (err) {
      throw fileError(c.certFile, 'certificate (-tls_cert)', `not a PEM certificate (${why(err)})`);
    }
    let privateKey: KeyObject;
    try {
      privateKey = crypto.createPrivateKey(key);
    } catch (err) {
      throw fileError(c.keyFile, 'private key (-tls_key)', `not a PEM private key (${why(err)})`);
    }
    if (!x509.checkPrivateKey(privateKey)) {
      throw new GossipperError(
        'FILE_IO',
        `TLS private key ${c.keyFile} does not belong to the certificate ${c.certFile}`,
        'give the key the certificate was made with (-tls_key)',
      );
    }
    out.cert = cert;
    out.key = key;
  } else if (cert !== undefined || key !== undefined) {
    const missing = cert === undefined ? c.certFile : c.keyFile;
    throw fileError(missing, cert === undefined ? 'certificate' : 'private key', 'not found');
  }
  if (c.caFile !== undefined) {
    out.ca = readRequired(c.caFile, 'CA file (-tls_ca)');
    try {
      new crypto.X509Certificate(out.ca);
    } catch (err) {
      throw fileError(c.caFile, 'CA file (-tls_ca)', `not a PEM certificate (${why(err)})`);
    }
  }
  if (c.crlFile !== undefined) out.crl = readRequired(c.crlFile, 'CRL (-tls_crl)');
  if (req.extraCaFile !== undefined && req.extraCaFile !== '') {
    out.extraCa = readRequired(req.extraCaFile, 'NODE_EXTRA_CA_CERTS file');
  }
  return out;
}

/** SNI carries names only (RFC 6066 §3): an IP literal remote sends none. */
function hostName(hp: HostPort | undefined): string | undefined {
  if (hp === undefined) return undefined;
  const host = hp.host.replace(/^\[|\]$/g, '');
  return isIP(host) === 0 ? host : undefined;
}

/** The file's bytes; undefined when it is absent and not `required`. */
function readOptional(file: string, what: string, required: boolean): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    throw fileError(file, what, code === 'ENOENT' ? 'not found' : why(err));
  }
}

function readRequired(file: string, what: string): Buffer {
  return readOptional(file, what, true) as Buffer;
}

function fileError(file: string, what: string, problem: string): GossipperError {
  return new GossipperError(
    'FILE_IO',
    `cannot load TLS ${what} ${file}: ${problem}`,
    problem === 'not found'
      ? 'a TLS server needs a certificate and key: `gossipper cert` writes cacert.pem and cakey.pem for a lab'
      : undefined,
  );
}

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}
