/** IP, port and transport flags (`sipp -h` of SIPp 3.6.1). */
import { FlagError } from '../errors.ts';
import type { TransportConfig } from '../config/index.ts';
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';
import { STREAM_LIMIT_FLAGS, TLS_FLAGS } from './flags-tls.ts';
import { BIND_LOCAL_FLAG, GRACEFUL_CLOSE_FLAG, SOCKET_LIMIT_FLAGS } from './flags-sockets.ts';

/**
 * SIPp's `-t` codes (u = UDP, t = TCP; 1 = one socket for all calls, n = one per call), mapped
 * to RunConfig's structured transport so SIPp's encoding stays in the flag parser.
 */
const SIPP_TRANSPORTS: Readonly<Record<string, TransportConfig>> = {
  u1: { protocol: 'udp', sockets: 'shared' },
  un: { protocol: 'udp', sockets: 'per-call' },
  t1: { protocol: 'tcp', sockets: 'shared' },
  tn: { protocol: 'tcp', sockets: 'per-call' },
  l1: { protocol: 'tls', sockets: 'shared' },
  ln: { protocol: 'tls', sockets: 'per-call' },
  // Not SIPp's: SIP over WebSocket (RFC 7118). SIPp's single letters u t l s c are all taken, so
  // `w` is WebSocket and `wss` WebSocket over TLS, with SIPp's 1 / n for shared / per call.
  w1: { protocol: 'ws', sockets: 'shared' },
  wn: { protocol: 'ws', sockets: 'per-call' },
  wss1: { protocol: 'wss', sockets: 'shared' },
  wssn: { protocol: 'wss', sockets: 'per-call' },
  // SIPp's UDP with one socket per local IP (the injection file's -ip_field column).
  ui: { protocol: 'udp', sockets: 'per-call', perLocalIp: true },
};

/** SIPp transport modes we know of but do not provide yet. */
const FUTURE_TRANSPORTS: Readonly<Record<string, string>> = {
  s1: 'SCTP with one socket',
  sn: 'SCTP with one socket per call',
  c1: 'UDP with compression',
  cn: 'UDP with compression, one socket per call',
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
    help: 'Transport: u1 = UDP one socket, un = UDP one socket per call, ui = UDP one socket per local IP (-ip_field), t1 = TCP one connection, tn = TCP one connection per call, l1/ln = TLS (one connection / one per call), w1/wn = SIP over WebSocket (one connection / one per call), wss1/wssn = WebSocket over TLS',
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
  {
    // Not a SIPp flag (SIPp has no WebSocket): the upgrade path, RFC 7118 §4.
    name: 'ws_path',
    group: 'network',
    available: true,
    kind: 'string',
    argName: '<path>',
    help: 'Gossipper: path of the WebSocket upgrade a ws/wss client requests and a server accepts',
    defaultText: '/',
    apply: (ctx, v) => {
      ctx.config.webSocket.path = v;
    },
  },
  {
    name: 'ws_ping',
    group: 'network',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Gossipper: WebSocket ping interval; a connection with no pong by the next ping is closed (0 = no pings)',
    defaultText: '30000',
    apply: (ctx, v) => {
      ctx.config.webSocket.pingIntervalMs = v;
    },
  },
  {
    name: 'ws_max_frame',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<bytes>',
    help: 'Gossipper: largest WebSocket message accepted; a bigger one closes its connection',
    defaultText: '262144 = 256 KiB',
    apply: (ctx, v) => {
      ctx.config.webSocket.maxFrameBytes = v;
    },
  },
  BIND_LOCAL_FLAG,
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
  ...SOCKET_LIMIT_FLAGS,
  notYet('network', 'multihome', '<ip>', 'SCTP multihome address'),
  notYet('network', 'heartbeat', '<ms>', 'SCTP heartbeat interval'),
  notYet('network', 'assocmaxret', '<n>', 'SCTP association max retransmit counter'),
  notYet('network', 'pathmaxret', '<n>', 'SCTP path max retransmit counter'),
  notYet('network', 'pmtu', '<n>', 'SCTP path MTU'),
  GRACEFUL_CLOSE_FLAG,
  ...TLS_FLAGS,
  ...STREAM_LIMIT_FLAGS,
];
