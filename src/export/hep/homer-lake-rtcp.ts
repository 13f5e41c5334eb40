/**
 * `-hep_homer_lake_rtcp`: an RTCP compound as the JSON Homer's collectors (heplify-server,
 * Homer-Lake) read in HEP type 5, the form captagent and Asterisk's res_hep_rtcp send:
 *
 *   {"sender_information":{"ntp_timestamp_sec","ntp_timestamp_usec","rtp_timestamp","packets",
 *    "octets"},"ssrc","type":200|201,"report_count","report_blocks":[{"source_ssrc",
 *    "fraction_lost","packets_lost","highest_seq_no","ia_jitter","lsr","dlsr"}]}
 *
 * `sender_information` only for a sender report (type 200); a receiver report is type 201.
 */
import { parseRtcp } from '../../media/index.ts';

/** The JSON text of `packet`, or null when it holds no SR or RR (a lone BYE, garbage). */
export function homerLakeJson(packet: Buffer): string | null {
  const parsed = parseRtcp(packet);
  if (parsed === null || parsed.senderSsrc === -1) return null;
  const info = parsed.senderInfo;
  const report = {
    ...(info === null
      ? {}
      : {
          sender_information: {
            ntp_timestamp_sec: info.ntpSeconds,
            // The NTP fraction (2^-32 s) in microseconds, as the field's name says.
            ntp_timestamp_usec: Math.floor((info.ntpFraction * 1e6) / 2 ** 32),
            rtp_timestamp: info.rtpTimestamp,
            packets: info.packetCount,
            octets: info.octetCount,
          },
        }),
    ssrc: parsed.senderSsrc,
    type: info === null ? 201 : 200,
    report_count: parsed.reports.length,
    report_blocks: parsed.reports.map((b) => ({
      source_ssrc: b.ssrc,
      fraction_lost: b.fractionLost,
      packets_lost: b.cumulativeLost,
      highest_seq_no: b.extendedHighestSeq,
      ia_jitter: b.jitter,
      lsr: b.lastSr,
      dlsr: b.delaySinceLastSr,
    })),
  };
  return JSON.stringify(report);
}
