/** Retransmission and timeout flags (`sipp -h` of SIPp 3.6.1). */
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';

export const RETRANS_FLAGS: readonly FlagSpec[] = [
  {
    name: 'recv_timeout',
    group: 'retrans',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Default timeout of every <recv> (ms); 0 = none',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.recvTimeoutMs = v;
    },
  },
  {
    name: 'send_timeout',
    group: 'retrans',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Default timeout of a blocked send (ms); 0 = none',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.sendTimeoutMs = v;
    },
  },
  {
    name: 'timeout',
    group: 'retrans',
    available: true,
    kind: 'time',
    unit: 's',
    argName: '<time>',
    help: 'Soft quit after this run time (s); 0 = none',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.runTimeoutMs = v;
    },
  },
  {
    name: 'timeout_error',
    group: 'retrans',
    available: true,
    kind: 'none',
    help: 'Reaching -timeout is a fatal error (exit 255)',
    apply: (ctx) => {
      ctx.config.timeoutIsError = true;
    },
  },
  {
    name: 'max_retrans',
    group: 'retrans',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Ceiling on UDP retransmissions per message',
    defaultText: '9',
    apply: (ctx, v) => {
      ctx.config.retrans.max = v;
    },
  },
  {
    name: 'max_invite_retrans',
    group: 'retrans',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Ceiling on retransmissions of INVITE transactions',
    defaultText: '5',
    apply: (ctx, v) => {
      ctx.config.retrans.maxInvite = v;
    },
  },
  {
    name: 'max_non_invite_retrans',
    group: 'retrans',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Ceiling on retransmissions of non-INVITE transactions',
    defaultText: '9',
    apply: (ctx, v) => {
      ctx.config.retrans.maxNonInvite = v;
    },
  },
  {
    name: 'nr',
    group: 'retrans',
    available: true,
    kind: 'none',
    help: 'No UDP retransmissions (nor detection of received ones)',
    apply: (ctx) => {
      ctx.config.retrans.enabled = false;
    },
  },
  {
    name: 'T2',
    group: 'retrans',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Cap of the doubling non-INVITE retransmit interval (ms)',
    defaultText: '4000',
    apply: (ctx, v) => {
      ctx.config.retrans.t2Ms = v;
    },
  },
  notYet('retrans', 'rtcheck', '<full|loose>', 'How received retransmissions are detected', 'full'),
];
