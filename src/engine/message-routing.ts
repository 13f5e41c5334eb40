/**
 * The receive path after the transport: parse, find the call by Call-ID (or admit a new server
 * call), answer a retransmission of what the call already matched, match the message to a
 * `<recv>` step and hand the call to the interpreter.
 */
import type { RecvCommand } from '../scenario/index.ts';
import { isParseFailure, parseSipMessage } from '../sip/index.ts';
import type { SipMessage } from '../sip/index.ts';
import { Counter, StepEvent } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import type { Call } from './call.ts';
import { WaitKind, keptBytes } from './call.ts';
import type { CallAdmission } from './call-admission.ts';
import { contactUri } from './default-messages.ts';
import type { EngineCore } from './engine-core.ts';
import { NO_MATCH, lateMatch, matchRecv } from './recv-matcher.ts';
import { stopRetransOn } from './retransmission.ts';
import { onLateTxnResponse } from './transactions.ts';
import type { ScenarioInterpreter } from './scenario-interpreter.ts';
import type { OutOfCallCalls } from './out-of-call.ts';
import { onLateMessage, onOutOfCall, onUnexpected } from './unexpected-messages.ts';

export class MessageRouter {
  constructor(
    private readonly core: EngineCore,
    private readonly interpreter: ScenarioInterpreter,
    private readonly admission: CallAdmission,
    /** `-oocsf` / `-oocsn`: where requests of no call start a call; null without them. */
    private readonly outOfCall: OutOfCallCalls | null = null,
  ) {
    core.redeliver = (call, raw) => {
      const msg = parseSipMessage(raw);
      if (!isParseFailure(msg)) this.onCallMessage(call, msg, raw);
    };
  }

  /** One message in (lent: see Engine.onDatagram). */
  handle(buf: Buffer, from: RemoteAddress, via: Transport): void {
    const core = this.core;
    const parsed = parseSipMessage(buf);
    if (isParseFailure(parsed)) {
      core.program.stats.count(Counter.MalformedMessages);
      core.trace.malformed(buf, from, parsed.reason);
      return;
    }
    let callId = parsed.callId();
    const slashes = this.core.cfg.callidSlashIgn ? -1 : callId.indexOf('///');
    if (slashes >= 0) callId = callId.slice(slashes + 3);
    const call = core.calls.get(callId);
    if (call) {
      this.onCallMessage(call, parsed, buf);
      return;
    }
    this.onUnknownCallId(parsed, callId, from, via);
  }

  private onUnknownCallId(
    msg: SipMessage,
    callId: string,
    from: RemoteAddress,
    via: Transport,
  ): void {
    const core = this.core;
    if (core.deadCalls.has(callId, core.now())) {
      core.program.stats.count(Counter.DeadCallMsgs);
      return;
    }
    if (
      !core.isClient &&
      core.state === 'running' &&
      core.acceptsDialogs &&
      // 3PCC controller B / slave: only a twin command creates a call (three-pcc.ts).
      core.program.scenario.twin !== 'receives-first' &&
      // SIPp 3.6.1 makes a call of any message with a new Call-ID in server mode, an ACK or a
      // response too (measured: a stray ACK to -sn uas, a 404 to a scenario starting with
      // <recv response="200">, each an incoming call that fails as unexpected).
      !core.maxReached()
    ) {
      this.onCallMessage(this.admission.admitIncoming(callId, from, via), msg, msg.raw);
      return;
    }
    if (this.outOfCall !== null && msg.isRequest) {
      this.onCallMessage(this.outOfCall.admit(msg, callId, from, via), msg, msg.raw);
      return;
    }
    onOutOfCall(core, msg, from, via);
  }

  private onCallMessage(call: Call, msg: SipMessage, raw: Buffer): void {
    const core = this.core;
    // -pause_msg_ign: whatever reaches a call sitting in a pause is dropped (SIPp checks first).
    if (core.cfg.pauseMsgIgn && call.program.commands[call.index]?.kind === 'pause') return;
    // SIPp 3.6.1 takes a message without a To header as unexpected before it looks at anything
    // else (call.cpp; measured: a 200 OK without To fails the call of a UAC waiting for it). The
    // scan already located To, so this costs one comparison.
    if (!msg.hasTo()) {
      onUnexpected(core, this.interpreter, call, msg, false);
      return;
    }
    // The peer retransmitted what we already matched: answer with what followed it, once more.
    if (
      core.cfg.retrans.enabled &&
      call.hasLastRecv &&
      call.isLastRecv(raw, raw === core.lent ? core.lentHash : undefined)
    ) {
      call.program.stats.count(Counter.Retransmissions);
      call.program.stats.step(call.lastRecvIndex, StepEvent.Retrans);
      if (call.replyToLastRecv !== null)
        core.send(call.socket, keptBytes(call.replyToLastRecv), call.remote);
      return;
    }
    if (!msg.isRequest) {
      // §3.5: any response, expected or not, updates the peer tag (an abort's BYE needs it).
      const tag = msg.toTag();
      if (tag !== '') call.peerTag = tag;
    }
    const commands = call.program.commands;
    const m = matchRecv(commands, call.index, msg, call.txnBranches);
    if (m === NO_MATCH) {
      onUnexpected(core, this.interpreter, call, msg);
      return;
    }
    if (m < 0) {
      const late = commands[lateMatch(m)] as RecvCommand;
      if (late.responseTxn !== undefined && onLateTxnResponse(core, call, late, msg)) return;
      onLateMessage(core, call, msg, lateMatch(m));
      return;
    }
    this.onMatched(call, commands[m] as RecvCommand, msg, raw);
  }

  private onMatched(call: Call, cmd: RecvCommand, msg: SipMessage, raw: Buffer): void {
    const core = this.core;
    if (cmd.lostPercent !== undefined && core.rng.next() * 100 < cmd.lostPercent) {
      call.program.stats.step(cmd.index, StepEvent.Lost);
      return;
    }
    core.wheel.cancel(call.waitTimer);
    call.waitKind = WaitKind.None;
    call.index = cmd.index;
    call.program.stats.step(cmd.index, StepEvent.Message);
    stopRetransOn(core, call, msg);
    if (msg.isRequest) {
      const n = msg.cseqNumber();
      if (n > call.cseq) call.cseq = n;
    }
    const cseqMethod = msg.cseqMethod();
    if (!msg.isRequest && cseqMethod === 'INVITE') {
      if (msg.statusCode >= 200) {
        // The first final answer to our INVITE: the summary's invite_rtt.
        const rtt = call.takeInviteRtt(core.now());
        if (rtt >= 0) call.program.stats.inviteRtt(rtt, rtt + call.startLagMs);
        call.inviteFinalStatus = msg.statusCode;
      }
      call.inviteRinging = msg.statusCode < 200;
    } else call.inviteRinging = false;
    call.lastMessage = msg;
    call.lastRecvRaw = raw;
    call.lastRecvLength = -1;
    call.lastRecvIndex = cmd.index;
    call.lastRecvCseqMethod = cseqMethod;
    call.replyToLastRecv = null;
    core.lentTo = call;
    if (cmd.rrs && call.routes === '') recordRoutes(call, msg);
    if (cmd.auth && (msg.statusCode === 401 || msg.statusCode === 407)) call.storeChallenge(msg);
    if (this.interpreter.afterCommand(call, cmd, core.arrivalMs)) this.interpreter.run(call);
  }
}

// SIPp 3.6.1 (observed) splits the Record-Route values on every comma, even one inside quotes or
// <>, trims each entry and joins them with ', '; on a response (UAC side) it reverses every entry,
// not just the header lines.
function recordRoutes(call: Call, msg: SipMessage): void {
  const entries: string[] = [];
  for (const line of msg.headerValues('Record-Route')) {
    for (const part of line.split(',')) {
      const entry = part.trim();
      if (entry !== '') entries.push(entry);
    }
  }
  if (entries.length > 0) call.routes = (msg.isRequest ? entries : entries.reverse()).join(', ');
  call.nextUrl = contactUri(msg) ?? '';
}
