/**
 * SIPp's socket-mode flags (`sipp -h` of SIPp 3.6.1): how many sockets per-call modes keep open
 * and what a client does when its connection is lost. docs/socket-modes.md.
 */
import type { FlagSpec } from './flag-types.ts';
import { acceptedWithNote } from './flag-builders.ts';

/** `-bind_local`: listed where SIPp's `-h` lists it, before `-ci`. */
export const BIND_LOCAL_FLAG: FlagSpec = acceptedWithNote(
  'network',
  'bind_local',
  'none',
  '',
  'Bind sockets to the -i address',
  // SIPp binds to any address unless -bind_local; we bind to -i whenever it is given (a user
  // asking for loopback must not be reachable from the network), so the flag adds nothing.
  'sockets are always bound to the -i address when -i is given',
);

export const SOCKET_LIMIT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'max_socket',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Max sockets open at once in per-call modes (un, tn); past it calls share open ones',
    defaultText: '50000',
    apply: (ctx, v) => {
      ctx.config.maxSockets = v;
    },
  },
  {
    name: 'max_reconnect',
    group: 'network',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Reconnections allowed when a TCP connection is lost (-1 = no cap)',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.reconnect.max = v;
    },
  },
  {
    name: 'reconnect_close',
    group: 'network',
    available: true,
    kind: 'bool',
    argName: '<bool>',
    help: 'Fail the calls of a lost TCP connection (false: they go on over the new one)',
    defaultText: 'true',
    apply: (ctx, v) => {
      ctx.config.reconnect.closeCalls = v;
    },
  },
  {
    name: 'reconnect_sleep',
    group: 'network',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Pause before each TCP reconnection (ms)',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.reconnect.sleepMs = v;
    },
  },
];

/** `-gracefulclose`: listed among SIPp's SCTP flags. */
export const GRACEFUL_CLOSE_FLAG: FlagSpec = acceptedWithNote(
  'network',
  'gracefulclose',
  'bool',
  '<bool>',
  'Close SCTP associations with SHUTDOWN',
  'it only changes how SCTP associations close, and Gossipper has no SCTP',
  'true',
);
