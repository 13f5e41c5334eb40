/**
 * werift writes its SDP the browser way (JSEP): `c=IN IP4 0.0.0.0`, `m=audio 9`,
 * `a=rtcp:9 IN IP4 0.0.0.0`, the real addresses only in `a=candidate` lines, and always
 * `a=rtcp-mux`. SIP user agents read it by RFC 8839 instead: baresip 1.0's ICE checks that the
 * `c=`/`m=` address (and the RTCP address, `a=rtcp` or port + 1) are among the candidates, and
 * says "ICE not supported by peer", sending no media, when they are not. So the SDP we send names
 * its default candidate there, as RFC 8839 §4.2.1.1 asks.
 *
 * RTCP: werift runs one ICE component and takes RTCP on the RTP port (RFC 5761 multiplexing). An
 * offer without `a=rtcp-mux` may not be answered with it (RFC 5761 §5.1.1), and such a peer
 * (baresip's default `rtcp_mux no`) keeps a second ICE component for RTCP. Our answer then names
 * the RTP transport address as the RTCP one too (`a=rtcp`, RFC 3605) and lists it again as a
 * component-2 candidate, so the peer's checks for that component reach werift's one socket and
 * succeed; the peer sends its RTCP there, where werift demultiplexes it.
 */

/** Whether the first audio description of `sdp` has `a=rtcp-mux` (media level, RFC 5761 §5.1.1). */
export function hasRtcpMux(sdp: string): boolean {
  const section = audioSection(sdp);
  return section !== null && /^a=rtcp-mux\s*$/m.test(section);
}

/** `host:port` of each component-2 (RTCP) candidate in `sdp`. */
export function rtcpCandidateAddresses(sdp: string): Set<string> {
  const out = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const c = parseCandidate(line);
    if (c !== null && c.component === '2') out.add(`${c.host}:${c.port}`);
  }
  return out;
}

export interface SipSdpOptions {
  /** The media IP: candidates on other addresses are left out. */
  readonly ip: string;
  /** RTCP multiplexed on the RTP port (`a=rtcp-mux`); false to answer an offer without it. */
  readonly isRtcpMuxed: boolean;
}

/** werift's SDP as a SIP peer should get it (see the file comment). */
export function sipLocalSdp(weriftSdp: string, o: SipSdpOptions): string {
  const lines = weriftSdp
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .filter((l) => {
      const c = parseCandidate(l);
      return c === null || c.host === o.ip;
    });
  const first = lines.map(parseCandidate).find((c) => c !== null);
  if (first === undefined) return lines.join('\r\n');
  const family = o.ip.includes(':') ? 'IP6' : 'IP4';
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith('c=')) out.push(`c=IN ${family} ${o.ip}`);
    else if (/^m=\S+ 9 /.test(line)) out.push(line.replace(/ 9 /, ` ${first.port} `));
    else if (line.startsWith('a=rtcp:')) out.push(`a=rtcp:${first.port} IN ${family} ${o.ip}`);
    else if (line === 'a=rtcp-mux' && !o.isRtcpMuxed) continue;
    else {
      out.push(line);
      const c = parseCandidate(line);
      if (c !== null && !o.isRtcpMuxed) out.push(rtcpTwin(line, c.priority));
    }
  }
  return out.join('\r\n');
}

interface Candidate {
  readonly component: string;
  readonly priority: number;
  readonly host: string;
  readonly port: string;
}

/** RFC 8839 §5.1: `a=candidate:foundation component transport priority address port typ ...`. */
function parseCandidate(line: string): Candidate | null {
  if (!line.startsWith('a=candidate:')) return null;
  const f = line.split(' ');
  if (f.length < 8) return null;
  return { component: f[1], priority: Number(f[3]), host: f[4], port: f[5] };
}

/** The same transport address as component 2, one priority step below (RFC 8445 §5.1.2.1). */
function rtcpTwin(line: string, priority: number): string {
  const f = line.split(' ');
  f[1] = '2';
  f[3] = String(priority - 1);
  return f.join(' ');
}

function audioSection(sdp: string): string | null {
  const at = sdp.search(/^m=audio /m);
  if (at < 0) return null;
  const next = sdp.slice(at + 1).search(/^m=/m);
  return next < 0 ? sdp.slice(at) : sdp.slice(at, at + 1 + next);
}
