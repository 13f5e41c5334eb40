/**
 * Scenarios, snapshots and ScreenInfos reproducing the runs behind the real SIPp samples in
 * test/output/sipp-samples/ (copied from /work/shared/spec/sipp-samples/).
 */
import { readFileSync } from 'node:fs';
import type { Command, PauseDuration } from '../../src/scenario/model.ts';
import {
  Counter,
  PeriodTracker,
  RunStats,
  StepEvent,
  type StatsSnapshot,
} from '../../src/stats/index.ts';
import type { ScreenInfo, ScreenScenario } from '../../src/output/index.ts';

export function sampleLines(name: string): string[] {
  const text = readFileSync(new URL(`./sipp-samples/${name}`, import.meta.url), 'utf8');
  return text.replace(/\n$/, '').split('\n');
}

/** The lines of a screen dump from the first line equal to `title` through the next footer. */
export function screenFrom(lines: string[], title: string, occurrence = 0): string[] {
  let start = -1;
  for (let i = 0, seen = 0; i < lines.length; i++) {
    if (lines[i] === title && seen++ === occurrence) {
      start = i;
      break;
    }
  }
  if (start < 0) throw new Error(`no screen titled ${title}`);
  let end = start + 1;
  while (!/^-------.*(Terminated|Waiting|Paused|Adjust rate|Server Mode)/.test(lines[end])) end++;
  return lines.slice(start, end + 1);
}

interface Opts {
  crlf?: boolean;
  rtd?: string;
  startRtd?: string;
  retransMs?: number;
  hide?: boolean;
  display?: string;
}

function base(index: number, o: Opts) {
  return {
    index,
    pos: { file: 'test.xml', line: index + 1, column: 1 },
    condExecInverse: false,
    repeatRtd: false,
    crlf: o.crlf ?? false,
    hide: o.hide ?? false,
    actions: [],
    rtd: o.rtd,
    startRtd: o.startRtd,
    display: o.display,
  };
}

export function send(index: number, what: string | number, o: Opts = {}): Command {
  const isRequest = typeof what === 'string';
  const template = {
    parts: [],
    firstLine: '',
    isRequest,
    method: isRequest ? what : '',
    statusCode: isRequest ? 0 : what,
  };
  return { ...base(index, o), kind: 'send', template, retransMs: o.retransMs } as Command;
}

export function recv(index: number, what: string | number, o: Opts = {}): Command {
  const match = typeof what === 'string' ? { request: what } : { response: what };
  return {
    ...base(index, o),
    kind: 'recv',
    ...match,
    regexpMatch: false,
    optional: 'no',
    rrs: false,
    auth: false,
    advanceState: true,
    sentMethodsBefore: new Set<string>(),
  } as Command;
}

export function pause(index: number, duration: PauseDuration, o: Opts = {}): Command {
  return { ...base(index, o), kind: 'pause', duration, isTimewait: false } as Command;
}

export function nop(index: number, o: Opts = {}): Command {
  return { ...base(index, o), kind: 'nop' } as Command;
}

/** Builds a snapshot through RunStats, so tests exercise the real producer. */
export function snapshotOf(
  scenario: ScreenScenario & { counterNames?: string[] },
  times: { start: number; reset: number; now: number },
  fill: (stats: RunStats) => void,
): StatsSnapshot {
  const stats = new RunStats(
    {
      commands: scenario.commands,
      rtdNames: scenario.rtdNames,
      counterNames: scenario.counterNames ?? [],
      responseTimeRepartition: (scenario as { rt?: number[] }).rt ?? [],
      callLengthRepartition: (scenario as { cl?: number[] }).cl ?? [],
    },
    times.start,
  );
  fill(stats);
  const periods = new PeriodTracker();
  periods.startPeriod(stats.snapshot(times.reset));
  return periods.view(stats.snapshot(times.now));
}

export function steps(
  stats: RunStats,
  index: number,
  message: number,
  extra: Partial<Record<'retrans' | 'timeout' | 'unexpected', number>> = {},
) {
  for (let i = 0; i < message; i++) stats.step(index, StepEvent.Message);
  for (let i = 0; i < (extra.unexpected ?? 0); i++) stats.step(index, StepEvent.Unexpected);
  for (let i = 0; i < (extra.retrans ?? 0); i++) stats.step(index, StepEvent.Retrans);
  for (let i = 0; i < (extra.timeout ?? 0); i++) stats.step(index, StepEvent.Timeout);
}

// ------------------------------------------------------------------ sipp -sn uac, 200 calls

export const uacScenario = {
  mode: 'client' as const,
  rtdNames: ['1'],
  rt: [10, 20, 30, 40, 50, 100, 150, 200],
  cl: [10, 50, 100, 500, 1000, 5000, 10000],
  commands: [
    send(0, 'INVITE', { retransMs: 500 }),
    recv(1, 100),
    recv(2, 180),
    recv(3, 183),
    recv(4, 200, { rtd: '1' }),
    send(5, 'ACK'),
    pause(6, { kind: 'default' }),
    send(7, 'BYE', { retransMs: 500 }),
    recv(8, 200, { crlf: true }),
  ],
};

export const uacTimes = {
  start: 1795956110362.718,
  reset: 1795956112370.387,
  now: 1795956112370.452,
};

export function uacSnapshot(): StatsSnapshot {
  return snapshotOf(uacScenario, uacTimes, (s) => {
    s.count(Counter.OutgoingCall, 200);
    s.count(Counter.SuccessfulCall, 200);
    for (const i of [0, 2, 4, 5, 6, 7, 8]) steps(s, i, 200);
    // SIPp measured whole milliseconds on loopback: 0 ms, one call of 12 ms.
    for (let i = 0; i < 200; i++) s.responseTime(0, 0);
    for (let i = 0; i < 199; i++) s.callLength(0);
    s.callLength(12);
  });
}

export const uacInfo: ScreenInfo = {
  scenario: uacScenario,
  rate: 100,
  ratePeriodMs: 1000,
  callLengthMs: 0,
  localPort: 5071,
  remoteHost: '127.0.0.1',
  remotePort: 5070,
  transport: 'UDP',
  state: 'draining',
  totalElapsedMs: 2007,
  maxCalls: 200,
  callLimit: 300,
  schedulerResolutionMs: 0,
  lastPeriod: { newCalls: 0, durationMs: 0 },
  peakCalls: 2,
  peakAfterS: 0,
  tasks: { running: 0, paused: 201, wokenUp: 408 },
  openSockets: 0,
};

// ------------------------------------------------------------------ sipp -sn uas, 200 calls

export const uasScenario = {
  mode: 'server' as const,
  rtdNames: ['1'],
  rt: [10, 20, 30, 40, 50, 100, 150, 200],
  cl: [10, 50, 100, 500, 1000, 5000, 10000],
  commands: [
    recv(0, 'INVITE', { crlf: true }),
    send(1, 180),
    send(2, 200, { retransMs: 500 }),
    recv(3, 'ACK', { rtd: '1', crlf: true }),
    recv(4, 'BYE'),
    send(5, 200),
    { ...pause(6, { kind: 'fixed', ms: 4000 }), isTimewait: true } as Command,
  ],
};

export const uasTimes = {
  start: 1795956109860.736,
  reset: 1795956116374.024,
  now: 1795956116374.181,
};

export function uasSnapshot(): StatsSnapshot {
  return snapshotOf(uasScenario, uasTimes, (s) => {
    s.count(Counter.IncomingCall, 200);
    s.count(Counter.SuccessfulCall, 200);
    for (let i = 0; i < 7; i++) steps(s, i, 200);
    for (let i = 0; i < 200; i++) s.responseTime(0, 0);
    for (let i = 0; i < 200; i++) s.callLength(4009);
  });
}

export const uasInfo: ScreenInfo = {
  scenario: uasScenario,
  rate: 10,
  ratePeriodMs: 1000,
  callLengthMs: 0,
  localPort: 5070,
  remoteHost: '',
  remotePort: 0,
  transport: 'UDP',
  state: 'draining',
  totalElapsedMs: 6513,
  maxCalls: 200,
  schedulerResolutionMs: 0,
  lastPeriod: { newCalls: 0, durationMs: 0 },
  peakCalls: 200,
  peakAfterS: 2,
  tasks: { running: 0, paused: 202, wokenUp: 228 },
};

// ------------------------------------------------- trace_client_scenario.xml, 20 calls, 30 % 486

export const traceScenario = {
  mode: 'client' as const,
  rtdNames: ['setup', 'bye'],
  counterNames: ['invites'],
  commands: [
    send(0, 'INVITE', { retransMs: 500, startRtd: 'setup' }),
    recv(1, 100),
    recv(2, 180),
    recv(3, 200, { rtd: 'setup' }),
    send(4, 'ACK'),
    pause(5, { kind: 'default' }),
    send(6, 'BYE', { retransMs: 500, startRtd: 'bye' }),
    recv(7, 200, { rtd: 'bye', crlf: true }),
  ],
};

export const traceTimes = {
  start: 1795956803548.843,
  reset: 1795956805662.074,
  now: 1795956805662.151,
};

export function traceSnapshot(): StatsSnapshot {
  return snapshotOf(traceScenario, traceTimes, (s) => {
    s.count(Counter.OutgoingCall, 20);
    s.count(Counter.SuccessfulCall, 12);
    s.count(Counter.FailedCall, 8);
    s.count(Counter.FailedUnexpectedMessage, 8);
    for (let i = 0; i < 20; i++) s.generic(0);
    steps(s, 0, 20);
    steps(s, 2, 20);
    steps(s, 3, 12, { unexpected: 8 });
    for (const i of [4, 5, 6, 7]) steps(s, i, 12);
  });
}

export const traceLastError =
  "Aborting call on unexpected message for Call-Id '18-28159@127.0.0.1': while expecting '200' (index 3), received 'SIP/2.0 486 Busy Here\r\n...";

export const traceInfo: ScreenInfo = {
  scenario: traceScenario,
  rate: 10,
  ratePeriodMs: 1000,
  callLengthMs: 100,
  localPort: 5081,
  remoteHost: '127.0.0.1',
  remotePort: 5080,
  transport: 'UDP',
  state: 'draining',
  totalElapsedMs: 2113,
  maxCalls: 20,
  callLimit: 30,
  schedulerResolutionMs: 0,
  lastPeriod: { newCalls: 0, durationMs: 0 },
  peakCalls: 2,
  peakAfterS: 0,
  tasks: { running: 0, paused: 22, wokenUp: 42 },
  openSockets: 0,
  lastError: traceLastError,
};
