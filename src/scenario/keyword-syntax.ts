/**
 * Splits the text between `[` and `]` into name, `+N`/`-N` offset and `key=value` parameters,
 * following SIPp's message.cpp: the offset is the first `+` (else the first `-`) that is directly
 * followed by a digit — except in `authentication` and `tdmmap`, whose parameters may contain
 * such text — and everything after it is dropped (`[cseq+1]`, `[branch-1]`, `[len+3]`).
 */

export interface KeywordText {
  /** Name up to the first space, offset removed: `cseq`, `last_Via:`, `$user`, `field0`. */
  readonly name: string;
  /** Keyword without the offset, parameters included (what `-key` names are compared with). */
  readonly full: string;
  readonly offset: number;
  readonly params: Readonly<Record<string, string>>;
}

const PARAM = /([A-Za-z_][\w-]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;

export function parseKeywordText(inner: string): KeywordText {
  let full = inner;
  let offset = 0;
  if (!inner.startsWith('authentication') && !inner.startsWith('tdmmap')) {
    let at = inner.indexOf('+');
    if (at === -1) at = inner.indexOf('-');
    if (at !== -1 && /[0-9]/.test(inner[at + 1] ?? '')) {
      offset = parseInt(inner.slice(at), 10);
      full = inner.slice(0, at);
    }
  }
  const space = full.indexOf(' ');
  const name = space === -1 ? full : full.slice(0, space);
  const params: Record<string, string> = {};
  if (space !== -1) {
    for (const m of full.slice(space + 1).matchAll(PARAM)) {
      params[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    }
  }
  return { name, full, offset, params };
}

/**
 * Index of the `]` closing a keyword that starts after `from`, skipping `"…"` runs like SIPp's
 * quoted_strchr; -1 when there is none.
 */
export function findKeywordEnd(text: string, from: number, ch: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (text[i] === ch) {
      return i;
    }
  }
  return -1;
}
