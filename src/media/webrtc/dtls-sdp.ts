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

/**
 * `sdp` with an `a=mid:` in every media description that lacks one (`mids[i]` for the i-th,
 * else its index). werift finds transceivers by mid, which RFC 5888 makes optional: SIP peers
 * such as baresip 1.0 send DTLS-SRTP without it, and an answer must reuse the offer's mids.
 */
export function withMids(sdp: string, mids: readonly string[] = []): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections = sdp.split(/\r?\n(?=m=)/);
  if (sections.length === 1) return sdp;
  return sections
    .map((section, i) => {
      if (i === 0 || /^a=mid:/m.test(section)) return section;
      const lines = section.split(/\r?\n/);
      lines.splice(1, 0, `a=mid:${mids[i - 1] ?? String(i - 1)}`);
      return lines.join(eol);
    })
    .join(eol);
}
