/**
 * The `auth-scheme param=value, ...` lists of WWW-Authenticate, Proxy-Authenticate, Authorization
 * and Proxy-Authorization (RFC 7235 §2.1, RFC 3261 §25.1): one header value may hold several
 * challenges, and quoted values may hold commas, `=` and escaped quotes.
 */

export interface AuthChallenge {
  /** `Digest`, `Basic`, ... as written. */
  readonly scheme: string;
  /** Parameter names lower-cased, values unquoted (escapes removed). */
  readonly params: ReadonlyMap<string, string>;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDelimiter = (c: string): boolean => isSpace(c) || c === ',' || c === '=' || c === '"';

/** Every challenge (or credentials) in the given header values, in order. */
export function parseAuthChallenges(values: readonly string[]): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  for (const v of values) parseInto(v, out);
  return out;
}

function parseInto(text: string, out: AuthChallenge[]): void {
  let i = 0;
  let current: { scheme: string; params: Map<string, string> } | null = null;
  const n = text.length;
  while (i < n) {
    while (i < n && (isSpace(text[i]) || text[i] === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isDelimiter(text[i])) i++;
    const token = text.slice(start, i);
    if (token === '') {
      // A stray `=` or `"`: skip to the next comma.
      i = skipToComma(text, i + 1);
      continue;
    }
    let j = i;
    while (j < n && isSpace(text[j])) j++;
    if (text[j] !== '=') {
      current = { scheme: token, params: new Map() };
      out.push(current);
      continue;
    }
    // `name = value`
    j++;
    while (j < n && isSpace(text[j])) j++;
    let value: string;
    if (text[j] === '"') {
      const q = readQuoted(text, j);
      value = q.value;
      i = q.end;
    } else {
      const vStart = j;
      while (j < n && text[j] !== ',' && !isSpace(text[j])) j++;
      value = text.slice(vStart, j);
      i = j;
    }
    if (current === null || value.startsWith('=')) {
      // A parameter before any scheme, or a token68 (`Bearer abc==`): not a digest parameter.
      i = skipToComma(text, i);
      continue;
    }
    const name = token.toLowerCase();
    if (!current.params.has(name)) current.params.set(name, value);
  }
}

function readQuoted(text: string, at: number): { value: string; end: number } {
  let value = '';
  let i = at + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
    i++;
  }
  return { value, end: Math.min(i + 1, text.length) };
}

function skipToComma(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== ',') {
    if (text[i] === '"') i = readQuoted(text, i).end;
    else i++;
  }
  return i;
}

/** A value as a quoted-string, escaping `"` and `\`. */
export function quoteAuthValue(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
