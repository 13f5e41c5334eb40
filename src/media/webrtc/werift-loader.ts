/**
 * werift (a WebRTC stack in TypeScript: ICE, DTLS, SRTP) is loaded only when a scenario uses
 * `[webrtc_offer]` or `[webrtc_answer]`, by a dynamic import: a run without WebRTC never
 * evaluates it, and the start-up snapshot (docs/architecture.md) keeps only its unevaluated
 * code. It is a large module graph that a plain SIP or RTP run has no use for.
 */
export type Werift = typeof import('werift');

export async function loadWerift(): Promise<Werift> {
  return import('werift');
}
