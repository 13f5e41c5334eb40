/** SIPp "overall behaviour" flags (`sipp -h` of SIPp 3.6.1), plus -h. */
import type { FlagSpec } from './flag-types.ts';
import { acceptedWithNote, notYet } from './flag-builders.ts';

function dynamicIdFlag(
  name: string,
  help: string,
  defaultText: string,
  field: 'start' | 'max' | 'step',
): FlagSpec {
  return {
    name,
    group: 'overall',
    available: true,
    kind: 'int',
    argName: '<n>',
    help,
    defaultText,
    apply: (ctx, v) => {
      ctx.config.dynamicId[field] = v;
    },
  };
}

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
  {
    name: 'sleep',
    group: 'overall',
    available: true,
    kind: 'time',
    unit: 's',
    argName: '<time>',
    help: 'Wait this long before starting traffic (s)',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.sleepMs = v;
    },
  },
  acceptedWithNote(
    'overall',
    'skip_rlimit',
    'none',
    '',
    'Do not raise the open-file limit',
    'Node cannot change RLIMIT_NOFILE; raise it with ulimit -n before starting',
  ),
  acceptedWithNote(
    'overall',
    'sendbuffer_warn',
    'bool',
    '<bool>',
    'Warn instead of failing on full send buffers',
    'sends never block here: Node queues them, and a refused send is counted and reported',
    'false',
  ),
  {
    name: 'lost',
    group: 'overall',
    available: true,
    kind: 'float',
    argName: '<percent>',
    help: 'Simulated loss of every send/recv without its own lost=',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.lostPercent = v;
    },
  },
  notYet('overall', 'tdmmap', '<map>', 'Table of TDM circuits, e.g. {0-3}{99}{5-8}{1-31}'),
  dynamicIdFlag('dynamicStart', 'Start of [dynamic_id]', '10000', 'start'),
  dynamicIdFlag(
    'dynamicMax',
    'Maximum of [dynamic_id] (then it wraps to the start)',
    '12000',
    'max',
  ),
  dynamicIdFlag('dynamicStep', 'Increment of [dynamic_id] at each use', '4', 'step'),
];
