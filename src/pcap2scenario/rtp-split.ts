/**
 * Each party's RTP, told apart by the media addresses of their SDP (the caller's offer, the
 * callee's answer): what came from a party's audio address, or went to the other's. RTCP and
 * anything not RTP version 2 stay out; play_pcap_audio replays audio only.
 */
import type { UdpDatagram, UdpRecord } from '../pcap/index.ts';
import type { CallFlow, Party } from './call-flow.ts';
import { sdpAudio, type SdpMedia } from './sdp-template.ts';

export type RtpByParty = Readonly<Record<Party, UdpRecord[]>>;

/** The pcap writer speaks IPv4; replay uses ports, payloads and times only, not addresses. */
const IPV6_STAND_IN = '0.0.0.0';

export function splitRtp(flow: CallFlow, datagrams: readonly UdpDatagram[]): RtpByParty {
  const media = {
    caller: firstSdpAudio(flow, 'caller'),
    callee: firstSdpAudio(flow, 'callee'),
  };
  const out: Record<Party, UdpRecord[]> = { caller: [], callee: [] };
  const is = (m: SdpMedia | undefined, address: string, port: number): boolean =>
    m !== undefined && m.address === address && m.port === port;
  for (const d of datagrams) {
    if (!isRtp(d.payload)) continue;
    let party: Party | undefined;
    if (is(media.caller, d.srcAddress, d.srcPort) || is(media.callee, d.dstAddress, d.dstPort))
      party = 'caller';
    else if (is(media.callee, d.srcAddress, d.srcPort) || is(media.caller, d.dstAddress, d.dstPort))
      party = 'callee';
    if (party === undefined) continue;
    out[party].push({
      timeUs: d.timeUs,
      src: d.ipVersion === 4 ? d.srcAddress : IPV6_STAND_IN,
      dst: d.ipVersion === 4 ? d.dstAddress : IPV6_STAND_IN,
      srcPort: d.srcPort,
      dstPort: d.dstPort,
      payload: d.payload,
    });
  }
  return out;
}

function firstSdpAudio(flow: CallFlow, party: Party): SdpMedia | undefined {
  for (const s of flow.steps) {
    if (s.from !== party || s.sip.body === '') continue;
    const audio = sdpAudio(s.sip.body);
    if (audio !== undefined) return audio;
  }
  return undefined;
}

/** RTP version 2, and not RTCP (packet types 200-204 sit where RTP's marker and type are). */
function isRtp(p: Uint8Array): boolean {
  return p.length >= 12 && p[0] >> 6 === 2 && (p[1] < 200 || p[1] > 204);
}
