/**
 * The keyword catalog: `[name]` text → KeywordSpec, decided once at load time. Lookup order is
 * SIPp's (message.cpp): fixed keywords, `field*`, `file*`, `$var`, `fill*`, `last_*`,
 * `authentication*`, then `-key` keywords; anything else is an unknown keyword.
 */
import type { ErrorCode } from '../errors.ts';
import { parseAkaKey } from '../auth/index.ts';
import { didYouMean } from '../did-you-mean.ts';
import { findKeywordEnd, parseKeywordText, type KeywordText } from './keyword-syntax.ts';
import type { KeywordSpec } from './keyword-spec.ts';
import { CALL_KEYWORDS } from './keywords-call.ts';
import {
  lastHeaderKeyword,
  RECEIVED_KEYWORDS,
  userKeyword,
  variableKeyword,
} from './keywords-received.ts';
import { RUN_KEYWORDS } from './keywords-run.ts';
import { fieldKeyword, USER_KEYWORDS } from './keywords-injection.ts';
import { srtpCryptoKeyword } from './keywords-srtp.ts';
import { WEBRTC_KEYWORDS } from './keywords-webrtc.ts';

export type { KeywordSpec } from './keyword-spec.ts';

/** Keywords taking no parameters, by exact name. */
export const FIXED_KEYWORDS: Readonly<Record<string, KeywordSpec>> = {
  ...RUN_KEYWORDS,
  ...CALL_KEYWORDS,
  ...RECEIVED_KEYWORDS,
  ...USER_KEYWORDS,
  ...WEBRTC_KEYWORDS,
};

/** SIPp 3.6.1 keywords (exact names) Gossipper does not implement yet. */
const UNAVAILABLE_EXACT = new Set(['tdmmap']);
/** SIPp knows these by prefix: `[file name=x]`, `[fill ...]`. */
const UNAVAILABLE_PREFIXES = ['file', 'fill'];
/** `[authentication]` parameters (SIPp's, message.cpp). */
const AUTH_PARAMS = ['username', 'password', 'aka_K', 'aka_OP', 'aka_AMF'];
const AKA_KEY_BYTES: ReadonlyArray<[string, number]> = [
  ['aka_K', 16],
  ['aka_OP', 16],
  ['aka_AMF', 2],
];
/** Rendered empty, then filled from the finished message (template.ts, src/auth). */
const AUTHENTICATION: KeywordSpec = { resolve: () => '', isAuth: true };

export type KeywordLookup =
  { readonly spec: KeywordSpec } | { readonly error: string; readonly code: ErrorCode };

/** Resolves one parsed keyword; `userKeywords` are the `-key` names known for this run. */
export function lookupKeyword(kw: KeywordText, userKeywords: ReadonlySet<string>): KeywordLookup {
  const { name, full } = kw;
  const fixed = Object.hasOwn(FIXED_KEYWORDS, name) ? FIXED_KEYWORDS[name] : undefined;
  if (fixed) {
    if (full !== name)
      return { error: `keyword [${name}] takes no parameters`, code: 'SCENARIO_INVALID' };
    return { spec: fixed };
  }
  if (UNAVAILABLE_EXACT.has(full)) return unavailable(full);
  if (name.startsWith('$')) return variable(name.slice(1));
  if (name.startsWith('last_')) {
    const header = name.slice('last_'.length).replace(/:$/, '');
    if (header === '')
      return { error: `keyword [${name}] names no header`, code: 'SCENARIO_INVALID' };
    return { spec: lastHeaderKeyword(header) };
  }
  if (name.startsWith('field')) {
    const field = fieldKeyword(kw, (text) => checkKeywordsIn(text, userKeywords));
    return 'error' in field ? { error: field.error, code: 'SCENARIO_INVALID' } : field;
  }
  if (name === 'authentication') return authentication(kw);
  if (name === 'srtp_crypto') return srtpCryptoKeyword(kw);
  const prefix = UNAVAILABLE_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) return unavailable(prefix);
  if (userKeywords.has(full)) return { spec: userKeyword(full) };
  const known = [...Object.keys(FIXED_KEYWORDS), ...userKeywords];
  return {
    error: `unknown keyword [${full}]${didYouMean(name, known)}`,
    code: 'KEYWORD_UNKNOWN',
  };
}

/** The first problem with a keyword inside `text` (a `line=` expression), else undefined. */
function checkKeywordsIn(text: string, userKeywords: ReadonlySet<string>): string | undefined {
  for (let open = text.indexOf('['); open !== -1; open = text.indexOf('[', open + 1)) {
    const close = findKeywordEnd(text, open + 1, ']');
    if (close === -1) return `unterminated keyword "${text.slice(open)}"`;
    const found = lookupKeyword(parseKeywordText(text.slice(open + 1, close)), userKeywords);
    if ('error' in found) return found.error;
    open = close;
  }
  return undefined;
}

function unavailable(name: string): KeywordLookup {
  return { error: `keyword [${name}] is not available in this version`, code: 'SCENARIO_INVALID' };
}

function variable(varName: string): KeywordLookup {
  if (varName === '' || /[$,]/.test(varName)) {
    const error = `[$${varName}]: variable names must be non-empty and may not contain "$" or ","`;
    return { error, code: 'SCENARIO_INVALID' };
  }
  return { spec: variableKeyword(varName) };
}

/** `[authentication ...]`: a misspelt parameter would silently fall back to a default. */
function authentication(kw: KeywordText): KeywordLookup {
  for (const p of Object.keys(kw.params)) {
    if (!AUTH_PARAMS.includes(p)) {
      const error = `[authentication]: unknown parameter "${p}"${didYouMean(p, AUTH_PARAMS)}`;
      return { error, code: 'SCENARIO_INVALID' };
    }
  }
  // A literal AKA key of the wrong size can never authenticate (sipp pads or cuts it in
  // silence): refused at load. One with a keyword in it is checked when the call renders it.
  for (const [p, bytes] of AKA_KEY_BYTES) {
    const v = kw.params[p];
    if (v === undefined || v.includes('[') || parseAkaKey(v, bytes) !== undefined) continue;
    const error =
      `[authentication]: ${p}="${v}" is not a ${bytes}-byte key` +
      ` (give 0x and ${bytes * 2} hex digits, or ${bytes} characters)`;
    return { error, code: 'SCENARIO_INVALID' };
  }
  return { spec: AUTHENTICATION };
}
