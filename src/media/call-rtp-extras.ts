/**
 * The reference's media beyond SIPp, per call: RFC 4733 send_dtmf (and the telephone-events
 * the call receives), rtpcheck deadlines, and the digits `[dtmf_digits]` prints. Made on the
 * call's first use, so calls that use none of it carry one null field.
 */
import type { MediaCall } from '../engine/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { StreamOutput } from './capture-playback.ts';
import {
  DEFAULT_TELEPHONE_EVENT_PT,
  DtmfReceiver,
  DtmfSender,
  OwnRtpIdentity,
  parseSendDtmf,
} from './rfc4733-dtmf.ts';
import { RtpCheck, parseRtpCheck, type CheckedMedia } from './rtp-check.ts';
import type { StreamScheduler } from './stream-scheduler.ts';
import type { RtpIdentity } from './synthetic-stream.ts';

export class CallRtpExtras {
  /** From the peer's SDP (`a=rtpmap:N telephone-event/8000`), else 101. */
  telephoneEventPt = DEFAULT_TELEPHONE_EVENT_PT;
  /** The digits of the call's last send_dtmf (`[dtmf_digits]`). */
  dtmfSent = '';
  readonly dtmfIn = new DtmfReceiver();
  dtmf: DtmfSender | null = null;
  /** Events sent while no audio stream runs keep one SSRC and sequence of the call's own. */
  ownIdentity: OwnRtpIdentity | null = null;
  readonly checks: RtpCheck[] = [];
}

/** What the extras keep on a call (CallMedia has it). */
export interface ExtrasHolder extends CheckedMedia {
  extras: CallRtpExtras | null;
}

export function extrasOf(state: ExtrasHolder): CallRtpExtras {
  return (state.extras ??= new CallRtpExtras());
}

export interface RtpExtrasDeps {
  readonly scheduler: StreamScheduler;
  readonly clock: { now(): number };
  readonly random: () => number;
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** Fails a call with a counted cause (the engine's callFailed). */
  readonly failCall: (call: MediaCall, cause: CounterId, text: string) => void;
  readonly onWork: () => void;
}

/** send_dtmf, rtpcheck and received DTMF for a session's calls. */
export class RtpExtras {
  constructor(private readonly deps: RtpExtrasDeps) {}

  /** `send_dtmf`: replaces events still playing; shares `audio`'s identity when it runs. */
  sendDtmf(
    state: ExtrasHolder,
    arg: string,
    out: StreamOutput,
    audio: (RtpIdentity & { readonly dueMs: number }) | null,
  ): void {
    const args = parseSendDtmf(arg);
    const extras = extrasOf(state);
    const now = this.deps.clock.now();
    const identity = audio ?? (extras.ownIdentity ??= new OwnRtpIdentity(this.deps.random, now));
    if (extras.dtmf !== null) this.deps.scheduler.remove(extras.dtmf);
    // A paced audio stream has already handed over its packets up to `dueMs`: events start
    // there, so their sequence numbers follow the audio's in time order on the wire too.
    const paced = audio !== null && this.deps.scheduler.leadMs > 0;
    const start = paced ? Math.max(now, audio.dueMs) : now;
    extras.dtmf = new DtmfSender(args, extras.telephoneEventPt, identity, out, start);
    extras.dtmfSent = args.digits;
    this.deps.scheduler.add(extras.dtmf);
    this.deps.onWork();
  }

  /** `where`: the action's place in the scenario, for the failure's message. */
  rtpCheck(call: MediaCall, state: ExtrasHolder, arg: string, where = ''): void {
    const args = parseRtpCheck(arg);
    const extras = extrasOf(state);
    const check = new RtpCheck(args, state, this.deps.clock.now(), (done, failure) => {
      const at = extras.checks.indexOf(done);
      if (at >= 0) extras.checks.splice(at, 1);
      if (failure === null) return;
      this.deps.failCall(
        call,
        Counter.FailedRtpCheck,
        `call ${call.callNumber} (${call.callId}): rtpcheck: ${failure}${where === '' ? '' : ` (${where})`}`,
      );
    });
    extras.checks.push(check);
    this.deps.scheduler.add(check);
    this.deps.onWork();
  }

  /** A telephone-event payload type from the peer's SDP. */
  setTelephoneEventPt(state: ExtrasHolder, payloadType: number): void {
    extrasOf(state).telephoneEventPt = payloadType;
  }

  /** Per received RTP packet: one compare unless it is a telephone-event. */
  onRtp(state: ExtrasHolder, buf: Buffer): void {
    const pt = buf[1] & 0x7f;
    if (pt !== (state.extras?.telephoneEventPt ?? DEFAULT_TELEPHONE_EVENT_PT)) return;
    const dtmfIn = extrasOf(state).dtmfIn;
    const before = dtmfIn.digits.length;
    dtmfIn.onPacket(buf);
    if (dtmfIn.digits.length > before) this.deps.stats.count(Counter.RtpDtmfEventsReceived);
  }

  /** The call ended: pending checks are decided now, events stop. */
  endCall(state: ExtrasHolder): void {
    const extras = state.extras;
    if (extras === null) return;
    if (extras.dtmf !== null) this.deps.scheduler.remove(extras.dtmf);
    for (const check of [...extras.checks]) {
      this.deps.scheduler.remove(check);
      check.settle();
    }
  }
}
