/**
 * TLS material as the `tls` and `wss` openers receive it: files already read (a run reads
 * RunConfig's `tls` files once when it opens its sockets, so a missing file is one clear error at
 * start and not one per connection).
 */
import type { SecureContext, SecureContextOptions, SecureVersion } from 'node:tls';

export interface TlsSocketOptions {
  /** Our certificate chain (PEM). A server needs it; a client sends it when present. */
  cert?: Buffer;
  /** Its private key (PEM). */
  key?: Buffer;
  /** CAs trusted for the peer; undefined = Node's store plus NODE_EXTRA_CA_CERTS. */
  ca?: Buffer;
  /**
   * The file NODE_EXTRA_CA_CERTS names, read at start: the launcher keeps Node from loading it
   * (src/extra-ca-certs.ts), so it is added to Node's store here when `ca` is undefined.
   */
  extraCa?: Buffer;
  /** Certificate revocation list (PEM). */
  crl?: Buffer;
  /** Lowest protocol version accepted. */
  minVersion?: SecureVersion;
  /** SNI a client sends. */
  serverName?: string;
  /** A client checks the server's certificate and name. */
  verifyServer: boolean;
  /** A server asks for a client certificate and refuses one its CAs did not sign. */
  requireClientCert: boolean;
  /** A handshake not done by then is abandoned (client and server); undefined = 10 s. */
  handshakeTimeoutMs?: number;
}

export const DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * What node:tls builds one SecureContext from. Made once per run's opener and shared by all its
 * connections: a context per connection would parse the CA store again for every `-t ln` call.
 */
export function secureContextOptions(opts: TlsSocketOptions): SecureContextOptions {
  let ca: Array<string | Buffer> | Buffer | undefined = opts.ca;
  if (ca === undefined && opts.extraCa !== undefined) {
    // Loaded here, not at module load: the start-up snapshot holds no TLS state.
    const { rootCertificates } = process.getBuiltinModule('node:tls');
    ca = [...rootCertificates, opts.extraCa];
  }
  return { cert: opts.cert, key: opts.key, ca, crl: opts.crl, minVersion: opts.minVersion };
}

/** The one SecureContext of a run's TLS sockets (see secureContextOptions). */
export function createSecureContext(opts: TlsSocketOptions): SecureContext {
  return process.getBuiltinModule('node:tls').createSecureContext(secureContextOptions(opts));
}
