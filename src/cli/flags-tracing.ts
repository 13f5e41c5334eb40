/** Tracing, logging and statistics flags (`sipp -h` of SIPp 3.6.1). */
import { resolve } from 'node:path';
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';

const g = 'tracing' as const;

export const TRACING_FLAGS: readonly FlagSpec[] = [
  {
    name: 'f',
    group: g,
    available: true,
    kind: 'time',
    unit: 's',
    argName: '<time>',
    help: 'Screen refresh period (s)',
    defaultText: '1',
    apply: (ctx, v) => {
      ctx.config.screenRefreshMs = v;
    },
  },
  {
    name: 'fd',
    group: g,
    available: true,
    kind: 'time',
    unit: 's',
    argName: '<time>',
    help: 'Statistics period (s); also the default -rate_interval',
    defaultText: '60',
    apply: (ctx, v) => {
      ctx.statsPeriodMs = v;
      ctx.config.statsPeriodMs = v;
    },
  },
  {
    name: 'trace_err',
    group: g,
    available: true,
    kind: 'none',
    help: 'Log unexpected messages and errors to <scenario>_<pid>_errors.log',
    apply: (ctx) => {
      ctx.config.traces.errors = true;
    },
  },
  {
    name: 'error_file',
    group: g,
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'Name of the -trace_err file',
    apply: (ctx, v) => {
      ctx.config.traces.errorFile = resolve(ctx.cwd, v);
    },
  },
  notYet(g, 'trace_stat', '', 'Write the periodic statistics CSV'),
  notYet(g, 'stat_delimiter', '<str>', 'Statistics CSV separator', ';'),
  notYet(g, 'stf', '<file>', 'Statistics CSV file name'),
  notYet(g, 'periodic_rtd', '', 'Reset response-time counters every -fd'),
  notYet(g, 'trace_msg', '', 'Log every SIP message sent and received'),
  notYet(g, 'message_file', '<file>', 'Name of the -trace_msg file'),
  notYet(g, 'message_overwrite', '<bool>', 'Truncate the -trace_msg file', 'true'),
  notYet(g, 'trace_shortmsg', '', 'One line per SIP message'),
  notYet(g, 'shortmessage_file', '<file>', 'Name of the -trace_shortmsg file'),
  notYet(g, 'shortmessage_overwrite', '<bool>', 'Truncate the -trace_shortmsg file', 'true'),
  notYet(g, 'trace_counts', '', 'Per-step message counters CSV'),
  notYet(g, 'error_overwrite', '<bool>', 'Truncate the -trace_err file', 'true'),
  notYet(g, 'trace_error_codes', '', 'Response codes of unexpected messages per -fd'),
  notYet(g, 'trace_calldebug', '', 'Debug transcript of failed calls'),
  notYet(g, 'calldebug_file', '<file>', 'Name of the -trace_calldebug file'),
  notYet(g, 'calldebug_overwrite', '<bool>', 'Truncate the -trace_calldebug file', 'true'),
  notYet(g, 'trace_screen', '', 'Dump the screens to a file at exit'),
  notYet(g, 'screen_file', '<file>', 'Name of the -trace_screen file'),
  notYet(g, 'screen_overwrite', '<bool>', 'Truncate the -trace_screen file', 'true'),
  notYet(g, 'trace_rtt', '', 'Every response-time sample to a CSV'),
  notYet(g, 'rtt_freq', '<n>', 'Flush the -trace_rtt file every n samples', '200'),
  notYet(g, 'trace_logs', '', 'Write <log> action output to a file'),
  notYet(g, 'log_file', '<file>', 'Name of the -trace_logs file'),
  notYet(g, 'log_overwrite', '<bool>', 'Truncate the -trace_logs file', 'true'),
  notYet(g, 'ringbuffer_files', '<n>', 'Rotated copies of trace files to keep', '0'),
  notYet(g, 'ringbuffer_size', '<bytes>', 'Rotate trace files at this size', '0'),
  notYet(g, 'max_log_size', '<bytes>', 'Stop writing a trace file at this size', '0'),
];
