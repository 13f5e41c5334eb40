/**
 * 3PCC, performance and watchdog flags (`sipp -h` of SIPp 3.6.1): 3PCC is in docs/3pcc.md;
 * the loop-tuning flags are accepted with a note (they tune SIPp's own main loop); `-threads` is
 * Gossipper's own.
 */
import type { FlagSpec } from './flag-types.ts';
import type { ThreePccConfig, WatchdogConfig } from '../config/index.ts';
import { acceptedWithNote } from './flag-builders.ts';
import { parseHostPort } from './value-parsers.ts';

/** A `-watchdog_*` time in ms (SIPp's unit for them). */
function watchdogFlag(
  name: string,
  help: string,
  defaultText: string,
  set: (w: WatchdogConfig, ms: number) => void,
): FlagSpec {
  return {
    name,
    group: 'performance',
    available: true,
    kind: 'time',
    unit: 'ms',
    argName: '<ms>',
    help,
    defaultText,
    apply: (ctx, v) => set(ctx.config.watchdog, v),
  };
}

/** SIPp's port for `-3pcc` when none is given. */
const DEFAULT_TWIN_PORT = 6060;

/** A `-master`/`-slave`/`-slave_cfg` string flag, stored in RunConfig.threePcc. */
function threePccName(
  name: 'master' | 'slave' | 'slave_cfg',
  argName: string,
  help: string,
  set: (t: ThreePccConfig, v: string) => void,
): FlagSpec {
  return {
    name,
    group: '3pcc',
    available: true,
    kind: 'string',
    argName,
    help,
    apply: (ctx, v) => {
      ctx.config.threePcc ??= {};
      set(ctx.config.threePcc, v);
    },
  };
}

export const THIRD_PARTY_FLAGS: readonly FlagSpec[] = [
  {
    name: '3pcc',
    group: '3pcc',
    available: true,
    kind: 'string',
    argName: '<ip:port>',
    help: '3PCC twin address: the sendCmd-first instance connects to it, the other listens on it',
    defaultText: 'port 6060',
    apply: (ctx, v) => {
      // A port is optional, as in SIPp, and then 6060, not SIP's 5060.
      const hasPort = /^\[.*\]:\d+$/.test(v.trim()) || /^[^:[\]]*:\d+$/.test(v.trim());
      const twin = parseHostPort('-3pcc', v);
      ctx.config.threePcc ??= {};
      ctx.config.threePcc.twin = hasPort ? twin : { host: twin.host, port: DEFAULT_TWIN_PORT };
    },
  },
  threePccName('master', '<name>', "3PCC extended mode: this instance's master name", (t, v) => {
    t.master = v;
  }),
  threePccName('slave', '<name>', "3PCC extended mode: this instance's slave name", (t, v) => {
    t.slave = v;
  }),
  threePccName(
    'slave_cfg',
    '<file>',
    '3PCC extended mode: file of name;host:port lines',
    (t, v) => {
      t.slaveCfg = v;
    },
  ),
];

export const PERFORMANCE_FLAGS: readonly FlagSpec[] = [
  {
    // Not a SIPp flag: SIPp runs one thread; shards split one run's load (docs/cli.md).
    name: 'threads',
    group: 'performance',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Gossipper: run the load on n worker threads, each with its own socket',
    defaultText: '1',
    apply: (ctx, v) => {
      ctx.config.threads = v;
    },
  },
  acceptedWithNote(
    'performance',
    'timer_resol',
    'time-ms',
    '<time>',
    'Scheduler timer granularity (ms)',
    'the scheduler ticks every millisecond while there is work and sleeps otherwise',
    '1',
  ),
  acceptedWithNote(
    'performance',
    'max_recv_loops',
    'int',
    '<n>',
    'Max messages read per loop iteration',
    "the event loop reads each socket's whole batch before the next timer",
    '1000',
  ),
  acceptedWithNote(
    'performance',
    'max_sched_loops',
    'int',
    '<n>',
    'Max calls run per loop iteration',
    'calls run from timer wheels, each when due, without a per-iteration cap',
    '1000',
  ),
  watchdogFlag('watchdog_interval', 'Watchdog timer period (0: no watchdog)', '400', (w, v) => {
    w.intervalMs = v;
  }),
  watchdogFlag(
    'watchdog_reset',
    'Reset the trip counts after this long without a trip',
    '600000',
    (w, v) => {
      w.resetMs = v;
    },
  ),
  watchdogFlag(
    'watchdog_minor_threshold',
    'Gap between firings that is a minor trip',
    '500',
    (w, v) => {
      w.minorThresholdMs = v;
    },
  ),
  watchdogFlag(
    'watchdog_major_threshold',
    'Gap between firings that is a major trip',
    '3000',
    (w, v) => {
      w.majorThresholdMs = v;
    },
  ),
  {
    name: 'watchdog_major_maxtriggers',
    group: 'performance',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Major trips tolerated before the run ends (-1: no end)',
    defaultText: '10',
    apply: (ctx, v) => {
      ctx.config.watchdog.majorMaxTriggers = v;
    },
  },
  {
    name: 'watchdog_minor_maxtriggers',
    group: 'performance',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Minor trips tolerated before the run ends (-1: no end)',
    defaultText: '120',
    apply: (ctx, v) => {
      ctx.config.watchdog.minorMaxTriggers = v;
    },
  },
];
