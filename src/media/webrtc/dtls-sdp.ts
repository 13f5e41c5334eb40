/**
 * Telling a DTLS-SRTP (WebRTC) SDP from plain RTP: RFC 5763 puts `a=fingerprint` on a DTLS
 * media description, and RFC 5764 names its profile `UDP/TLS/RTP/SAVP(F)`. Either one means
 * the peer will not accept cleartext RTP.
 */

export function isDtlsSdp(sdp: string): boolean {
  return (
    /^a=fingerprint:/im.test(sdp) || /^m=\S+ \d+(?:\/\d+)? UDP\/TLS\/RTP\/SAVPF?\b/im.test(sdp)
  );
}

/** Why a call refuses a DTLS offer when its scenario did not ask for WebRTC. */
export const DTLS_NOT_ASKED =
  'the peer offered DTLS-SRTP (a=fingerprint, UDP/TLS/RTP/SAVPF) but the scenario sends no ' +
  '[webrtc_offer] or [webrtc_answer]: refusing to send cleartext RTP (answer with ' +
  '[webrtc_answer] to run WebRTC media)';
