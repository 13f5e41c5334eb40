/** IP, port and transport flags (`sipp -h` of SIPp 3.6.1). */
import { FlagError } from '../errors.ts';
import type { TransportConfig } from '../config/index.ts';
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';

/**
 * SIPp's `-t` codes (u = UDP, t = TCP; 1 = one socket for all calls, n = one per call), mapped
 * to RunConfig's structured transport so SIPp's encoding stays in the flag parser.
 */
const SIPP_TRANSPORTS: Readonly<Record<string, TransportConfig>> = {
  u1: { protocol: 'udp', sockets: 'shared' },
  un: { protocol: 'udp', sockets: 'per-call' },
  t1: { protocol: 'tcp', sockets: 'shared' },
  tn: { protocol: 'tcp', sockets: 'per-call' },
};

/** SIPp transport modes we know of but do not provide yet. */
const FUTURE_TRANSPORTS: Readonly<Record<string, string>> = {
  ui: 'UDP with one socket per local IP',
  s1: 'SCTP with one socket',
  sn: 'SCTP with one socket per call',
  c1: 'UDP with compression',
  cn: 'UDP with compression, one socket per call',
  l1: 'TLS with one connection',
  ln: 'TLS with one connection per call',
};

function transportConfig(value: string): TransportConfig {
  const known = Object.hasOwn(SIPP_TRANSPORTS, value) ? SIPP_TRANSPORTS[value] : undefined;
  if (known !== undefined) return { ...known };
  const available = Object.keys(SIPP_TRANSPORTS).join(', ');
  const future = Object.hasOwn(FUTURE_TRANSPORTS, value) ? FUTURE_TRANSPORTS[value] : undefined;
  if (future !== undefined) {
    throw new FlagError(
      'FLAG_VALUE',
      `-t ${value} (${future}) is not available in this version of gossipper`,
      `transports available now: ${available}`,
    );
  }
  throw new FlagError(
    'FLAG_VALUE',
    `-t: "${value}" is not a transport mode (expected ${available})`,
  );
}

export const NETWORK_FLAGS: readonly FlagSpec[] = [
  {
    name: 't',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<mode>',
    help: 'Transport: u1 = UDP one socket, un = UDP one socket per call, t1 = TCP one connection, tn = TCP one connection per call',
    defaultText: 'u1',
    apply: (ctx, v) => {
      ctx.config.transport = transportConfig(v);
    },
  },
  {
    name: 'i',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<ip>',
    help: 'Local IP for Via/Contact/From ([local_ip])',
    defaultText: 'primary host IP',
    apply: (ctx, v) => {
      ctx.config.localIp = v;
    },
  },
  {
    name: 'p',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<port>',
    help: 'Local SIP port ([local_port])',
    defaultText: 'first free of 5060..5119',
    apply: (ctx, v) => {
      ctx.config.localPort = v;
    },
  },
  {
    name: 'rsa',
    group: 'network',
    available: true,
    kind: 'hostport',
    argName: '<host[:port]>',
    help: 'Send every message to this address (outbound proxy)',
    apply: (ctx, v) => {
      ctx.config.remoteSendAddress = v;
    },
  },
  {
    // Not a SIPp flag: SIPp's TCP buffers grow without a bound (issue 12).
    name: 'max_stream_buffer',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<bytes>',
    help: 'Gossipper: bytes all TCP connections may hold together for unfinished messages; a connection going past it is closed as malformed',
    defaultText: '33554432 = 32 MiB',
    apply: (ctx, v) => {
      ctx.config.maxStreamBufferBytes = v;
    },
  },
  notYet('network', 'bind_local', '', 'Bind sockets to the -i address'),
  {
    name: 'ci',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<ip>',
    help: 'Local IP of the UDP remote-control socket (docs/runtime-control.md)',
    defaultText: '127.0.0.1',
    apply: (ctx, v) => {
      ctx.config.controlIp = v;
    },
  },
  {
    name: 'cp',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<port>',
    help: 'UDP remote-control port',
    defaultText: 'first free of 8888..8947',
    apply: (ctx, v) => {
      ctx.config.controlPort = v;
    },
  },
  notYet('network', 'max_socket', '<n>', 'Max sockets open at once in per-call modes', '50000'),
  notYet('network', 'max_reconnect', '<n>', 'TCP reconnection attempts', '0'),
  notYet(
    'network',
    'reconnect_close',
    '<bool>',
    'Close calls when a TCP connection is lost',
    'true',
  ),
  notYet('network', 'reconnect_sleep', '<time>', 'Pause between TCP close and reconnect (ms)', '0'),
  notYet('network', 'multihome', '<ip>', 'SCTP multihome address'),
  notYet('network', 'heartbeat', '<ms>', 'SCTP heartbeat interval'),
  notYet('network', 'assocmaxret', '<n>', 'SCTP association max retransmit counter'),
  notYet('network', 'pathmaxret', '<n>', 'SCTP path max retransmit counter'),
  notYet('network', 'pmtu', '<n>', 'SCTP path MTU'),
  notYet('network', 'gracefulclose', '<bool>', 'Close SCTP associations with SHUTDOWN', 'true'),
  notYet('network', 'tls_cert', '<file>', 'TLS certificate', 'cacert.pem'),
  notYet('network', 'tls_key', '<file>', 'TLS private key', 'cakey.pem'),
  notYet('network', 'tls_ca', '<file>', 'TLS CA file'),
  notYet('network', 'tls_crl', '<file>', 'TLS certificate revocation list'),
  notYet('network', 'tls_version', '<ver>', 'TLS protocol version'),
];
