/**
 * `-hep_raw_rtcp` / `-hep_homer_lake_rtcp`: each RTCP compound packet of a call, sent or
 * received, as HEP type 5 with the RTCP 5-tuple and the call's Call-ID as correlation id
 * (chunk 17) so Homer shows it with the call. Raw: the packet as it is in clear (the collector
 * parses it; SRTCP would be opaque to it). Homer-Lake: its JSON form (homer-lake-rtcp.ts).
 */
import type { RtcpTap } from '../../media/index.ts';
import { ourIp, plainIp } from './hep-addresses.ts';
import { HepProtocol, IP_PROTO_UDP } from './hep-encoder.ts';
import type { HepExporter } from './hep-exporter.ts';
import type { HepIdentity } from './hep-sip-tap.ts';
import { homerLakeJson } from './homer-lake-rtcp.ts';

export function hepRtcpTap(
  exporter: HepExporter,
  identity: HepIdentity,
  form: 'raw' | 'homer-lake',
  now: () => number = () => performance.timeOrigin + performance.now(),
): RtcpTap {
  const authKey = identity.password === '' ? null : Buffer.from(identity.password, 'utf8');
  return (callId, packet, local, remote, isSent) => {
    let payload = packet;
    if (form === 'homer-lake') {
      const json = homerLakeJson(packet);
      if (json === null) return;
      payload = Buffer.from(json, 'utf8');
    }
    const localIp = ourIp(local.address, remote.address, identity.localIp);
    const remoteIp = plainIp(remote.address);
    exporter.export({
      protocolType: HepProtocol.Rtcp,
      ipProtocol: IP_PROTO_UDP,
      srcIp: isSent ? localIp : remoteIp,
      srcPort: isSent ? local.port : remote.port,
      dstIp: isSent ? remoteIp : localIp,
      dstPort: isSent ? remote.port : local.port,
      timeMs: now(),
      captureId: identity.captureId,
      authKey,
      correlationId: Buffer.from(callId, 'utf8'),
      payload,
    });
  };
}
