/** WebRTC media of a run (`[webrtc_offer]`, `[webrtc_answer]`; docs/media.md). */
export { loadWerift } from './werift-loader.ts';
export type { Werift } from './werift-loader.ts';
export { WebRtcCalls } from './webrtc-calls.ts';
export type { WebRtcCallsDeps } from './webrtc-calls.ts';
export { DTLS_NOT_ASKED, isDtlsSdp } from './dtls-sdp.ts';
export { g711Frame } from './g711-tone.ts';
