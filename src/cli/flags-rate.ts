/** Call rate and limit flags (`sipp -h` of SIPp 3.6.1). */
import type { FlagSpec } from './flag-types.ts';

export const RATE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'r',
    group: 'rate',
    available: true,
    kind: 'float',
    argName: '<rate>',
    help: 'Calls per rate period',
    defaultText: '10',
    apply: (ctx, v) => {
      ctx.config.rate.callsPerPeriod = v;
    },
  },
  {
    name: 'rp',
    group: 'rate',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<time>',
    help: 'Rate period (ms): -r 7 -rp 2s = 7 calls every 2 s',
    defaultText: '1000',
    apply: (ctx, v) => {
      ctx.config.rate.periodMs = v;
    },
  },
  {
    name: 'rate_increase',
    group: 'rate',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Add n to the rate every -rate_interval',
    defaultText: '0, off',
    apply: (ctx, v) => {
      ctx.config.rate.increase = v;
    },
  },
  {
    name: 'rate_max',
    group: 'rate',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'With -rate_increase: stop (and quit) at this rate',
    defaultText: '0, none',
    apply: (ctx, v) => {
      ctx.config.rate.max = v;
    },
  },
  {
    name: 'rate_interval',
    group: 'rate',
    available: true,
    kind: 'time',
    unit: 's',
    argName: '<time>',
    help: 'Interval of -rate_increase (s)',
    defaultText: 'value of -fd',
    apply: (ctx, v) => {
      ctx.config.rate.intervalMs = v;
    },
  },
  {
    name: 'no_rate_quit',
    group: 'rate',
    available: true,
    kind: 'none',
    help: 'Keep running after -rate_max is reached',
    apply: (ctx) => {
      ctx.config.rate.noRateQuit = true;
    },
  },
  {
    name: 'l',
    group: 'rate',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Max simultaneous calls',
    defaultText: '3 x rate x call length',
    apply: (ctx, v) => {
      ctx.config.callLimit = v;
    },
  },
  {
    name: 'm',
    group: 'rate',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Stop after n calls, then exit when open calls end',
    defaultText: 'unlimited',
    apply: (ctx, v) => {
      ctx.config.maxCalls = v;
    },
  },
  {
    name: 'rate_scale',
    group: 'rate',
    available: true,
    kind: 'float',
    argName: '<n>',
    help: 'Step of the + - * / rate keys (x1 and x10)',
    defaultText: '1',
    apply: (ctx, v) => {
      ctx.config.rateScale = v;
    },
  },
  {
    name: 'users',
    group: 'rate',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Users mode: n calls at all times, each user calling again when its call ends (-r ignored)',
    apply: (ctx, v) => {
      ctx.config.users = v;
    },
  },
];
