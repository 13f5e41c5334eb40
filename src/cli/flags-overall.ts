/** SIPp "overall behaviour" flags (`sipp -h` of SIPp 3.6.1), plus -h. */
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';

export const OVERALL_FLAGS: readonly FlagSpec[] = [
  {
    name: 'v',
    group: 'overall',
    available: true,
    kind: 'none',
    help: 'Print the version banner and exit',
    apply: () => ({ kind: 'sipp-version' }),
  },
  {
    name: 'h',
    group: 'overall',
    available: true,
    kind: 'none',
    help: 'Print this help and exit (also -help, --help)',
    apply: () => ({ kind: 'help' }),
  },
  {
    name: 'help',
    group: 'overall',
    available: true,
    kind: 'none',
    help: 'Same as -h',
    apply: () => ({ kind: 'help' }),
  },
  {
    name: 'bg',
    group: 'overall',
    available: true,
    kind: 'none',
    help: 'Background mode: no screen (use trace files)',
    apply: (ctx) => {
      ctx.config.background = true;
    },
  },
  {
    name: 'nostdin',
    group: 'overall',
    available: true,
    kind: 'none',
    help: 'Do not read hot keys from stdin',
    apply: (ctx) => {
      ctx.config.noStdin = true;
    },
  },
  {
    name: 'buff_size',
    group: 'overall',
    available: true,
    kind: 'int',
    argName: '<bytes>',
    help: 'Send and receive socket buffer size',
    apply: (ctx, v) => {
      ctx.config.socketBufferBytes = v;
    },
  },
  {
    name: 'key',
    group: 'overall',
    available: true,
    kind: 'pair',
    argName: '<name> <value>',
    help: 'Define keyword [name] as value (repeatable)',
    apply: (ctx, [name, value]) => {
      ctx.config.keywords[name] = value;
    },
  },
  {
    name: 'set',
    group: 'overall',
    available: true,
    kind: 'pair',
    argName: '<var> <value>',
    help: 'Set global variable [$var] before start (repeatable)',
    apply: (ctx, [name, value]) => {
      ctx.config.globals[name] = value;
    },
  },
  notYet('overall', 'plugin', '<file>', 'Load a plugin'),
  notYet('overall', 'sleep', '<time>', 'Sleep before starting traffic (s)', '0'),
  notYet('overall', 'skip_rlimit', '', 'Do not raise the open-file limit'),
  notYet(
    'overall',
    'sendbuffer_warn',
    '<bool>',
    'Warn instead of failing on full send buffers',
    'false',
  ),
  notYet('overall', 'lost', '<percent>', 'Simulated packet loss for every send/recv', '0'),
  notYet('overall', 'tdmmap', '<map>', 'Table of TDM circuits, e.g. {0-3}{99}{5-8}{1-31}'),
  notYet('overall', 'dynamicStart', '<n>', 'Start of [dynamic_id]', '10000'),
  notYet('overall', 'dynamicMax', '<n>', 'Maximum of [dynamic_id]', '12000'),
  notYet('overall', 'dynamicStep', '<n>', 'Increment of [dynamic_id]', '4'),
];
