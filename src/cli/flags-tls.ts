/**
 * TLS flags (`-t l1`/`-t ln`, and `wss`): SIPp's `-tls_*` plus what SIPp lacks (skipping
 * verification is explicit here, since a client verifies by default; SNI; client certificates),
 * and the bounds on stream listeners' peers, which TCP, TLS and WebSocket share.
 * docs/transports.md.
 */
import { FlagError } from '../errors.ts';
import type { FlagSpec } from './flag-types.ts';

/** `-tls_version` values (run/tls-material.ts maps them to Node's names). */
const TLS_VERSIONS = new Set(['1.0', '1.1', '1.2', '1.3']);

export const TLS_FLAGS: readonly FlagSpec[] = [
  {
    name: 'tls_cert',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'TLS certificate (PEM); a client sends it when the file exists (`gossipper cert` makes one)',
    defaultText: 'cacert.pem',
    apply: (ctx, v) => {
      ctx.config.tls.certFile = v;
      ctx.config.tls.certGiven = true;
    },
  },
  {
    name: 'tls_key',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'Private key of -tls_cert (PEM)',
    defaultText: 'cakey.pem',
    apply: (ctx, v) => {
      ctx.config.tls.keyFile = v;
      ctx.config.tls.certGiven = true;
    },
  },
  {
    name: 'tls_ca',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: "CAs trusted for the peer's certificate (PEM), instead of the system's",
    defaultText: 'system CAs + NODE_EXTRA_CA_CERTS',
    apply: (ctx, v) => {
      ctx.config.tls.caFile = v;
    },
  },
  {
    name: 'tls_crl',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'TLS certificate revocation list (PEM)',
    apply: (ctx, v) => {
      ctx.config.tls.crlFile = v;
    },
  },
  {
    name: 'tls_version',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<ver>',
    help: 'Lowest TLS version accepted: 1.0, 1.1, 1.2 or 1.3',
    defaultText: "Node's (1.2)",
    apply: (ctx, v) => {
      if (!TLS_VERSIONS.has(v)) {
        throw new FlagError('FLAG_VALUE', `-tls_version: "${v}" is not 1.0, 1.1, 1.2 or 1.3`);
      }
      ctx.config.tls.version = v;
    },
  },
  {
    name: 'tls_insecure',
    group: 'network',
    available: true,
    kind: 'none',
    help: "Gossipper: a client does not check the server's certificate (labs only; SIPp never checks)",
    apply: (ctx) => {
      ctx.config.tls.verifyServer = false;
    },
  },
  {
    name: 'tls_sni',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<name>',
    help: "Gossipper: server name a client sends (SNI) and expects in the server's certificate",
    defaultText: 'the remote host when it is a name',
    apply: (ctx, v) => {
      ctx.config.tls.serverName = v;
    },
  },
  {
    name: 'tls_client_cert',
    group: 'network',
    available: true,
    kind: 'none',
    help: 'Gossipper: a server requires a client certificate signed by -tls_ca',
    apply: (ctx) => {
      ctx.config.tls.requireClientCert = true;
    },
  },
  {
    name: 'tls_handshake_timeout',
    group: 'network',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Gossipper: a TLS handshake not done by then is abandoned (ms)',
    defaultText: '10000',
    apply: (ctx, v) => {
      ctx.config.tls.handshakeTimeoutMs = v;
    },
  },
];

/** Not SIPp's: bounds that keep hostile stream peers from taking a server down (issue 15). */
export const STREAM_LIMIT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'max_connections',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Gossipper: connections a TCP/TLS/WebSocket server accepts at once; more are refused (0 = no limit)',
    defaultText: '50000',
    apply: (ctx, v) => {
      ctx.config.streamLimits.maxConnections = v;
    },
  },
  {
    name: 'idle_timeout',
    group: 'network',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Gossipper: a server closes a connection silent this long (ms, 0 = never)',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.streamLimits.idleTimeoutMs = v;
    },
  },
  {
    name: 'message_timeout',
    group: 'network',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Gossipper: a server closes a connection whose SIP message is still unfinished after this long (ms, 0 = never)',
    defaultText: '30000',
    apply: (ctx, v) => {
      ctx.config.streamLimits.messageTimeoutMs = v;
    },
  },
];
