/** Call behaviour flags (`sipp -h` of SIPp 3.6.1). */
import type { FlagSpec } from './flag-types.ts';
import { noDefaultBehaviors, parseDefaultBehaviors } from './default-behaviors.ts';
import { AUTH_FLAGS } from './flags-auth.ts';

export const CALL_FLAGS: readonly FlagSpec[] = [
  {
    name: 'aa',
    group: 'call',
    available: true,
    kind: 'none',
    help: 'Answer unexpected INFO, NOTIFY, OPTIONS, UPDATE with 200 OK',
    apply: (ctx) => {
      ctx.config.autoAnswer = true;
    },
  },
  {
    name: 'base_cseq',
    group: 'call',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Initial value behind [cseq]',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.baseCseq = v;
    },
  },
  {
    name: 'cid_str',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<format>',
    help: 'Call-ID format: %u call number, %p pid, %s local IP, %% a %',
    defaultText: '%u-%p@%s',
    apply: (ctx, v) => {
      ctx.config.callIdFormat = v;
    },
  },
  {
    name: 'd',
    group: 'call',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Duration of <pause/> without its own duration (ms)',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.defaultPauseMs = v;
    },
  },
  {
    name: 'deadcall_wait',
    group: 'call',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'How long ended calls are remembered for late messages (ms)',
    defaultText: '33000',
    apply: (ctx, v) => {
      ctx.config.deadCallWaitMs = v;
    },
  },
  {
    name: 'au',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<user>',
    help: 'Username for digest authentication',
    defaultText: 'value of -s',
    apply: (ctx, v) => {
      ctx.config.authUser = v;
    },
  },
  {
    name: 'ap',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<password>',
    help: 'Password for digest authentication',
    defaultText: 'password',
    apply: (ctx, v) => {
      ctx.config.authPassword = v;
    },
  },
  {
    name: 's',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<user>',
    help: 'User part of the request URI ([service])',
    defaultText: 'service',
    apply: (ctx, v) => {
      ctx.config.service = v;
    },
  },
  {
    name: 'default_behaviors',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<list>',
    help: 'Comma list of all, none, bye, abortunexp, pingreply; -x turns one off',
    defaultText: 'all',
    apply: (ctx, v) => {
      ctx.config.defaultBehaviors = parseDefaultBehaviors(v);
    },
  },
  {
    name: 'nd',
    group: 'call',
    available: true,
    kind: 'none',
    help: 'No default behaviors (same as -default_behaviors none)',
    apply: (ctx) => {
      ctx.config.defaultBehaviors = noDefaultBehaviors();
    },
  },
  {
    // Not a SIPp flag: SIPp seeds its random numbers from the clock, so no run can be replayed.
    name: 'seed',
    group: 'call',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Gossipper: seed (0..4294967295) of lost=, chance= and random pauses, to replay a run',
    defaultText: 'random',
    apply: (ctx, v) => {
      ctx.config.seed = v;
    },
  },
  ...AUTH_FLAGS,
  {
    name: 'pause_msg_ign',
    group: 'call',
    available: true,
    kind: 'none',
    help: 'Ignore the messages received during a pause defined in the scenario',
    apply: (ctx) => {
      ctx.config.pauseMsgIgn = true;
    },
  },
  {
    name: 'callid_slash_ign',
    group: 'call',
    available: true,
    kind: 'none',
    help: 'Do not strip a "prefix///" from received Call-IDs',
    apply: (ctx) => {
      ctx.config.callidSlashIgn = true;
    },
  },
];
