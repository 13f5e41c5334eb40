/**
 * Keywords whose value is fixed for the run (addresses, ports, identity). Offsets apply where SIPp
 * applies them (ports); SIPp ignores `+N` on the others and so do we.
 */
import { SIPP_COMPAT_VERSION } from '../version.ts';
import type { KeywordSpec } from './keyword-spec.ts';

/**
 * SIPp 3.6.1 brackets an IPv6 `[local_ip]` and `[remote_ip]` (they sit in SIP URIs and Via), but
 * not `[media_ip]` or `[server_ip]`: observed with `-i ::1 -trace_msg`, `c=IN IP6 ::1` beside
 * `o=... IN IP6 [::1]` from the same built-in uac.
 */
export function bracketIPv6(ip: string): string {
  return ip.includes(':') && ip[0] !== '[' ? `[${ip}]` : ip;
}

export const RUN_KEYWORDS = {
  service: { resolve: (src) => src.service },
  remote_ip: { resolve: (src) => bracketIPv6(src.remoteIp) },
  remote_host: { resolve: (src) => src.remoteHost },
  remote_port: { resolve: (src, slot) => String(src.remotePort + slot.offset) },
  local_ip: { resolve: (src) => bracketIPv6(src.localIp) },
  local_ip_type: { resolve: (src) => String(src.localIpType) },
  local_port: { resolve: (src, slot) => String(src.localPort + slot.offset) },
  transport: { resolve: (src) => src.transport },
  media_ip: { resolve: (src) => src.mediaIp },
  media_ip_type: { resolve: (src) => String(src.mediaIpType) },
  // The address the call's socket is bound to ('::' or '0.0.0.0' when bound to every interface).
  server_ip: { resolve: (src) => src.serverIp ?? '' },
  media_port: { resolve: (src, slot) => String(src.mediaPort + slot.offset), isMediaPort: true },
  // SIPp (pcap builds): one port block of 4 (audio + RTCP + video + RTCP) per call, wrapping.
  auto_media_port: {
    resolve: (src, slot) =>
      String(src.mediaPort + ((4 * (src.callNumber - 1)) % 10000) + slot.offset),
    isMediaPort: true,
  },
  // SIPp 3.6.1 prints the run's media port for these on any line and ignores an offset
  // (measured: `[rtpstream_audio_port+1]` with `-mp 7000` sends 7000).
  rtpstream_audio_port: { resolve: (src) => String(src.mediaPort) },
  rtpstream_video_port: { resolve: (src) => String(src.mediaPort) },
  pid: { resolve: (src) => String(src.pid) },
  // Not a constant: each use reads and advances the run's counter (engine/run-templates.ts
  // folds only the names it lists, and this is not one of them).
  dynamic_id: { resolve: (src) => String(src.nextDynamicId?.() ?? 0) },
  sipp_version: { resolve: () => SIPP_COMPAT_VERSION },
} satisfies Record<string, KeywordSpec>;
