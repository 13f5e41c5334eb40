/**
 * `[webrtc_offer]` (a UAC's SDP offer) and `[webrtc_answer]` (a UAS's answer to the offer it
 * received): a whole SDP body made by the media side's WebRTC peer (src/media/webrtc/). The
 * engine has it made before the send renders, so resolving only reads it.
 */
import type { KeywordSpec } from './keyword-spec.ts';
import type { Scenario, Template } from './model.ts';

export const WEBRTC_KEYWORDS = {
  webrtc_offer: { resolve: (src) => src.webrtcSdp?.() ?? '' },
  webrtc_answer: { resolve: (src) => src.webrtcSdp?.() ?? '' },
} satisfies Record<string, KeywordSpec>;

/** Which WebRTC SDP a send template renders, if any (an offer wins if it has both). */
export function webrtcRoleOf(template: Template): 'offer' | 'answer' | undefined {
  let role: 'offer' | 'answer' | undefined;
  for (const part of template.parts) {
    if (Buffer.isBuffer(part)) continue;
    if (part.name === 'webrtc_offer') return 'offer';
    if (part.name === 'webrtc_answer') role = 'answer';
  }
  return role;
}

/** True when a send of the scenario renders `[webrtc_offer]` or `[webrtc_answer]`. */
export function scenarioUsesWebRtc(scenario: Scenario): boolean {
  return scenario.commands.some((c) => c.kind === 'send' && webrtcRoleOf(c.template) !== undefined);
}
