/**
 * One captured message to the text of a `<send>`, for the party that sent it. What changes per
 * call or per run becomes a keyword (addresses, Call-ID, branch, tags, transport, Contact,
 * Content-Length, SDP address and port); CSeq and the other headers stay as captured. A
 * response copies the request's Via, From, To, Call-ID and CSeq with `[last_*:]`, as SIPp's
 * own uas does, so it answers whatever the peer sent.
 */
import {
  templateAddresses,
  templateTransportParam,
  type SipAddresses,
} from './address-template.ts';
import type { Party } from './call-flow.ts';
import { isSdp, templateSdp } from './sdp-template.ts';
import { cseqOf, headerValue, tagOf, type SipHeader, type SipText } from './sip-text.ts';

export interface TemplateContext {
  readonly party: Party;
  readonly addresses: SipAddresses;
  readonly callId: string;
  /** The user of the first INVITE's Request-URI: `[service]` in the caller's requests. */
  readonly serviceUser: string;
  /** Tags this party used in the capture, and the other party's. */
  readonly ownTags: ReadonlySet<string>;
  readonly peerTags: ReadonlySet<string>;
  /** The keyword for a branch this party sent (`[branch]`, or `[branch-N]` for a repeat). */
  readonly branchKeyword: (branch: string) => string;
  /** The message this party received last, which `[last_*:]` reads. */
  readonly lastReceived: SipText | undefined;
}

/** The keyword of each party's own tag: SIPp's built-in uac's and uas's. */
const OWN_TAG_KEYWORD: Readonly<Record<Party, string>> = {
  caller: '[pid]SIPpTag00[call_number]',
  callee: '[pid]SIPpTag01[call_number]',
};
/**
 * The UAS reads the caller's `;tag=...` from the INVITE into this variable: it receives no
 * response, so `[peer_tag_param]` stays empty there.
 */
export const CALLER_TAG_VARIABLE = 'caller_tag_param';
const DROPPED_HEADERS = new Set(['Route', 'Record-Route']);

/** The message's lines (start line, headers, '' and body lines when there is a body). */
export function templateMessage(sip: SipText, ctx: TemplateContext): string[] {
  const isRequest = sip.method !== '';
  const lines = [
    isRequest
      ? `${sip.method} ${templateUri(sip.requestUri, ctx, 'remote')} SIP/2.0`
      : `SIP/2.0 ${sip.status}${sip.reason === '' ? '' : ` ${sip.reason}`}`,
  ];
  const written = new Set<string>();
  for (const h of sip.headers) {
    const line = isRequest ? requestHeader(h, ctx, written) : responseHeader(h, sip, ctx, written);
    if (line !== null) lines.push(line);
    written.add(h.name);
  }
  if (!written.has('Content-Length')) lines.push('Content-Length: [len]');
  if (sip.body !== '') {
    const sdp = isSdp(headerValue(sip.headers, 'Content-Type'), sip.body);
    lines.push('', ...(sdp ? templateSdp(sip.body) : sip.body).split(/\r?\n/));
  }
  return lines;
}

function requestHeader(h: SipHeader, ctx: TemplateContext, written: Set<string>): string | null {
  switch (h.name) {
    case 'Via':
      return written.has('Via') ? null : `Via: ${ownVia(h.value, ctx)}`;
    case 'From':
      return `From: ${replaceTags(templateUri(h.value, ctx, 'local'), ctx)}`;
    case 'To':
      return `To: ${replaceTags(templateUri(h.value, ctx, 'remote'), ctx)}`;
    case 'Authorization':
    case 'Proxy-Authorization':
      // SIPp computes the digest from the challenge it received (-au/-ap, or its parameters).
      return '[authentication]';
    default:
      return commonHeader(h, ctx);
  }
}

function responseHeader(
  h: SipHeader,
  sip: SipText,
  ctx: TemplateContext,
  written: Set<string>,
): string | null {
  const last = ctx.lastReceived;
  switch (h.name) {
    case 'Via':
      return written.has('Via') ? null : '[last_Via:]';
    case 'From':
      return '[last_From:]';
    case 'To': {
      // The first answer to an INVITE adds this party's tag to the request's To.
      const addsTag = tagOf(h.value) !== '' && tagOf(headerValue(last?.headers ?? [], 'To')) === '';
      return addsTag ? `[last_To:];tag=${OWN_TAG_KEYWORD[ctx.party]}` : '[last_To:]';
    }
    case 'Call-ID':
      return '[last_Call-ID:]';
    case 'CSeq': {
      // After a CANCEL, the 487 answers the INVITE, not the last request: keep its own CSeq.
      const mine = cseqOf(sip);
      const theirs = last === undefined ? undefined : cseqOf(last);
      const same = theirs?.number === mine.number && theirs.method === mine.method;
      return same ? '[last_CSeq:]' : `CSeq: ${h.value}`;
    }
    default:
      return commonHeader(h, ctx);
  }
}

function commonHeader(h: SipHeader, ctx: TemplateContext): string | null {
  if (DROPPED_HEADERS.has(h.name)) return null;
  switch (h.name) {
    case 'Call-ID':
      return 'Call-ID: [call_id]';
    case 'Content-Length':
      return 'Content-Length: [len]';
    case 'Contact':
      return `Contact: ${templateUri(h.value, ctx, 'local')}`;
    default: {
      const value = templateAddresses(h.value, ctx.addresses, 'local');
      return `${h.name}: ${ctx.callId === '' ? value : value.split(ctx.callId).join('[call_id]')}`;
    }
  }
}

/** A URI or name-addr: addresses, `transport=`, and in the caller's requests `[service]`. */
function templateUri(text: string, ctx: TemplateContext, prefer: 'local' | 'remote'): string {
  let out = templateTransportParam(templateAddresses(text, ctx.addresses, prefer));
  if (ctx.party === 'caller' && prefer === 'remote' && ctx.serviceUser !== '') {
    const user = ctx.serviceUser.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(sips?:)${user}@`, 'g'), '$1[service]@');
  }
  return out;
}

/** This party's tags to its keyword; the other's `;tag=` to the peer's tag as the run learns it. */
function replaceTags(value: string, ctx: TemplateContext): string {
  return value.replace(/;\s*tag\s*=\s*([^;>,\s]+)/gi, (whole, tag: string) => {
    if (ctx.ownTags.has(tag)) return `;tag=${OWN_TAG_KEYWORD[ctx.party]}`;
    if (ctx.peerTags.has(tag))
      return ctx.party === 'caller' ? '[peer_tag_param]' : `[$${CALLER_TAG_VARIABLE}]`;
    return whole;
  });
}

/** Our own top Via: transport, address and branch as keywords, other parameters kept. */
function ownVia(value: string, ctx: TemplateContext): string {
  const first = value.split(',')[0].trim();
  const params = first.split(';').slice(1);
  const kept: string[] = [];
  for (const p of params) {
    const [name, v] = p.split('=');
    const key = name.trim().toLowerCase();
    if (key === 'received') continue;
    if (key === 'rport') kept.push('rport');
    else if (key === 'branch') kept.push(`branch=${ctx.branchKeyword((v ?? '').trim())}`);
    else kept.push(p.trim());
  }
  if (!params.some((p) => p.trim().toLowerCase().startsWith('branch'))) {
    kept.push(`branch=${ctx.branchKeyword('')}`);
  }
  return ['SIP/2.0/[transport] [local_ip]:[local_port]', ...kept].join(';');
}
