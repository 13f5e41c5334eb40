/**
 * SIPp's screen 1 (Scenario Screen), column for column with sipp 3.6.1: see
 * test/output/sipp-samples/uac_screen.log and uas_screen.log. Pure: returns lines.
 */
import type { Command, PauseCommand } from '../scenario/index.ts';
import { distributionText } from '../scenario/index.ts';
import {
  currentCalls,
  totalCallsCreated,
  type StatsSnapshot,
  type StepCounts,
} from '../stats/index.ts';
import { cell, formatPauseLength, left, right } from './sipp-format.ts';
import { framed, TITLE_SCENARIO } from './screen-frame.ts';
import type { ScreenInfo } from './screen-info.ts';

/** Column where "Messages" starts; every row's prefix is padded to it. */
const COUNTS_COLUMN = 33;
/** SIPp formats command rows into an 80-byte buffer: they never exceed 79 characters. */
const ROW_WIDTH = 79;
const TABLE_HEADER =
  '                                 Messages  Retrans   Timeout   Unexpected-Msg';

export function scenarioScreen(snapshot: StatsSnapshot, info: ScreenInfo): string[] {
  const lines = [
    TITLE_SCENARIO,
    ...headerLines(snapshot, info),
    '',
    ...statusLines(snapshot, info),
  ];
  lines.push('', TABLE_HEADER);
  const rtdNames = info.scenario.rtdNames;
  for (const command of info.scenario.commands) {
    if (command.hide) continue;
    const counts = snapshot.steps[command.index] ?? ZERO_STEP;
    const row = commandRow(command, counts, info, rtdNames).slice(0, ROW_WIDTH);
    // `set index true`: sipp 3.6.1 puts the step's index before its send and recv rows.
    const isMessage = command.kind === 'send' || command.kind === 'recv';
    lines.push(info.showIndex === true && isMessage ? `${left(command.index, 2)}:${row}` : row);
    if (command.crlf) lines.push('');
  }
  for (const warning of info.warnings ?? []) lines.push(warning.slice(0, ROW_WIDTH));
  return framed(lines, info);
}

const ZERO_STEP: StepCounts = { message: 0, retrans: 0, timeout: 0, unexpected: 0, lost: 0 };

function totalTime(ms: number): string {
  const whole = Math.max(0, Math.floor(ms));
  return `${right(Math.floor(whole / 1000), 6)}.${String(Math.floor((whole % 1000) / 10)).padStart(2, '0')} s`;
}

function headerLines(snapshot: StatsSnapshot, info: ScreenInfo): string[] {
  const elapsedMs = info.totalElapsedMs ?? snapshot.takenAtMs - snapshot.startedAtMs;
  const common = `${left(info.localPort, 5)} ${totalTime(elapsedMs)}     ${right(totalCallsCreated(snapshot), 8)}`;
  if (info.scenario.mode === 'server') {
    return ['  Port   Total-time  Total-calls  Transport', `  ${common}  ${info.transport}`];
  }
  const remote = `${info.remoteHost}:${info.remotePort}(${info.transport})`;
  if (info.users !== undefined) {
    return [
      '  Users (length)   Port   Total-time  Total-calls  Remote-host',
      `  ${info.users} (${Math.round(info.callLengthMs)} ms)   ${common}  ${remote}`,
    ];
  }
  // `%3.1f(%d ms)/%5.3fs`: calls per rate period, the -d length, the period in seconds.
  const rate =
    `${right(info.rate.toFixed(1), 3)}(${Math.round(info.callLengthMs)} ms)/` +
    `${right((info.ratePeriodMs / 1000).toFixed(3), 5)}s`;
  return [
    '  Call rate (length)   Port   Total-time  Total-calls  Remote-host',
    `  ${rate}   ${common}  ${remote}`,
  ];
}

function pair(leftText: string, rightText: string): string {
  return `  ${left(leftText, 38)}  ${rightText}`;
}

function lastPeriod(
  snapshot: StatsSnapshot,
  info: ScreenInfo,
): { newCalls: number; durationMs: number } {
  return (
    info.lastPeriod ?? {
      newCalls: snapshot.periodic.IncomingCall + snapshot.periodic.OutgoingCall,
      durationMs: snapshot.takenAtMs - snapshot.periodStartedAtMs,
    }
  );
}

/** Whole ms of the display period the screen reports on. */
function periodMs(snapshot: StatsSnapshot, info: ScreenInfo): number {
  return Math.max(0, Math.floor(lastPeriod(snapshot, info).durationMs));
}

function periodText(snapshot: StatsSnapshot, info: ScreenInfo): string {
  const created = totalCallsCreated(snapshot);
  const period = lastPeriod(snapshot, info);
  const durationMs = periodMs(snapshot, info);
  if (info.maxCalls !== undefined && created >= info.maxCalls) {
    return `Call limit ${info.maxCalls} hit, ${(durationMs / 1000).toFixed(1)} s period `;
  }
  const ms = String(durationMs % 1000).padStart(3, '0');
  return `${period.newCalls} new calls during ${Math.floor(durationMs / 1000)}.${ms} s period`;
}

function statusLines(snapshot: StatsSnapshot, info: ScreenInfo): string[] {
  const isClient = info.scenario.mode === 'client';
  const current = info.currentCalls ?? currentCalls(snapshot);
  const calls =
    isClient && info.callLimit !== undefined
      ? `${current} calls (limit ${info.callLimit})`
      : `${current} calls`;
  const tasks = info.tasks ?? { running: 0, paused: current, wokenUp: 0 };
  const c = snapshot.cumulative;
  const dead = `${c.DeadCallMsgs} dead call msg (discarded)`;
  const sockets = pair(
    `${info.openSockets ?? 0} open sockets`,
    `${c.SendErrors}/${c.RecvErrors}/${c.CongestionErrors} ${info.transport} errors (send/recv/cong)`,
  );
  const resolution = `${info.schedulerResolutionMs ?? 0} ms scheduler resolution`;
  const lines = [
    `  ${left(periodText(snapshot, info), 38)}  ${left(resolution, 37)}`,
    pair(calls, `Peak was ${info.peakCalls ?? current} calls, after ${info.peakAfterS ?? 0} s`),
    `  ${tasks.running} Running, ${tasks.paused} Paused, ${tasks.wokenUp} Woken up`,
    // SIPp's server screen has no out-of-call column on this line (uas_screen.log).
    isClient ? pair(dead, `${c.OutOfCallMsgs} out-of-call msg (discarded)`) : `  ${left(dead, 38)}`,
    sockets,
  ];
  lines.push(periodMs(snapshot, info) > 0 ? rtpLine(info) : sockets);
  return lines;
}

/**
 * sipp 3.6.1 prints its RTP line on every screen, media or not ("0 Total RTP pckts sent"), but
 * builds it only when time passed since the last report; with none (the first screen and the
 * final one, which follows a report) it pushes its previous line again, so the sockets line
 * shows twice (every sample, and a live screen read from a pty).
 */
function rtpLine(info: ScreenInfo): string {
  const rtp = info.rtp ?? { packetsSent: 0, lastPeriodKBps: 0 };
  return pair(
    `${rtp.packetsSent} Total RTP pckts sent`,
    `${rtp.lastPeriodKBps.toFixed(3)} last period RTP rate (kB/s)`,
  );
}

function commandRow(
  command: Command,
  n: StepCounts,
  info: ScreenInfo,
  rtds: ReadonlyArray<string>,
): string {
  if (command.kind === 'pause') {
    // `%-9d` sessions, 21 blanks, `%-9lu` unexpected: the second number sits under Unexpected-Msg.
    const label = left(pauseLabel(command, info), COUNTS_COLUMN);
    return `${label}${left(n.message, 9)}${' '.repeat(21)}${left(n.unexpected, 9)}`;
  }
  if (command.kind === 'nop') {
    return command.display !== undefined ? ` ${command.display}` : NOP_ROW;
  }
  if (command.kind === 'sendCmd' || command.kind === 'recvCmd') {
    // SIPp 3.6.1 draws 3PCC commands alike on client and server screens: the label, then the
    // count under Messages.
    const label = command.kind === 'sendCmd' ? '[ Sent Command ]' : '[ Received Command ]';
    const blank = left('', 9);
    return `${right(label, 24)}${' '.repeat(9)}${[left(n.message, 9), blank, blank, blank].join(' ')}`;
  }
  const isSend = command.kind === 'send';
  const isClient = info.scenario.mode === 'client';
  const arrow = isSend === isClient ? '---------->' : '<----------';
  const name = commandName(command);
  const prefix = isClient ? `  ${right(name, 10)} ${arrow} ` : `  ${arrow} ${left(name, 10)} `;
  const blank = left('', 9);
  const counts = !isSend
    ? [left(n.message, 9), left(n.retrans, 9), left(n.timeout, 9), left(n.unexpected, 9), blank]
    : command.retransMs !== undefined
      ? [left(n.message, 9), left(n.retrans, 9), left(n.timeout, 9), blank, blank]
      : [left(n.message, 9), left(n.retrans, 9), blank, blank, blank];
  return `${prefix}${rtdMark(command, rtds)}${counts.join(' ')}`;
}

const NOP_ROW = '              [ NOP ]              ';

/** `send INVITE`, `recv 200`, `pause`: a step as reports name it. */
export function stepLabel(command: Command): string {
  const name = commandName(command);
  return name === '' ? command.kind : `${command.kind} ${name}`;
}

/** Method for requests, status code for responses. */
function commandName(command: Command): string {
  if (command.kind === 'send') {
    const t = command.template;
    return t.isRequest ? t.method : String(t.statusCode);
  }
  if (command.kind === 'recv') return command.request ?? String(command.response ?? '');
  return '';
}

/** ` B-RTDn ` where an RTD starts, ` E-RTDn ` where one stops, else 8 blanks. */
function rtdMark(command: Command, rtds: ReadonlyArray<string>): string {
  if (command.startRtd !== undefined)
    return cell(` B-RTD${rtds.indexOf(command.startRtd) + 1} `, 8);
  if (command.rtd !== undefined) return cell(` E-RTD${rtds.indexOf(command.rtd) + 1} `, 8);
  return '        ';
}

function pauseLabel(command: PauseCommand, info: ScreenInfo): string {
  const text = pauseText(command, info);
  // Client rows read "Pause [len]", server rows "[len] Pause", as the arrows do (uas_screen.log).
  return info.scenario.mode === 'client'
    ? `       Pause [${right(text, 9)}]`
    : `  [${right(text, 9)}] Pause`;
}

function pauseText(command: PauseCommand, info: ScreenInfo): string {
  const d = command.duration;
  switch (d.kind) {
    case 'default':
      return formatPauseLength(info.callLengthMs);
    case 'fixed':
      return formatPauseLength(d.ms);
    case 'uniform':
      return `${formatPauseLength(d.minMs)}/${formatPauseLength(d.maxMs)}`;
    case 'variable':
      return `$${d.name}`;
    case 'distribution':
      return distributionText(d.distribution, formatPauseLength);
  }
}
