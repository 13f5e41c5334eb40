/**
 * Header-name knowledge: canonical spellings and compact forms. Tables are frozen constants
 * built once at load; nothing here is mutable.
 */

/**
 * Compact form → canonical long name. RFC 3261 §7.3.3 plus the forms registered later
 * (RFC 3265 o/u, RFC 3515 r, RFC 3892 b, RFC 4028 x, RFC 3841 a/j/d, RFC 4474 y/n).
 */
export const COMPACT_HEADER_FORMS: Readonly<Record<string, string>> = Object.freeze({
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  t: 'To',
  v: 'Via',
  s: 'Subject',
  k: 'Supported',
  o: 'Event',
  r: 'Refer-To',
  b: 'Referred-By',
  x: 'Session-Expires',
  u: 'Allow-Events',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  d: 'Request-Disposition',
  y: 'Identity',
  n: 'Identity-Info',
});

/**
 * Spellings whose canonical form is not plain Title-Case (`Call-ID`, `CSeq`, `WWW-Authenticate`).
 */
const IRREGULAR_SPELLINGS: readonly string[] = [
  'Call-ID',
  'CSeq',
  'WWW-Authenticate',
  'MIME-Version',
  'RAck',
  'RSeq',
  'SIP-ETag',
  'SIP-If-Match',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Max-Forwards',
];

/** Both lower-cased forms of one header name; `compact` is '' when the header has none. */
export interface HeaderNameKey {
  readonly long: string;
  readonly compact: string;
}

const KEY_BY_LOWER_NAME: ReadonlyMap<string, HeaderNameKey> = buildKeyTable();
const CANONICAL_BY_LOWER_NAME: ReadonlyMap<string, string> = buildCanonicalTable();

function buildKeyTable(): Map<string, HeaderNameKey> {
  const table = new Map<string, HeaderNameKey>();
  for (const [compact, long] of Object.entries(COMPACT_HEADER_FORMS)) {
    const key: HeaderNameKey = Object.freeze({ long: long.toLowerCase(), compact });
    table.set(key.long, key);
    table.set(compact, key);
  }
  return table;
}

function buildCanonicalTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const [compact, long] of Object.entries(COMPACT_HEADER_FORMS)) {
    table.set(compact, long);
    table.set(long.toLowerCase(), long);
  }
  for (const name of IRREGULAR_SPELLINGS) table.set(name.toLowerCase(), name);
  return table;
}

/**
 * Lower-cased long and compact forms of `name` (either form accepted, any case), used to match
 * header names in received messages.
 */
export function headerNameKey(name: string): HeaderNameKey {
  let key = KEY_BY_WRITTEN_NAME.get(name);
  if (key !== undefined) return key;
  const lower = name.trim().toLowerCase();
  key = KEY_BY_LOWER_NAME.get(lower) ?? { long: lower, compact: '' };
  if (KEY_BY_WRITTEN_NAME.size < WRITTEN_NAME_CACHE_MAX) KEY_BY_WRITTEN_NAME.set(name, key);
  return key;
}

/**
 * A pure memo of headerNameKey: scenarios ask for the same few names (`[last_Via:]` on every
 * answer), and trimming plus lower-casing them each time allocated two strings per lookup.
 */
const KEY_BY_WRITTEN_NAME = new Map<string, HeaderNameKey>();
const WRITTEN_NAME_CACHE_MAX = 1024;

/** The compact letter for a header (`Call-ID` → `i`), or undefined when it has none. */
export function compactHeaderName(name: string): string | undefined {
  const key = KEY_BY_LOWER_NAME.get(name.trim().toLowerCase());
  return key === undefined ? undefined : key.compact;
}

/**
 * Canonical spelling of a header name: compact forms expand (`i` → `Call-ID`), known irregular
 * names keep their RFC spelling (`cseq` → `CSeq`), anything else becomes Title-Case
 * (`x-my-header` → `X-My-Header`).
 */
export function canonicalHeaderName(name: string): string {
  const trimmed = name.trim();
  const known = CANONICAL_BY_LOWER_NAME.get(trimmed.toLowerCase());
  if (known !== undefined) return known;
  let out = '';
  let atWordStart = true;
  for (const ch of trimmed) {
    out += atWordStart ? ch.toUpperCase() : ch.toLowerCase();
    atWordStart = ch === '-';
  }
  return out;
}
