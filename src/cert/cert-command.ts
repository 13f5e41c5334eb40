/**
 * `gossipper cert`: writes a self-signed lab certificate and its key in one command, by default
 * to cacert.pem / cakey.pem, SIPp's `-tls_cert` / `-tls_key` defaults, so `-t l1` in the same
 * directory finds them. Files are written atomically (a temporary file renamed into place) and
 * never overwritten without -force; the key is readable by its owner only.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FlagError, GossipperError } from '../errors.ts';
import { selfSignedCertificate } from './self-signed.ts';

export const DEFAULT_CERT_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface CertOptions {
  names: string[];
  certFile: string;
  keyFile: string;
  days: number;
  force: boolean;
}

export const CERT_HELP = `Usage: gossipper cert [options]
Writes a self-signed certificate (ECDSA P-256, its own CA) and its private key, PEM.

  -san <names>   DNS names and IPs it is valid for, comma-separated, repeatable
                 (default localhost,127.0.0.1,::1; the first is also the common name)
  -cert <file>   certificate file (default cacert.pem, what -tls_cert reads)
  -key <file>    private key file (default cakey.pem, what -tls_key reads)
  -days <n>      validity in days (default 365)
  -force         overwrite existing files

A client trusts it with -tls_ca <cert file>; Kamailio, OpenSSL and browsers read it as is.
`;

export function parseCertArgs(args: readonly string[]): CertOptions | 'help' {
  const o: CertOptions = {
    names: [],
    certFile: 'cacert.pem',
    keyFile: 'cakey.pem',
    days: 365,
    force: false,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].replace(/^--/, '-');
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new FlagError('FLAG_MISSING_VALUE', `cert: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '-help':
        return 'help';
      case '-san':
        o.names.push(
          ...value()
            .split(',')
            .map((n) => n.trim())
            .filter((n) => n !== ''),
        );
        break;
      case '-cert':
        o.certFile = value();
        break;
      case '-key':
        o.keyFile = value();
        break;
      case '-days': {
        const v = value();
        o.days = Number(v);
        if (!/^\d+$/.test(v) || o.days < 1)
          throw new FlagError(
            'FLAG_VALUE',
            `cert: -days "${v}" is not a number of days (1 or more)`,
          );
        break;
      }
      case '-force':
        o.force = true;
        break;
      default:
        throw new FlagError(
          'FLAG_UNKNOWN',
          `cert: unknown option "${args[i]}"`,
          'see gossipper cert -h',
        );
    }
  }
  if (o.names.length === 0) o.names = [...DEFAULT_CERT_NAMES];
  for (const n of o.names) {
    if (!/^[A-Za-z0-9.:*-]+$/.test(n))
      throw new FlagError(
        'FLAG_VALUE',
        `cert: -san "${n}" is neither a host name nor an IP address`,
      );
  }
  return o;
}

/** Writes both files (relative paths from `cwd`); returns the absolute paths written. */
export function writeLabCertificate(
  o: CertOptions,
  cwd: string,
  now: Date,
): { certFile: string; keyFile: string } {
  const certFile = path.resolve(cwd, o.certFile);
  const keyFile = path.resolve(cwd, o.keyFile);
  if (certFile === keyFile)
    throw new FlagError('FLAG_VALUE', 'cert: -cert and -key name the same file');
  if (!o.force) {
    for (const f of [certFile, keyFile]) {
      if (existsSync(f))
        throw new GossipperError(
          'FILE_IO',
          `cert: ${f} already exists`,
          'add -force to replace it',
        );
    }
  }
  const { certPem, keyPem } = selfSignedCertificate({ names: o.names, days: o.days, now });
  writeAtomically(keyFile, keyPem, 0o600);
  writeAtomically(certFile, certPem, 0o644);
  return { certFile, keyFile };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode, flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new GossipperError('FILE_IO', `cert: cannot write ${file}: ${code}`);
  }
}
