/**
 * `hint`: flags a run probably lacks or should think twice about. Advice only: `run` never
 * refuses on a hint, since SIPp users have their reasons.
 */
import type { FlagLine } from './flag-line.ts';
import type { PreparedRun } from './flag-check.ts';

// Above this many calls per second, a run with no cap on concurrent calls can pile up
// thousands of calls when the peer stops answering (each waits out its timers).
const HIGH_RATE_CPS = 100;

type Rule = (flags: FlagLine, run: PreparedRun) => string | undefined;

const RULES: readonly Rule[] = [
  (flags) =>
    flags.has('sn') || flags.has('sf')
      ? undefined
      : 'no scenario: the default is sn uac; set sn uas to answer calls, or sf file.xml',
  (_, run) =>
    run.mode === 'client' && run.config.remote === undefined && !run.config.remoteSendAddress
      ? 'no remote: a UAC needs one, e.g. set rsa 127.0.0.1:5060'
      : undefined,
  (flags, run) =>
    run.mode === 'client' && !flags.has('m') && !flags.has('timeout')
      ? 'no -m or -timeout: the run places calls until Ctrl+C; set m <calls> to stop on a count'
      : undefined,
  (flags, run) =>
    run.mode === 'client' && callsPerSecond(run) >= HIGH_RATE_CPS && !flags.has('l')
      ? `-r ${callsPerSecond(run)}/s with no -l: calls pile up if the peer stops answering; ` +
        'set l <max concurrent calls>'
      : undefined,
  (flags, run) =>
    run.mode === 'server' && !flags.has('p')
      ? 'a UAS listens on port 5060 unless told; set p <port> if that one is taken'
      : undefined,
  (flags, run) =>
    flags.has('trace_msg') && callsPerSecond(run) >= HIGH_RATE_CPS
      ? '-trace_msg at this rate writes a large file quickly; -trace_err logs only problems'
      : undefined,
];

function callsPerSecond(run: PreparedRun): number {
  const { callsPerPeriod, periodMs } = run.config.rate;
  return Math.round((callsPerPeriod * 1000) / periodMs);
}

export function hintsFor(flags: FlagLine, run: PreparedRun): string[] {
  return RULES.map((rule) => rule(flags, run)).filter((h): h is string => h !== undefined);
}
