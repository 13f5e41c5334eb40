/**
 * SIPp's internal messages for its default behaviours (`-default_behaviors` in `sipp -h`):
 * CANCEL / ACK / BYE to abort a call we started, and 200 OK to an unexpected BYE, CANCEL,
 * PING or an auto-answered request. Built from the INVITE we sent and the last message received;
 * only used off the hot path (aborts, auto-answer).
 */
import { isParseFailure, parseSipMessage, serializeSipMessage } from '../sip/index.ts';
import type { SipMessage } from '../sip/index.ts';

type Headers = Array<[string, string]>;

function parsed(raw: Buffer): SipMessage | null {
  const m = parseSipMessage(raw);
  return isParseFailure(m) ? null : m;
}

function copy(headers: Headers, from: SipMessage, name: string): void {
  const v = from.header(name);
  if (v !== undefined) headers.push([name, v]);
}

/**
 * SIPp's abort messages (its default_message_strings "ack", "cancel", "bye", seen on the wire with
 * -trace_msg) carry `Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>`; the ACK
 * also `Subject: Performance Test`. Given, `contact` is that header's value.
 */
export function sippContact(localIp: string, localPort: number, transport: string): string {
  return `<sip:sipp@${localIp}:${localPort};transport=${transport}>`;
}

/**
 * CANCEL for an INVITE without a final response: same branch and CSeq number (RFC 3261 §9.1).
 * SIPp 3.6.1 copies To from the provisional response it got (`[last_To]`), tag included: given
 * the peer's tag (from that response), so do we.
 */
export function buildCancel(inviteRaw: Buffer, contact?: string, peerTag = ''): Buffer | null {
  const inv = parsed(inviteRaw);
  if (!inv) return null;
  const headers: Headers = [];
  const via = inv.headerValues('Via')[0];
  if (via) headers.push(['Via', via.split(',')[0].trim()]);
  copy(headers, inv, 'From');
  headers.push(['To', withTag(inv.header('To') ?? '', peerTag)]);
  headers.push(['Call-ID', inv.callId()]);
  headers.push(['CSeq', `${inv.cseqNumber()} CANCEL`]);
  headers.push(['Max-Forwards', '70']);
  if (contact !== undefined) headers.push(['Contact', contact]);
  return serializeSipMessage({ startLine: `CANCEL ${inv.requestUri} SIP/2.0`, headers });
}

/**
 * ACK for the final response `resp` to our INVITE. For non-2xx the ACK belongs to the INVITE
 * transaction (same branch, RFC 3261 §17.1.1.3); for 2xx it is a new transaction.
 */
export function buildAck(
  inviteRaw: Buffer,
  resp: SipMessage,
  branchSuffix: string,
  contact?: string,
): Buffer | null {
  const inv = parsed(inviteRaw);
  if (!inv) return null;
  const headers: Headers = [];
  const via = (inv.headerValues('Via')[0] ?? '').split(',')[0].trim();
  headers.push(['Via', resp.statusCode >= 300 ? via : rebranch(via, branchSuffix)]);
  copy(headers, inv, 'From');
  copy(headers, resp, 'To');
  headers.push(['Call-ID', inv.callId()]);
  headers.push(['CSeq', `${inv.cseqNumber()} ACK`]);
  if (contact !== undefined) headers.push(['Contact', contact]);
  headers.push(['Max-Forwards', '70']);
  if (contact !== undefined) headers.push(['Subject', 'Performance Test']);
  const target = resp.statusCode < 300 ? (contactUri(resp) ?? inv.requestUri) : inv.requestUri;
  return serializeSipMessage({ startLine: `ACK ${target} SIP/2.0`, headers });
}

/** BYE for an established call we started. */
export function buildBye(
  inviteRaw: Buffer,
  peerTag: string,
  cseq: number,
  remoteTarget: string,
  branchSuffix: string,
  contact?: string,
): Buffer | null {
  const inv = parsed(inviteRaw);
  if (!inv) return null;
  const headers: Headers = [];
  const via = (inv.headerValues('Via')[0] ?? '').split(',')[0].trim();
  headers.push(['Via', rebranch(via, branchSuffix)]);
  copy(headers, inv, 'From');
  headers.push(['To', withTag(inv.header('To') ?? '', peerTag)]);
  headers.push(['Call-ID', inv.callId()]);
  headers.push(['CSeq', `${cseq} BYE`]);
  headers.push(['Max-Forwards', '70']);
  if (contact !== undefined) headers.push(['Contact', contact]);
  return serializeSipMessage({
    startLine: `BYE ${remoteTarget || inv.requestUri} SIP/2.0`,
    headers,
  });
}

/**
 * SIPp 3.6.1's default "bye" built from the last message received, which is what it sends when it
 * aborts a call it started that did not send an INVITE (measured: an OPTIONS answered by an
 * unexpected 404 gets `BYE <To URI of the 404>`, [last_From:], [last_To:], [last_Call-ID:],
 * `CSeq: <its number + 1> BYE`). The Request-URI is the `<...>` part of the last To, empty
 * without one; a header the message lacks is left out, as SIPp's empty `[last_*:]` lines are.
 */
export function buildDefaultBye(last: SipMessage, via: string, contact: string): Buffer {
  const to = last.header('To') ?? '';
  const lt = to.indexOf('<');
  const gt = to.indexOf('>');
  const uri = lt >= 0 && gt > lt ? to.slice(lt + 1, gt) : '';
  const headers: Headers = [['Via', via]];
  copy(headers, last, 'From');
  copy(headers, last, 'To');
  copy(headers, last, 'Call-ID');
  const cseq = last.cseqNumber();
  headers.push(['CSeq', `${Number.isNaN(cseq) ? 1 : cseq + 1} BYE`]);
  headers.push(['Max-Forwards', '70']);
  headers.push(['Contact', contact]);
  return serializeSipMessage({ startLine: `BYE ${uri} SIP/2.0`, headers });
}

/** 200 OK echoing the request's Via/From/To/Call-ID/CSeq (RFC 3261 §8.2.6). */
export function buildOk(req: SipMessage, localTag: string): Buffer {
  const headers: Headers = [];
  for (const v of req.headerValues('Via')) headers.push(['Via', v]);
  copy(headers, req, 'From');
  const to = req.header('To') ?? '';
  headers.push(['To', req.toTag() === '' && localTag ? `${to};tag=${localTag}` : to]);
  headers.push(['Call-ID', req.callId()]);
  copy(headers, req, 'CSeq');
  return serializeSipMessage({ startLine: 'SIP/2.0 200 OK', headers });
}

/** A To value with the peer's tag added when it has none. */
function withTag(to: string, peerTag: string): string {
  return peerTag && !/;\s*tag=/i.test(to) ? `${to};tag=${peerTag}` : to;
}

function rebranch(via: string, suffix: string): string {
  const i = via.search(/;\s*branch=/i);
  if (i < 0) return `${via};branch=z9hG4bK-${suffix}`;
  const end = via.indexOf(';', i + 1);
  return `${via.slice(0, i)};branch=z9hG4bK-${suffix}${end < 0 ? '' : via.slice(end)}`;
}

function contactUri(m: SipMessage): string | undefined {
  const c = m.header('Contact');
  if (!c) return undefined;
  const lt = c.indexOf('<');
  let uri: string;
  if (lt >= 0) {
    const gt = c.indexOf('>', lt);
    if (gt < lt) return undefined;
    uri = c.slice(lt + 1, gt);
  } else {
    uri = c.split(';')[0].trim();
  }
  // The URI becomes our Request-URI: a peer's broken Contact (spaces, controls, stray <>) must not
  // make us send an unparsable start line, so callers fall back to the INVITE's URI instead.
  return URI_BYTES.test(uri) ? uri : undefined;
}

/** Non-empty; no whitespace, controls, DEL or angle brackets (never bare in RFC 3261 §25.1). */
const URI_BYTES = /^[^\x00-\x20\x7f<>]+$/;

export { contactUri };
