/**
 * `-send_media_report` (reference §B18 18.5): the media session's periodic reports as short
 * JSON over HEP, correlated by Call-ID (chunk 17). An RTP stream a call sends is a type 35
 * report (the keys of the reference's short RTP report, with its SOURCE and TYPE values); the
 * telephone-events a call received since the last round are one type 100 report, its `DTMF`
 * field one `ts:,tsu:,e:,v:,d:,c:1` entry per event, `;`-separated.
 */
import type { DtmfReport, MediaReportTap, MediaStreamReport } from '../../media/index.ts';
import type { RemoteAddress } from '../../transport/index.ts';
import { ourIp, plainIp } from './hep-addresses.ts';
import { HepProtocol, IP_PROTO_UDP } from './hep-encoder.ts';
import type { HepProtocolType } from './hep-encoder.ts';
import type { HepExporter } from './hep-exporter.ts';
import type { HepIdentity } from './hep-sip-tap.ts';

/** The reference's period: one round of reports every 10 s. */
export const MEDIA_REPORT_PERIOD_MS = 10_000;

/** RFC 3551 §6 static audio payload types a report names; dynamic ones go unnamed. */
const STATIC_CODECS: Readonly<Record<number, string>> = {
  0: 'PCMU',
  3: 'GSM',
  4: 'G723',
  8: 'PCMA',
  9: 'G722',
  18: 'G729',
};

/** The JSON of a type 35 report (its key names are what collectors read). */
export function rtpReportJson(r: MediaStreamReport, src: RemoteAddress, wallMs: number): string {
  return JSON.stringify({
    CORRELATION_ID: r.callId,
    RTP_SIP_CALL_ID: r.callId,
    SSRC: `0x${r.ssrc.toString(16)}`,
    PACKET_COUNT: r.packets,
    OCTET_COUNT: r.octets,
    REPORT_NAME: `${src.address}-${src.port}`,
    SOURCE: 'GOSSIPPER',
    TYPE: 'PERIODIC',
    REPORT_TS: Math.floor(wallMs),
    SRC_IP: src.address,
    SRC_PORT: src.port,
    DST_IP: plainIp(r.dst.address),
    DST_PORT: r.dst.port,
    RTP_TS: r.rtpTimestamp,
    CODEC_PT: r.payloadType,
    CLOCK: r.clockRate,
    CODEC_NAME: STATIC_CODECS[r.payloadType] ?? '',
  });
}

/** The JSON of a type 100 report; the events' time is the report's (arrival is not kept). */
export function dtmfReportJson(
  r: DtmfReport,
  src: RemoteAddress,
  dst: RemoteAddress,
  wallMs: number,
): string {
  const sec = Math.floor(wallMs / 1000);
  const usec = Math.floor((wallMs - sec * 1000) * 1000);
  const entries = r.events.map(
    (e) => `ts:${sec},tsu:${usec},e:${e.event},v:${e.volume},d:${e.durationUnits},c:1`,
  );
  return JSON.stringify({
    CORRELATION_ID: r.callId,
    REPORT_TS: Math.floor(wallMs),
    DTMF: entries.join(';'),
    SRC_IP: src.address,
    SRC_PORT: src.port,
    DST_IP: dst.address,
    DST_PORT: dst.port,
    CODEC_PT: r.payloadType,
    CODEC_NAME: 'telephone-event',
    PARTY: 1,
    STYPE: 'GOSSIPPER-DTMF',
    TYPE: 'PERIODIC',
  });
}

/** The tap the media session reports to, sending through `exporter`. */
export function hepMediaReportTap(exporter: HepExporter, identity: HepIdentity): MediaReportTap {
  const authKey = identity.password === '' ? null : Buffer.from(identity.password, 'utf8');
  const send = (
    protocolType: HepProtocolType,
    callId: string,
    src: RemoteAddress,
    dst: RemoteAddress,
    json: string,
    wallMs: number,
  ): void =>
    exporter.export({
      protocolType,
      ipProtocol: IP_PROTO_UDP,
      srcIp: src.address,
      srcPort: src.port,
      dstIp: dst.address,
      dstPort: dst.port,
      timeMs: wallMs,
      captureId: identity.captureId,
      authKey,
      correlationId: Buffer.from(callId, 'utf8'),
      payload: Buffer.from(json, 'utf8'),
    });
  // Our side may be a wildcard bind: the address the peer sees, as for SIP and RTCP.
  const ours = (local: RemoteAddress, peer: RemoteAddress): RemoteAddress => ({
    address: ourIp(local.address, peer.address, identity.localIp),
    port: local.port,
  });
  const plain = (a: RemoteAddress): RemoteAddress => ({
    address: plainIp(a.address),
    port: a.port,
  });
  return {
    stream: (r, wallMs) => {
      const src = ours(r.src, r.dst);
      send(
        HepProtocol.RtpReport,
        r.callId,
        src,
        plain(r.dst),
        rtpReportJson(r, src, wallMs),
        wallMs,
      );
    },
    dtmf: (r, wallMs) => {
      const src = plain(r.src);
      const dst = ours(r.dst, r.src);
      send(HepProtocol.DtmfReport, r.callId, src, dst, dtmfReportJson(r, src, dst, wallMs), wallMs);
    },
  };
}
