/**
 * TLS material as the `tls` and `wss` openers receive it: files already read (a run reads
 * RunConfig's `tls` files once when it opens its sockets, so a missing file is one clear error at
 * start and not one per connection).
 */
import type { SecureVersion } from 'node:tls';

export interface TlsSocketOptions {
  /** Our certificate chain (PEM). A server needs it; a client sends it when present. */
  cert?: Buffer;
  /** Its private key (PEM). */
  key?: Buffer;
  /** CAs trusted for the peer; undefined = Node's store plus NODE_EXTRA_CA_CERTS. */
  ca?: Buffer;
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
}
