/**
 * The call to convert: the dialog of the capture's first INVITE (its Call-ID), who called whom,
 * and its messages in order with retransmissions removed. Who sent a message is read from its
 * From tag (the caller's requests and the callee's responses carry the caller's tag), so a BYE
 * from the callee over a new TCP connection is placed right; the addresses decide only when a
 * message has no From tag.
 */
import { ConversionError } from './conversion-error.ts';
import type { CapturedMessage, Endpoint, SipTransport } from './capture-messages.ts';
import { cseqOf, headerValue, tagOf, topBranch, type SipText } from './sip-text.ts';

export type Party = 'caller' | 'callee';

export interface FlowStep {
  /** Who sent it. */
  readonly from: Party;
  readonly sip: SipText;
  readonly timeUs: number;
}

export interface CallFlow {
  readonly callId: string;
  readonly transport: SipTransport;
  /** SIP addresses: the first INVITE's source and destination. */
  readonly caller: Endpoint;
  readonly callee: Endpoint;
  readonly steps: readonly FlowStep[];
  /** Other Call-IDs in the capture, left out. */
  readonly ignoredCallIds: number;
  /**
   * Messages of the call between other hosts, left out: a capture taken at a proxy holds both
   * legs, often with one Call-ID.
   */
  readonly otherLegMessages: number;
}

export function selectCallFlow(messages: readonly CapturedMessage[], file: string): CallFlow {
  if (messages.length === 0) {
    throw new ConversionError(`${file}: no SIP message in the capture`, sipPortHint);
  }
  const invite = messages.find((m) => m.sip.method === 'INVITE');
  if (invite === undefined) {
    throw new ConversionError(
      `${file}: no INVITE among the capture's ${messages.length} SIP messages`,
      'pcap2scenario converts a call; a capture of REGISTER or OPTIONS only has none',
    );
  }
  const callId = headerValue(invite.sip.headers, 'Call-ID') ?? '';
  const callerTag = tagOf(headerValue(invite.sip.headers, 'From'));
  const others = new Set<string>();
  const steps: FlowStep[] = [];
  const seen = new Set<string>();
  const hosts = new Set([invite.src.address, invite.dst.address]);
  let otherLegMessages = 0;
  for (const m of messages) {
    const id = headerValue(m.sip.headers, 'Call-ID') ?? '';
    if (id !== callId) {
      others.add(id);
      continue;
    }
    // Captured before the INVITE: a stray message of an earlier use of the Call-ID, not this call.
    if (m.timeUs < invite.timeUs || (m.timeUs === invite.timeUs && m.packet < invite.packet))
      continue;
    if (!hosts.has(m.src.address) || !hosts.has(m.dst.address)) {
      otherLegMessages++;
      continue;
    }
    const from = senderOf(m, callerTag, invite);
    const key = retransmissionKey(m.sip, from);
    if (seen.has(key)) continue;
    seen.add(key);
    steps.push({ from, sip: m.sip, timeUs: m.timeUs });
  }
  return {
    callId,
    transport: invite.transport,
    caller: sipAddressOf(invite),
    callee: invite.dst,
    steps,
    ignoredCallIds: others.size,
    otherLegMessages,
  };
}

/**
 * The caller's SIP address: over TCP it sends from a passing port, while its Via (and Contact)
 * name the port it listens on, which is the one its messages mention.
 */
function sipAddressOf(invite: CapturedMessage): Endpoint {
  const via = headerValue(invite.sip.headers, 'Via') ?? '';
  const m = /^SIP\/2\.0\/\S+\s+(\[[^\]]+\]|[^:;\s]+)(?::(\d+))?/i.exec(via);
  const host = m?.[1].replace(/^\[|\]$/g, '');
  if (m === null || host !== invite.src.address || m[2] === undefined) return invite.src;
  return { address: invite.src.address, port: Number(m[2]) };
}

const sipPortHint =
  'SIP over TLS or WebSocket cannot be read; if SIP runs on a port where it is not recognised, ' +
  'give -sip-port';

function senderOf(m: CapturedMessage, callerTag: string, invite: CapturedMessage): Party {
  const fromTag = tagOf(headerValue(m.sip.headers, 'From'));
  if (fromTag !== '' && callerTag !== '') {
    const isCallersDialogSide = fromTag === callerTag;
    return isCallersDialogSide === (m.sip.method !== '') ? 'caller' : 'callee';
  }
  const same = (a: Endpoint, b: Endpoint): boolean => a.address === b.address && a.port === b.port;
  if (same(m.src, invite.src) || same(m.dst, invite.dst)) return 'caller';
  return 'callee';
}

/** A retransmission repeats sender, start line, CSeq, branch and (responses) To tag. */
function retransmissionKey(sip: SipText, from: Party): string {
  const cseq = cseqOf(sip);
  const first = sip.method !== '' ? `${sip.method} ${sip.requestUri}` : String(sip.status);
  const toTag = sip.method !== '' ? '' : tagOf(headerValue(sip.headers, 'To'));
  return `${from}|${first}|${cseq.number} ${cseq.method}|${topBranch(sip)}|${toTag}`;
}
