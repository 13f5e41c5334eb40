/**
 * A send that renders `[webrtc_offer]` or `[webrtc_answer]` needs SDP that the media side makes
 * asynchronously (werift gathers ICE candidates and sets up DTLS), while rendering is
 * synchronous. So the send first asks the media host: when the SDP is not made yet, the call
 * waits at that send (WaitKind.Media, its wait timer as the deadline); `ready()` re-arms the
 * timer to now, and on the next tick the send runs again and finds the SDP. A failure to make
 * it aborts the call, counted as FailedMedia; a later ICE/DTLS failure fails it (also counted)
 * while its SIP goes on, as other media failures do.
 */
import { Counter } from '../stats/index.ts';
import { WaitKind } from './call.ts';
import type { Call } from './call.ts';
import { abortCall } from './call-ending.ts';
import type { EngineCore } from './engine-core.ts';
import { SDP_WAIT_MS } from './media-host.ts';
import type { MediaHost, SdpWait, WebRtcRole } from './media-host.ts';

/** The margin past the media side's own deadline, so that the media side names the failure. */
const DEADLINE_MARGIN_MS = 100;

/** True when the send can render now; false when the call waits for its SDP or was aborted. */
export function isSdpReady(core: EngineCore, call: Call, role: WebRtcRole): boolean {
  const media: MediaHost | null = core.media;
  if (media === null || media.localSdp === undefined) return true;
  const got = media.localSdp(call, role, sdpWait(core, call));
  if (got === null) {
    call.waitKind = WaitKind.Media;
    core.wheel.schedule(call.waitTimer, core.now() + SDP_WAIT_MS + DEADLINE_MARGIN_MS);
    return false;
  }
  if (typeof got === 'string') return true;
  core.warning(call, got.error);
  abortCall(core, call, null, Counter.FailedMedia);
  return false;
}

function sdpWait(core: EngineCore, call: Call): SdpWait {
  return {
    ready: () => {
      if (!call.ended && call.waitKind === WaitKind.Media)
        core.wheel.schedule(call.waitTimer, core.now());
    },
    failed: (text) => {
      if (!call.ended) core.callFailed(call, Counter.FailedMedia, text);
    },
  };
}
