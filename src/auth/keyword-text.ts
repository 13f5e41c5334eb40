/**
 * `[authentication ...]` met in text that is expanded late (an injection-file field holding the
 * keyword, SIPp's way to give each call its own credentials): finds it and reads its parameters,
 * so the renderer can drop it from the value and fill the line where it stood.
 */
import { parseAuthChallenges } from './auth-params.ts';
import type { AuthKeywordParams } from './authorization.ts';

/** SIPp's parameter spellings; the parser lower-cases names. */
const NAMES: Readonly<Record<string, string>> = {
  username: 'username',
  password: 'password',
  aka_k: 'aka_K',
  aka_op: 'aka_OP',
  aka_amf: 'aka_AMF',
};

export interface AuthKeywordInText {
  /** Index of the `[` and of the char after the closing `]`. */
  readonly start: number;
  readonly end: number;
  readonly params: AuthKeywordParams;
}

/** The first `[authentication ...]` in `text`, or undefined. */
export function findAuthenticationKeyword(text: string): AuthKeywordInText | undefined {
  const start = text.indexOf('[authentication');
  if (start === -1) return undefined;
  const nameEnd = start + '[authentication'.length;
  if (nameEnd < text.length && !/[\s\]]/.test(text[nameEnd])) return undefined;
  let i = nameEnd;
  while (i < text.length && text[i] !== ']') {
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) return undefined;
      i = close;
    }
    i++;
  }
  if (i >= text.length) return undefined;
  const params: Record<string, string> = {};
  const [parsed] = parseAuthChallenges([text.slice(start + 1, i)]);
  for (const [name, value] of parsed?.params ?? []) {
    if (Object.hasOwn(NAMES, name)) params[NAMES[name]] = value;
  }
  return { start, end: i + 1, params };
}
