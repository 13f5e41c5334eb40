/** How a call ends: success or a failure cause counted once, its timers and socket released. */
import type { SipMessage } from '../sip/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import { abortMessages } from './abort-messages.ts';
import { WaitKind } from './call.ts';
import type { Call } from './call.ts';
import type { EngineCore } from './engine-core.ts';

export function endCall(core: EngineCore, call: Call, outcome: CounterId): void {
  if (call.ended) return;
  call.ended = true;
  call.waitKind = WaitKind.None;
  call.retransBuf = null;
  core.wheel.cancel(call.retransTimer);
  core.wheel.cancel(call.waitTimer);
  const now = core.now();
  core.calls.delete(call.callId);
  // Users mode: the user places its next call on the next tick.
  if (call.userId > 0) core.userPool?.release(call.userId);
  core.deadCalls.add(call.callId, now);
  if (call.media !== null) core.media?.endCall(call);
  const stats = call.program.stats;
  // A call a check_it action failed was counted failed then (ActionRuntime.callFailed).
  if (outcome === Counter.SuccessfulCall) {
    if (!call.actionFailed) stats.count(Counter.SuccessfulCall);
  } else {
    if (!call.actionFailed) stats.count(Counter.FailedCall);
    stats.count(outcome);
  }
  const length = now - call.startMs;
  stats.callLength(length, length + call.startLagMs);
  const onRecord = core.onCallRecord;
  if (onRecord !== undefined) {
    const recorded =
      call.actionFailed && outcome === Counter.SuccessfulCall ? Counter.FailedCall : outcome;
    onRecord(call.callId, call.callNumber, recorded, call.startMs, now, {
      inviteRttMs: call.inviteRttMs,
      rtdMs: call.rtdMs,
      rtdNames: call.program.scenario.rtdNames,
    });
  }
  const onEnded = core.onCallEnded;
  if (onEnded !== undefined) {
    onEnded(call.callId, outcome !== Counter.SuccessfulCall || call.actionFailed);
  }
  if (call.socket !== core.transport) void call.socket.close();
  core.checkDone();
}

/**
 * Fails the call with `cause`; with the `bye` behaviour (`-default_behaviors` in `sipp -h`),
 * first tells the peer: ACK a final error, CANCEL an unanswered INVITE, ACK+BYE or BYE an
 * answered one. A call closed while in its final timewait counts as successful, unless
 * `timewaitSucceeds` is false: an unexpected message there fails it in sipp 3.6.1 (measured: an
 * ACK to a UAS's 500 arriving in its timewait, "Aborting call on unexpected message").
 */
export function abortCall(
  core: EngineCore,
  call: Call,
  trigger: SipMessage | null,
  cause: CounterId,
  timewaitSucceeds = true,
): void {
  if (timewaitSucceeds && call.waitKind === WaitKind.Timewait) {
    endCall(core, call, Counter.SuccessfulCall);
    return;
  }
  const onAborting = core.onCallAborting;
  if (onAborting !== undefined) onAborting(call.callId, call.index);
  if (core.cfg.defaultBehaviors.bye) {
    for (const b of abortMessages(call, trigger, core.ctx.engineId))
      core.send(call.socket, b, call.remote);
  }
  endCall(core, call, cause);
}
