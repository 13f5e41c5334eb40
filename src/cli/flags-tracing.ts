/** Tracing, logging and statistics flags (`sipp -h` of SIPp 3.6.1). */
import { resolve } from 'node:path';
import type { TraceConfig } from '../config/index.ts';
import type { FlagSpec } from './flag-types.ts';

const g = 'tracing' as const;

/** A trace switch (`-trace_msg`...). */
function onOff(name: string, help: string, set: (t: TraceConfig) => void): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'none',
    help,
    apply: (ctx) => set(ctx.config.traces),
  };
}

/** A trace file name (`-message_file`...), relative to the working directory. */
function fileName(
  name: string,
  help: string,
  set: (t: TraceConfig, file: string) => void,
): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'string',
    argName: '<file>',
    help,
    apply: (ctx, v) => set(ctx.config.traces, resolve(ctx.cwd, v)),
  };
}

/** `-X_overwrite true|false`. */
function overwrite(
  name: string,
  help: string,
  set: (t: TraceConfig, v: boolean) => void,
): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'bool',
    argName: '<bool>',
    help,
    defaultText: 'true',
    apply: (ctx, v) => set(ctx.config.traces, v),
  };
}

/** A size or count, 0 = off. */
function bytes(
  name: string,
  argName: string,
  help: string,
  set: (t: TraceConfig, v: number) => void,
): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'int',
    argName,
    help,
    defaultText: '0',
    apply: (ctx, v) => set(ctx.config.traces, v),
  };
}

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
  onOff('trace_stat', 'Write the periodic statistics CSV to <scenario>_<pid>_.csv', (t) => {
    t.stat = true;
  }),
  {
    name: 'stat_delimiter',
    group: g,
    available: true,
    kind: 'string',
    argName: '<str>',
    help: 'Statistics CSV separator',
    defaultText: ';',
    apply: (ctx, v) => {
      ctx.config.traces.statDelimiter = v;
    },
  },
  fileName('stf', 'Statistics CSV file name', (t, f) => {
    t.statFile = f;
  }),
  onOff('periodic_rtd', 'Reset the response-time repartition columns every -fd', (t) => {
    t.periodicRtd = true;
  }),
  onOff(
    'trace_msg',
    'Log every SIP message sent and received to <scenario>_<pid>_messages.log',
    (t) => {
      t.messages = true;
    },
  ),
  fileName('message_file', 'Name of the -trace_msg file', (t, f) => {
    t.messageFile = f;
  }),
  overwrite('message_overwrite', 'Truncate the -trace_msg file (false: append)', (t, v) => {
    t.messageAppend = !v;
  }),
  onOff('trace_shortmsg', 'One line per SIP message to <scenario>_<pid>_shortmessages.log', (t) => {
    t.shortMessages = true;
  }),
  fileName('shortmessage_file', 'Name of the -trace_shortmsg file', (t, f) => {
    t.shortMessageFile = f;
  }),
  overwrite('shortmessage_overwrite', 'Truncate the -trace_shortmsg file', (t, v) => {
    t.shortMessageAppend = !v;
  }),
  onOff('trace_counts', 'Per-step message counters CSV, <scenario>_<pid>_counts.csv', (t) => {
    t.counts = true;
  }),
  overwrite('error_overwrite', 'Truncate the -trace_err file (false: append)', (t, v) => {
    t.errorAppend = !v;
  }),
  onOff(
    'trace_error_codes',
    'Status codes of unexpected responses per -fd, <scenario>_<pid>_error_codes.csv',
    (t) => {
      t.errorCodes = true;
    },
  ),
  onOff(
    'trace_calldebug',
    'Debug transcript of each failed call to <scenario>_<pid>_calldebug.log',
    (t) => {
      t.callDebug = true;
    },
  ),
  fileName('calldebug_file', 'Name of the -trace_calldebug file', (t, f) => {
    t.callDebugFile = f;
  }),
  overwrite('calldebug_overwrite', 'Truncate the -trace_calldebug file', (t, v) => {
    t.callDebugAppend = !v;
  }),
  onOff('trace_screen', 'Dump the screens to <scenario>_<pid>_screen.log at exit', (t) => {
    t.screen = true;
  }),
  fileName('screen_file', 'Name of the -trace_screen file', (t, f) => {
    t.screenFile = f;
  }),
  overwrite('screen_overwrite', 'Truncate the -trace_screen file', (t, v) => {
    t.screenAppend = !v;
  }),
  onOff('trace_rtt', 'Every response-time sample to <scenario>_<pid>_rtt.csv', (t) => {
    t.rtt = true;
  }),
  {
    name: 'rtt_freq',
    group: g,
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Write the -trace_rtt file every n samples',
    defaultText: '200',
    apply: (ctx, v) => {
      ctx.config.traces.rttFreq = v;
    },
  },
  onOff('trace_logs', 'Write <log> action output to <scenario>_<pid>_logs.log', (t) => {
    t.logs = true;
  }),
  fileName('log_file', 'Name of the -trace_logs file', (t, f) => {
    t.logFile = f;
  }),
  overwrite('log_overwrite', 'Truncate the -trace_logs file', (t, v) => {
    t.logAppend = !v;
  }),
  bytes('ringbuffer_files', '<n>', 'Rotated copies of trace files to keep', (t, v) => {
    t.ringbufferFiles = v;
  }),
  bytes('ringbuffer_size', '<bytes>', 'Rotate the message and log files at this size', (t, v) => {
    t.ringbufferBytes = v;
  }),
  bytes('max_log_size', '<bytes>', 'Stop writing a message or log file at this size', (t, v) => {
    t.maxLogBytes = v;
  }),
];
