/**
 * An SDP body to a template: the origin's address to `[local_ip]`, connection addresses to
 * `[media_ip]`, the audio port to `[media_port]`. Only audio is replayed, so other media
 * sections are dropped; `a=rtcp` lines go too (RTCP then takes the port above, RFC 3605's
 * default), as they name a captured port.
 */

export interface SdpMedia {
  readonly address: string;
  readonly port: number;
}

/** The audio address of an SDP body: the audio section's c= or the session's, and its port. */
export function sdpAudio(body: string): SdpMedia | undefined {
  let sessionAddress = '';
  let audio: { address: string; port: number } | undefined;
  let inAudio = false;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (audio !== undefined) break;
      const [kind, port] = line.slice(2).split(/\s+/);
      inAudio = kind === 'audio';
      if (inAudio) audio = { address: sessionAddress, port: Number(port) };
    } else if (line.startsWith('c=')) {
      const address = line.trim().split(/\s+/)[2] ?? '';
      if (inAudio && audio !== undefined) audio.address = address;
      else sessionAddress = address;
    }
  }
  return audio !== undefined && audio.address !== '' && audio.port > 0 ? audio : undefined;
}

export function templateSdp(body: string): string {
  const out: string[] = [];
  let inOtherMedia = false;
  for (const line of body.split(/\r?\n/)) {
    if (line === '') continue;
    if (line.startsWith('m=')) {
      inOtherMedia = !line.startsWith('m=audio ');
      if (!inOtherMedia) out.push(line.replace(/^m=audio \d+/, 'm=audio [media_port]'));
      continue;
    }
    if (inOtherMedia || line.startsWith('a=rtcp:')) continue;
    if (line.startsWith('o=')) {
      out.push(line.replace(/IN IP[46] \S+$/, 'IN IP[local_ip_type] [local_ip]'));
    } else if (line.startsWith('c=')) {
      out.push(line.replace(/IN IP[46] \S+/, 'IN IP[media_ip_type] [media_ip]'));
    } else {
      out.push(line);
    }
  }
  return out.join('\n');
}

/** Whether a message body is SDP (by its Content-Type, or its first line when untyped). */
export function isSdp(contentType: string | undefined, body: string): boolean {
  if (contentType !== undefined) return /^application\/sdp\b/i.test(contentType.trim());
  return body.startsWith('v=0');
}
