/**
 * SIPp's default behaviours for messages the scenario did not ask for: auto-answers, PING
 * replies, late retransmissions (re-ACKed), the `_unexp.main` label, aborts on unexpected
 * messages, and messages that belong to no call.
 */
import type { SipMessage } from '../sip/index.ts';
import { Counter, StepEvent } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { formatDouble, readDouble } from './action-values.ts';
import { WaitKind, keptBytes } from './call.ts';
import type { Call } from './call.ts';
import { abortCall, endCall } from './call-ending.ts';
import { buildAck, buildOk } from './default-messages.ts';
import type { EngineCore } from './engine-core.ts';
import { expectedAt } from './recv-matcher.ts';
import type { ScenarioInterpreter } from './scenario-interpreter.ts';

const AUTO_ANSWER_METHODS = new Set(['INFO', 'NOTIFY', 'OPTIONS', 'UPDATE']);

/** A message that is no call's and starts none: auto-answered, else counted and traced. */
export function onOutOfCall(
  core: EngineCore,
  msg: SipMessage,
  from: RemoteAddress,
  via: Transport,
): void {
  if (msg.isRequest && core.cfg.autoAnswer && AUTO_ANSWER_METHODS.has(msg.method)) {
    core.send(via, buildOk(msg, ''), from);
    core.program.stats.count(Counter.AutoAnswered);
    return;
  }
  core.program.stats.count(Counter.OutOfCallMsgs);
  core.trace.error(
    `Discarding message which can't be mapped to a known SIPp call:\n${msg.raw.toString('latin1')}`,
  );
}

/** An earlier step matched again: a late retransmission; re-ACK a final response to INVITE. */
export function onLateMessage(core: EngineCore, call: Call, msg: SipMessage, index: number): void {
  call.program.stats.count(Counter.Retransmissions);
  call.program.stats.step(index, StepEvent.Retrans);
  if (
    !msg.isRequest &&
    msg.statusCode >= 200 &&
    msg.cseqMethod() === 'INVITE' &&
    call.inviteRaw !== null
  ) {
    const ack = buildAck(
      keptBytes(call.inviteRaw),
      msg,
      `${core.ctx.engineId}-${call.callNumber}-ack`,
    );
    if (ack) core.send(call.socket, ack, call.remote);
  }
}

/**
 * A message for the call that no step at its position expects. `automatic` false is SIPp's
 * process_unexpected alone, as for a message without a To header: no -aa answer, no PING or
 * BYE/CANCEL 200, no `_unexp.main` jump (SIPp checks To before it reads the method).
 */
export function onUnexpected(
  core: EngineCore,
  interpreter: ScenarioInterpreter,
  call: Call,
  msg: SipMessage,
  automatic = true,
): void {
  const program = call.program;
  const idx = Math.min(call.index, program.commands.length - 1);
  const unexpLabel = program.unexpectedLabel;
  // SIPp 3.6.1 (call.cpp): a scenario with `_unexp.main` gets the jump or, already in it, the
  // bare unexpected handling; only one without it answers automatically (-aa, PING, BYE and
  // CANCEL). Measured: with -aa, an OPTIONS is answered by the scenario's `_unexp.main` code.
  const isRequest = automatic && unexpLabel === undefined && msg.isRequest;
  if (isRequest && core.cfg.autoAnswer && AUTO_ANSWER_METHODS.has(msg.method)) {
    core.send(call.socket, buildOk(msg, ''), call.remote);
    program.stats.count(Counter.AutoAnswered);
    return;
  }
  if (isRequest && msg.method === 'PING' && core.cfg.defaultBehaviors.pingReply) {
    core.send(call.socket, buildOk(msg, ''), call.remote);
    return;
  }
  // SIPp 3.6.1 (measured): a non-zero _unexp.retaddr means the call is already in its
  // `_unexp.main` code, so a second unexpected message gets the default handling below. The
  // jump itself is not counted in the Unexpected-Msg column (SIPp counts in process_unexpected).
  if (automatic && unexpLabel !== undefined && readDouble(call.variable('_unexp.retaddr')) === 0) {
    call.setVariable('_unexp.retaddr', formatDouble(call.index));
    const paused = call.waitKind === WaitKind.Pause ? call.waitTimer.dueMs : 0;
    call.setVariable('_unexp.pausedaddr', formatDouble(paused));
    // The message itself waits for the first recv after the label (SIPp's queue_up).
    call.queued = Buffer.from(msg.raw);
    interpreter.jump(call, unexpLabel);
    return;
  }
  program.stats.step(idx, StepEvent.Unexpected);
  // A final answer to our INVITE the scenario did not expect (a 486 to a uac) is still the
  // INVITE's final response: invite_rtt counts it, as "INVITE to final response" promises.
  if (!msg.isRequest && msg.statusCode >= 200 && msg.cseqMethod() === 'INVITE') {
    const rtt = call.takeInviteRtt(core.now());
    if (rtt >= 0) program.stats.inviteRtt(rtt, rtt + call.startLagMs);
  }
  // SIPp's pause row shows the calls that entered the pause minus those aborted in it (its
  // `sessions`; measured: two calls aborted in a timewait leave it at 0).
  const inPause = call.waitKind === WaitKind.Pause || call.waitKind === WaitKind.Timewait;
  core.trace.unexpectedMessage?.(msg.raw, msg.isRequest ? 0 : msg.statusCode, call.socket);
  const b = core.cfg.defaultBehaviors;
  if (!b.abortUnexpected) {
    core.warning(call, `Continuing call on unexpected message for Call-Id '${call.callId}'`);
    return;
  }
  const text = `Aborting call on unexpected message for Call-Id '${call.callId}': while expecting '${expectedAt(program.commands, idx)}' (index ${idx})`;
  core.reportError(text, `${text}, received '${msg.raw.toString('latin1')}'`);
  // -3pcc: the twin's half of a call past its first step is aborted too (SIPp's 3pcc_abort
  // default message). Extended mode has no single twin: the link refuses a command without dest.
  if (core.twin !== null && call.index > 0) core.twin.send(threePccAbort(call.callId), undefined);
  if (inPause) program.stats.step(idx, StepEvent.Message, -1);
  if (isRequest && (msg.method === 'BYE' || msg.method === 'CANCEL')) {
    if (b.bye) core.send(call.socket, buildOk(msg, ''), call.remote);
    endCall(core, call, Counter.FailedUnexpectedMessage);
    return;
  }
  abortCall(core, call, msg, Counter.FailedUnexpectedMessage, false);
}

/** SIPp's `3pcc_abort` default message, framed as a command (text, CRLF, ESC). */
function threePccAbort(callId: string): Buffer {
  return Buffer.from(`call-id: ${callId}\r\ninternal-cmd: abort_call\r\n\x1b`, 'latin1');
}
