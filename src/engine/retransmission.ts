/**
 * UDP retransmission of a call's last sent message (RFC 3261 §17.1.1.2 Timer A, §17.1.2.2
 * Timer E), on the call's intrusive retransmission timer. What a timeout does to the call is the
 * scenario interpreter's (ScenarioInterpreter.onRetransTimeout).
 */
import type { SendCommand } from '../scenario/index.ts';
import type { SipMessage } from '../sip/index.ts';
import { Counter, StepEvent } from '../stats/index.ts';
import type { Call } from './call.ts';
import { noteProcessing } from './call-debug-notes.ts';
import type { EngineCore } from './engine-core.ts';

/** After `<send>`: retransmit `buf` until answered, when the step asks and the socket is UDP. */
export function armRetrans(core: EngineCore, call: Call, cmd: SendCommand, buf: Buffer): void {
  // SIPp's docs, "Transport mode": retransmissions apply to UDP only; a stream transport delivers.
  if (cmd.retransMs === undefined || !core.cfg.retrans.enabled || call.socket.isReliable) return;
  const t = cmd.template;
  call.retransBuf = buf;
  call.retransIndex = cmd.index;
  call.retransCount = 0;
  call.retransIntervalMs = cmd.retransMs;
  call.retransIsRequest = t.isRequest;
  call.retransIsInvite = t.isRequest ? t.method === 'INVITE' : call.lastRecvCseqMethod === 'INVITE';
  core.wheel.schedule(call.retransTimer, core.now() + cmd.retransMs);
}

/**
 * The retransmission timer fired: send again and rearm, or, past the limit, stop and return
 * false (the step timed out).
 */
export function retransmit(core: EngineCore, call: Call, now: number): boolean {
  const buf = call.retransBuf;
  if (buf === null) return true;
  const r = core.cfg.retrans;
  const limit = Math.min(call.retransIsInvite ? r.maxInvite : r.maxNonInvite, r.max);
  const note = core.onCallNote;
  if (note !== undefined) {
    noteProcessing(core, call, note);
    // sipp's words (and spelling) in the call debug file, counted before the limit is checked.
    note(
      call.callId,
      `Retransmisison required (${call.retransCount + 1} retransmissions, max ${limit})`,
    );
  }
  if (call.retransCount >= limit) {
    call.program.stats.step(call.retransIndex, StepEvent.Timeout);
    call.retransBuf = null;
    return false;
  }
  call.retransCount++;
  core.send(call.socket, buf, call.remote);
  call.program.stats.count(Counter.Retransmissions);
  call.program.stats.step(call.retransIndex, StepEvent.Retrans);
  // Timer A doubles without cap for INVITE; Timer E caps at T2 for non-INVITE requests.
  call.retransIntervalMs *= 2;
  if (!call.retransIsInvite && call.retransIntervalMs > r.t2Ms) call.retransIntervalMs = r.t2Ms;
  core.wheel.schedule(call.retransTimer, now + call.retransIntervalMs);
  return true;
}

/**
 * RFC 3261 §17.1.1.2/§17.1.2.2: a provisional stops INVITE retransmission and moves non-INVITE
 * to T2.
 */
export function stopRetransOn(core: EngineCore, call: Call, msg: SipMessage): void {
  if (call.retransBuf === null) return;
  if (!msg.isRequest && msg.statusCode < 200) {
    if (call.retransIsRequest && !call.retransIsInvite) {
      call.retransIntervalMs = core.cfg.retrans.t2Ms;
      return;
    }
    if (!call.retransIsRequest) return;
  }
  call.retransBuf = null;
  core.wheel.cancel(call.retransTimer);
}
