/**
 * JIT warm-up before the first call. V8 runs new code in its interpreter until it is hot; at
 * thousands of calls per second the first few hundred milliseconds of a cold run are many times
 * slower, the schedule falls behind, and the catch-up shows as response time in the first
 * calls. Rendering each send template and parsing the result a few thousand times costs tens
 * of milliseconds once, before the rate clock starts.
 */
import { renderTemplate } from '../scenario/index.ts';
import type { Command, KeywordSource, Template } from '../scenario/index.ts';
import { isParseFailure, parseSipMessage, serializeSipMessage } from '../sip/index.ts';
import type { SipMessage } from '../sip/index.ts';
import { matchRecv } from './recv-matcher.ts';

export const WARM_UP_ROUNDS = 500;

/** Exercises render → parse → match on the run's own templates; sends nothing. */
export function warmUp(commands: ReadonlyArray<Command>, templates: ReadonlyArray<Template | undefined>, probe: KeywordSource, rounds = WARM_UP_ROUNDS): number {
  let checksum = 0;
  // Answering templates copy [last_*] headers: give them a request to copy from.
  const lastMessage = probe.lastMessage ?? sampleRequest(probe);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < templates.length; i++) {
      const t = templates[i];
      if (t === undefined) continue;
      const src = { ...probe, lastMessage, callNumber: r + 1, callId: `${r + 1}-warm-up`, msgIndex: i };
      const msg = parseSipMessage(renderTemplate(t, src));
      if (isParseFailure(msg)) continue;
      checksum += msg.callId().length + msg.cseqNumber() + msg.cseqMethod().length + msg.toTag().length
        + msg.viaBranch().length + (msg.headerLine('Via')?.length ?? 0) + matchRecv(commands, 0, msg).index;
    }
  }
  return checksum;
}

function sampleRequest(p: KeywordSource): SipMessage | null {
  const raw = serializeSipMessage({
    startLine: `INVITE sip:${p.service}@${p.localIp}:${p.localPort} SIP/2.0`,
    headers: [
      ['Via', `SIP/2.0/UDP ${p.remoteIp || '127.0.0.1'}:5060;branch=z9hG4bK-warm-up`],
      ['From', `warm-up <sip:warm-up@${p.remoteIp || '127.0.0.1'}:5060>;tag=warm-up`],
      ['To', `${p.service} <sip:${p.service}@${p.localIp}:${p.localPort}>`],
      ['Call-ID', 'warm-up'],
      ['CSeq', '1 INVITE'],
      ['Contact', `sip:warm-up@${p.remoteIp || '127.0.0.1'}:5060`],
    ],
  });
  const m = parseSipMessage(raw);
  return isParseFailure(m) ? null : m;
}
