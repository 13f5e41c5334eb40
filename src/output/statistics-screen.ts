/**
 * SIPp's screen 2 (Statistics Screen): Periodic | Cumulative columns, column for column with
 * sipp 3.6.1 (test/output/sipp-samples/uac_screen.log, trace_client_screen.log). Pure.
 */
import { FAILURE_COUNTERS, COUNTER_NAMES } from '../stats/index.ts';
import {
  currentCalls,
  totalCallsCreated,
  zeroCounters,
  type CounterName,
  type StatsSnapshot,
} from '../stats/index.ts';
import type { HistogramJSON } from '../stats/index.ts';
import { cell, fixed, formatSippDuration, formatSippTimestamp, left } from './sipp-format.ts';
import { framed, TITLE_STATISTICS } from './screen-frame.ts';
import type { ScreenInfo } from './screen-info.ts';

const CROSS = '-------------------------+---------------------------+--------------------------';
const COLUMN_HEADER = '  Counter Name           | Periodic value            | Cumulative value';
/** The Periodic column of the final screen (ScreenInfo.finalScreen). */
const ZERO_PERIODIC = Object.freeze(zeroCounters());

/** Our labels for the optional failure-cause lines (SIPp 3.6.1 prints none; ≤ 22 columns). */
const FAILURE_LABELS: Readonly<Partial<Record<CounterName, string>>> = {
  FailedCannotSendMessage: 'Failed cannot send msg',
  FailedMaxUDPRetrans: 'Failed max UDP retrans',
  FailedTcpConnect: 'Failed TCP connect',
  FailedTcpClosed: 'Failed TCP closed',
  FailedUnexpectedMessage: 'Failed unexpected msg',
  FailedCallRejected: 'Failed call rejected',
  FailedCmdNotSent: 'Failed cmd not sent',
  FailedRegexpDoesntMatch: 'Failed regexp no match',
  FailedRegexpShouldntMatch: 'Failed regexp matched',
  FailedRegexpHdrNotFound: 'Failed regexp no hdr',
  FailedOutboundCongestion: 'Failed out. congestion',
  FailedTimeoutOnRecv: 'Failed recv timeout',
  FailedTimeoutOnSend: 'Failed send timeout',
  FailedTestDoesntMatch: 'Failed test no match',
  FailedTestShouldntMatch: 'Failed test matched',
  FailedStrcmpDoesntMatch: 'Failed strcmp no match',
  FailedStrcmpShouldntMatch: 'Failed strcmp matched',
};

/** Label and counter name of every failure cause, in SIPp's order. */
export function failureCauses(): Array<{ name: CounterName; label: string }> {
  return FAILURE_COUNTERS.map((id) => {
    const name = COUNTER_NAMES[id] as CounterName;
    return { name, label: FAILURE_LABELS[name] ?? name };
  });
}

/** `  %-22.22s | %-52.52s ` */
function timeRow(label: string, epochMs: number): string {
  return `  ${cell(label, 22)} | ${cell(formatSippTimestamp(epochMs), 52)} `;
}

function textRow(label: string, periodic: string, cumulative: string): string {
  return `  ${cell(label, 22)} | ${cell(periodic, 25)} | ${cell(cumulative, 24)} `;
}

/** `  %-22.22s | %8llu                  | %8llu                 ` (either side may be blank). */
function countRow(
  label: string,
  periodic: number | undefined,
  cumulative: number | undefined,
): string {
  const p = periodic === undefined ? ' '.repeat(25) : left(fixed(periodic, 0, 8), 25);
  const c = cumulative === undefined ? ' '.repeat(24) : left(fixed(cumulative, 0, 8), 24);
  return `  ${cell(label, 22)} | ${p} | ${c} `;
}

function rateRow(label: string, periodic: number, cumulative: number): string {
  return `  ${cell(label, 22)} | ${fixed(periodic, 3, 8)} cps              | ${fixed(cumulative, 3, 8)} cps             `;
}

function durationRow(label: string, periodic: HistogramJSON, cumulative: HistogramJSON): string {
  return textRow(
    label,
    formatSippDuration(meanMs(periodic)),
    formatSippDuration(meanMs(cumulative)),
  );
}

function meanMs(h: HistogramJSON): number {
  return h.count === 0 ? 0 : h.sumUs / h.count / 1000;
}

export function statisticsScreen(snapshot: StatsSnapshot, info: ScreenInfo): string[] {
  const final = info.finalScreen === true;
  const p = final ? ZERO_PERIODIC : snapshot.periodic;
  const c = snapshot.cumulative;
  const resetAtMs = final ? snapshot.takenAtMs : snapshot.periodStartedAtMs;
  const periodMs = snapshot.takenAtMs - resetAtMs;
  const elapsedMs = snapshot.takenAtMs - snapshot.startedAtMs;
  const createdP = p.IncomingCall + p.OutgoingCall;
  const lines = [
    TITLE_STATISTICS,
    timeRow('Start Time', snapshot.startedAtMs),
    timeRow('Last Reset Time', resetAtMs),
    timeRow('Current Time', snapshot.takenAtMs),
    CROSS,
    COLUMN_HEADER,
    CROSS,
    textRow(
      'Elapsed Time',
      formatSippDuration(periodMs),
      formatSippDuration(final ? 0 : elapsedMs),
    ),
    rateRow(
      'Call Rate',
      perSecond(createdP, periodMs),
      perSecond(totalCallsCreated(snapshot), elapsedMs),
    ),
    CROSS,
    countRow('Incoming calls created', p.IncomingCall, c.IncomingCall),
    countRow('Outgoing calls created', p.OutgoingCall, c.OutgoingCall),
    countRow('Total Calls created', undefined, totalCallsCreated(snapshot)),
    countRow('Current Calls', info.currentCalls ?? currentCalls(snapshot), undefined),
    CROSS,
  ];
  if (snapshot.generic.length > 0) {
    for (const g of snapshot.generic)
      lines.push(countRow(`Counter ${g.name}`, final ? 0 : g.periodic, g.cumulative));
    lines.push(CROSS);
  }
  lines.push(countRow('Successful call', p.SuccessfulCall, c.SuccessfulCall));
  lines.push(countRow('Failed call', p.FailedCall, c.FailedCall));
  if (info.showFailureCauses && !final) {
    for (const cause of failureCauses()) {
      if (c[cause.name] !== 0) lines.push(countRow(cause.label, p[cause.name], c[cause.name]));
    }
  }
  lines.push(CROSS);
  for (const rtd of snapshot.rtds) {
    const label = `Response Time ${rtd.name}`;
    lines.push(final ? zeroDurationRow(label) : durationRow(label, rtd.periodic, rtd.cumulative));
  }
  const { periodic, cumulative } = snapshot.callLength;
  lines.push(
    final ? zeroDurationRow('Call Length') : durationRow('Call Length', periodic, cumulative),
  );
  return framed(lines, info);
}

function zeroDurationRow(label: string): string {
  return textRow(label, formatSippDuration(0), formatSippDuration(0));
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}
