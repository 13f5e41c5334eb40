/**
 * RFC 3605: `a=rtcp:port [IN IP4 address]` in an SDP's audio section names where its RTCP goes
 * when that is not the RTP port + 1 (a NAT, a media relay). Only the first m=audio section is
 * read, as for the RTP address (sdp-media.ts).
 */

export interface RtcpAddress {
  readonly port: number;
  /** The attribute's own address, '' to use the connection address. */
  readonly address: string;
}

export function audioRtcpAddress(sdp: string): RtcpAddress | null {
  let inAudio = false;
  let seenAudio = false;
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('m=')) {
      if (seenAudio) return null;
      inAudio = line.startsWith('m=audio ');
      seenAudio = inAudio;
      continue;
    }
    if (!inAudio || !line.startsWith('a=rtcp:')) continue;
    const [portText, , , address = ''] = line.slice(7).trim().split(/\s+/);
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
    return { port, address };
  }
  return null;
}
