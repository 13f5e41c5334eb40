/**
 * Client credentials: the `Authorization:` / `Proxy-Authorization:` line `[authentication]`
 * renders, from a call's stored challenge and the request being sent.
 */
import { akaResponse, parseAkaKey } from './aka.ts';
import { quoteAuthValue } from './auth-params.ts';
import { digestResponse } from './digest.ts';
import type { DigestSession } from './session.ts';

/** Run-wide defaults of the keyword's parameters (binary strings, like template text). */
export interface AuthDefaults {
  /** `-au`; undefined: the `-s` value. */
  readonly username?: string;
  /** `-ap`. */
  readonly password: string;
  /** `-auth_uri`; undefined: SIPp's `sip:<remote_ip>:<remote_port>`. */
  readonly uri?: string;
  /** `-aka_K`, `-aka_OP`, `-aka_AMF` (Gossipper flags; SIPp has only the keyword parameters). */
  readonly akaK?: string;
  readonly akaOp?: string;
  readonly akaAmf?: string;
}

export const DEFAULT_AUTH_DEFAULTS: AuthDefaults = { password: 'password' };

/** Command-line text (Unicode) as the binary string of its UTF-8 bytes. */
const utf8 = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : Buffer.from(s, 'utf8').toString('latin1');

/** The defaults from command-line values, in the binary-string convention of the templates. */
export function authDefaultsFromText(o: AuthDefaults): AuthDefaults {
  return {
    username: utf8(o.username),
    password: utf8(o.password) as string,
    uri: utf8(o.uri),
    akaK: utf8(o.akaK),
    akaOp: utf8(o.akaOp),
    akaAmf: utf8(o.akaAmf),
  };
}

/** What the keyword reads from the call: KeywordSource (scenario/model.ts) has these fields. */
export interface AuthKeywordContext {
  readonly authSession?: DigestSession | null;
  /** Undefined: DEFAULT_AUTH_DEFAULTS. */
  readonly authDefaults?: AuthDefaults;
  readonly service: string;
  /** The digest `uri` without `-auth_uri`, as SIPp: `sip:[remote_ip]:[remote_port]`. */
  readonly remoteIp: string;
  readonly remotePort: number;
}

export interface AuthRequest {
  readonly method: string;
  /** Its body (binary string), for qop=auth-int. */
  readonly body: string;
}

/** `[authentication]` parameters (`username=`, `password=`, `aka_K=`, `aka_OP=`, `aka_AMF=`). */
export type AuthKeywordParams = Readonly<Record<string, string>>;

export type AuthorizationResult = { readonly line: string } | { readonly error: string };

/**
 * SIPp signs `sip:<remote_ip>:<remote_port>` whatever the Request-URI, or `sip:` + `-auth_uri`
 * (so `-auth_uri host:port`); a full URI given to `-auth_uri` is kept as is.
 */
function digestUri(override: string | undefined, ctx: AuthKeywordContext): string {
  if (override === undefined || override === '') {
    // SIPp 3.6.1 puts the remote IP in without brackets, IPv6 too (`uri="sip:::1:5060"`, seen
    // with -trace_msg): a server checks the digest over the uri as sent, so we send the same.
    return `sip:${ctx.remoteIp.replace(/^\[(.*)\]$/, '$1')}:${ctx.remotePort}`;
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(override) && !/^[^:]+:\d+$/.test(override)
    ? override
    : `sip:${override}`;
}

/** The whole header line (no CRLF), or why it cannot be built. */
export function buildAuthorization(
  ctx: AuthKeywordContext,
  params: AuthKeywordParams,
  req: AuthRequest,
): AuthorizationResult {
  const session = ctx.authSession;
  if (session === undefined || session === null || session.status === 0) {
    return { error: '[authentication] before any challenge: no <recv auth="true"> matched yet' };
  }
  const ch = session.challenge;
  if (ch === null) return { error: session.problem };
  const d = ctx.authDefaults ?? DEFAULT_AUTH_DEFAULTS;
  const username = params.username ?? d.username ?? ctx.service;
  let password = params.password ?? d.password;
  if (ch.algorithm.aka) {
    const res = akaPassword(ch.nonce, params, d, password);
    if ('error' in res) return res;
    password = res.password;
  }
  const uri = digestUri(d.uri, ctx);
  const hasQop = ch.qop !== '';
  const cnonce = hasQop || ch.algorithm.sess ? session.cnonce() : '';
  const nc = hasQop ? session.nextNonceCount(ch.nonce).toString(16).padStart(8, '0') : '';
  const response = digestResponse({
    algorithm: ch.algorithm,
    username,
    realm: ch.realm,
    password,
    method: req.method,
    uri,
    nonce: ch.nonce,
    qop: ch.qop,
    nc,
    cnonce,
    body: req.body,
  });
  // SIPp's bytes: its parameter order, no space after the commas.
  let line =
    `${session.status === 401 ? 'Authorization' : 'Proxy-Authorization'}: Digest ` +
    `username=${quoteAuthValue(username)},realm=${quoteAuthValue(ch.realm)}`;
  if (hasQop) line += `,cnonce=${quoteAuthValue(cnonce)},nc=${nc},qop=${ch.qop}`;
  line +=
    `,uri=${quoteAuthValue(uri)},nonce=${quoteAuthValue(ch.nonce)},response="${response}"` +
    `,algorithm=${ch.algorithmText}`;
  // -sess without qop still needs the cnonce it hashed (SIPp has no -sess).
  if (!hasQop && cnonce !== '') line += `,cnonce=${quoteAuthValue(cnonce)}`;
  if (ch.opaque !== undefined) line += `,opaque=${quoteAuthValue(ch.opaque)}`;
  return { line };
}

function akaPassword(
  nonce: string,
  params: AuthKeywordParams,
  d: AuthDefaults,
  password: string,
): { password: string } | { error: string } {
  // SIPp: without aka_K, the first 16 bytes of the password are K.
  const kText = params.aka_K ?? d.akaK ?? password.slice(0, 16);
  const opText = params.aka_OP ?? d.akaOp;
  const amfText = params.aka_AMF ?? d.akaAmf;
  const k = parseAkaKey(kText, 16);
  if (k === undefined) return { error: 'AKAv1-MD5: aka_K must be 16 bytes (0x + 32 hex digits)' };
  if (opText === undefined) return { error: 'AKAv1-MD5 needs aka_OP= (or -aka_OP)' };
  const op = parseAkaKey(opText, 16);
  if (op === undefined) return { error: 'AKAv1-MD5: aka_OP must be 16 bytes (0x + 32 hex digits)' };
  const amf = amfText === undefined ? undefined : parseAkaKey(amfText, 2);
  if (amfText !== undefined && amf === undefined)
    return { error: 'AKAv1-MD5: aka_AMF must be 2 bytes (0x + 4 hex digits)' };
  const r = akaResponse(nonce, { k, op, amf });
  return 'error' in r ? r : { password: r.res.toString('latin1') };
}

const CRLF = Buffer.from('\r\n', 'latin1');
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** The method a rendered message signs (a response: its CSeq method) and its body. */
function requestOf(msg: Buffer, at: number): AuthRequest {
  const firstEnd = msg.indexOf(CRLF);
  const first = msg.toString('latin1', 0, firstEnd === -1 ? msg.length : firstEnd);
  const word = first.split(' ')[0] ?? '';
  const headerEnd = msg.indexOf(CRLFCRLF, at);
  const body = headerEnd === -1 ? '' : msg.toString('latin1', headerEnd + 4);
  if (word !== 'SIP/2.0') return { method: word, body };
  const cseq = /\r\n(?:CSeq|cseq|CSEQ)[ \t]*:[ \t]*\d+[ \t]+(\S+)/.exec(
    msg.toString('latin1', 0, headerEnd === -1 ? msg.length : headerEnd),
  );
  return { method: cseq?.[1] ?? '', body };
}

/**
 * Puts the `[authentication]` line into a rendered message at byte `at` (where the keyword stood,
 * rendered empty): the message is complete by then, so the method, Request-URI and body it
 * signs are the ones sent. When no line can be built the keyword's line is dropped; `onError`
 * hears why. Returns the new message and how many bytes were inserted (negative when dropped).
 */
export function fillAuthorization(
  msg: Buffer,
  at: number,
  params: AuthKeywordParams,
  ctx: AuthKeywordContext,
  onError?: (reason: string) => void,
): { readonly msg: Buffer; readonly shift: number } {
  const result = buildAuthorization(ctx, params, requestOf(msg, at));
  if ('error' in result) {
    onError?.(result.error);
    const atLineStart = at === 0 || msg[at - 1] === 0x0a;
    if (atLineStart && msg[at] === 0x0d && msg[at + 1] === 0x0a) {
      return { msg: Buffer.concat([msg.subarray(0, at), msg.subarray(at + 2)]), shift: -2 };
    }
    return { msg, shift: 0 };
  }
  const line = Buffer.from(result.line, 'latin1');
  return {
    msg: Buffer.concat([msg.subarray(0, at), line, msg.subarray(at)]),
    shift: line.length,
  };
}
