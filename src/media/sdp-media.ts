/**
 * The remote media address of a call, from the SDP of a message it received: SIPp's
 * get_remote_media_addr reads the first `c=` (session or media level) and the ports of the
 * first `m=audio`, `m=video` and `m=image` lines. Text scanning only; a message without an SDP
 * body leaves the call's remote media as it was.
 */

export interface RemoteMedia {
  /** The connection address (`c=IN IP4 x` / `c=IN IP6 x`). */
  readonly address: string;
  /** Ports of the first m=audio, m=video and m=image lines; 0 when absent (or 0 = refused). */
  readonly audioPort: number;
  readonly videoPort: number;
  readonly imagePort: number;
  /** The first payload type of m=audio (the codec the peer prefers); -1 without m=audio. */
  readonly audioPayloadType: number;
}

const BODY_SEPARATOR = Buffer.from('\r\n\r\n');

/** The SDP body of a SIP message, as text; null when it has none with an `m=` line. */
export function sdpBody(message: Buffer): string | null {
  const at = message.indexOf(BODY_SEPARATOR);
  if (at < 0 || at + 4 >= message.length) return null;
  const body = message.toString('latin1', at + 4);
  return body.includes('m=') || body.includes('c=') ? body : null;
}

/** The media address and ports an SDP names; null when it has no connection line or no media. */
export function parseRemoteMedia(sdp: string): RemoteMedia | null {
  let address = '';
  let audioPort = 0;
  let videoPort = 0;
  let imagePort = 0;
  let audioPayloadType = -1;
  let seen = 0;
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('c=') && address === '') {
      const parts = line.slice(2).trim().split(/\s+/);
      // c=IN IP4 203.0.113.5/127 (multicast TTL) keeps only the address.
      if (parts.length >= 3) address = parts[2].split('/')[0];
    } else if (line.startsWith('m=')) {
      const [kind, port, , firstPt] = line.slice(2).trim().split(/\s+/);
      const n = Number(port?.split('/')[0]);
      if (!Number.isInteger(n) || n < 0 || n > 65535) continue;
      seen++;
      if (kind === 'audio' && audioPort === 0) {
        audioPort = n;
        audioPayloadType = firstPt !== undefined && /^\d+$/.test(firstPt) ? Number(firstPt) : -1;
      } else if (kind === 'video' && videoPort === 0) videoPort = n;
      else if (kind === 'image' && imagePort === 0) imagePort = n;
    }
  }
  if (address === '' || seen === 0) return null;
  return { address, audioPort, videoPort, imagePort, audioPayloadType };
}
