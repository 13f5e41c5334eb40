/**
 * 3PCC, performance and watchdog flags (`sipp -h` of SIPp 3.6.1): SIPp's are not
 * available yet; `-threads` is Gossipper's own.
 */
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';

export const THIRD_PARTY_FLAGS: readonly FlagSpec[] = [
  notYet('3pcc', '3pcc', '<ip:port>', '3PCC twin socket address'),
  notYet('3pcc', 'master', '<name>', "3PCC extended mode: this instance's master name"),
  notYet('3pcc', 'slave', '<name>', "3PCC extended mode: this instance's slave name"),
  notYet('3pcc', 'slave_cfg', '<file>', '3PCC extended mode: file of name;host:port lines'),
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
  notYet('performance', 'timer_resol', '<time>', 'Scheduler timer granularity (ms)', '1'),
  notYet('performance', 'max_recv_loops', '<n>', 'Max messages read per loop iteration', '1000'),
  notYet('performance', 'max_sched_loops', '<n>', 'Max calls run per loop iteration', '1000'),
  notYet('performance', 'watchdog_interval', '<ms>', 'Watchdog timer period', '400'),
  notYet(
    'performance',
    'watchdog_reset',
    '<ms>',
    'Reset watchdog trip counters after this long',
    '600000',
  ),
  notYet(
    'performance',
    'watchdog_minor_threshold',
    '<ms>',
    'Lateness that counts as a minor trip',
    '500',
  ),
  notYet(
    'performance',
    'watchdog_major_threshold',
    '<ms>',
    'Lateness that counts as a major trip',
    '3000',
  ),
  notYet('performance', 'watchdog_major_maxtriggers', '<n>', 'Major trips tolerated', '10'),
  notYet('performance', 'watchdog_minor_maxtriggers', '<n>', 'Minor trips tolerated', '120'),
];
