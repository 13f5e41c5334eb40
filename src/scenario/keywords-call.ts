/** Keywords whose value belongs to the call being rendered, plus the clock-based ones. */
import type { KeywordSpec } from './keyword-spec.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `[timestamp]`: SIPp's log-time format, local time, `YYYY-MM-DD\tHH:MM:SS.usec\tepoch.usec`. */
export function formatSippTimestamp(epochMs: number): string {
  const d = new Date(Math.floor(epochMs));
  const usec = pad(Math.floor((epochMs * 1000) % 1_000_000), 6);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
  const time = `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`;
  return `${date}\t${time}.${usec}\t${Math.floor(epochMs / 1000)}.${usec}`;
}

export const CALL_KEYWORDS = {
  call_number: { resolve: (src) => String(src.callNumber) },
  call_id: { resolve: (src) => src.callId },
  cseq: { resolve: (src, slot) => String(src.cseq + slot.offset) },
  // SIPp: magic cookie + pid + call number + scenario index; `[branch-N]` reuses an earlier one.
  // The engine id stands for the pid (the same in a single-engine run), so shards differ.
  branch: {
    resolve: (src, slot) =>
      `z9hG4bK-${src.engineId}-${src.callNumber}-${src.msgIndex + slot.offset}`,
  },
  msg_index: { resolve: (src) => String(src.msgIndex) },
  // The reference's keyword (its §2.13): the digits the call last sent with send_dtmf.
  dtmf_digits: { resolve: (src) => src.dtmfDigits ?? '' },
  // Gossipper's: the telephone-events the call received, so a scenario can check them.
  dtmf_received: { resolve: (src) => src.dtmfReceived ?? '' },
  len: { resolve: () => '', isLen: true },
  peer_tag_param: { resolve: (src) => (src.peerTag === '' ? '' : `;tag=${src.peerTag}`) },
  routes: {
    resolve: (src) => (src.routes === '' ? '' : `Route: ${src.routes}`),
    swallowsLineBreak: true,
  },
  next_url: { resolve: (src) => src.nextUrl },
  clock_tick: { resolve: (src) => String(src.clockTick()) },
  timestamp: { resolve: () => formatSippTimestamp(performance.timeOrigin + performance.now()) },
  // strftime("%a, %d %b %Y %T %Z") on gmtime is exactly the RFC 1123 form toUTCString() prints.
  date: { resolve: () => new Date().toUTCString() },
} satisfies Record<string, KeywordSpec>;
