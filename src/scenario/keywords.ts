/**
 * The keyword catalog: `[name]` text → KeywordSpec, decided once at load time. Lookup order is
 * SIPp's (message.cpp): fixed keywords, `field*`, `file*`, `$var`, `fill*`, `last_*`,
 * `authentication*`, then `-key` keywords; anything else is an unknown keyword.
 */
import type { ErrorCode } from '../errors.ts';
import { didYouMean } from '../did-you-mean.ts';
import type { KeywordText } from './keyword-syntax.ts';
import type { KeywordSpec } from './keyword-spec.ts';
import { CALL_KEYWORDS } from './keywords-call.ts';
import {
  lastHeaderKeyword,
  RECEIVED_KEYWORDS,
  userKeyword,
  variableKeyword,
} from './keywords-received.ts';
import { RUN_KEYWORDS } from './keywords-run.ts';

export type { KeywordSpec } from './keyword-spec.ts';

/** Keywords taking no parameters, by exact name. */
export const FIXED_KEYWORDS: Readonly<Record<string, KeywordSpec>> = {
  ...RUN_KEYWORDS,
  ...CALL_KEYWORDS,
  ...RECEIVED_KEYWORDS,
};

/** SIPp 3.6.1 keywords (exact names) Gossipper does not implement yet. */
const UNAVAILABLE_EXACT = new Set([
  'server_ip',
  'tdmmap',
  'users',
  'userid',
  'dynamic_id',
  'rtpstream_audio_port',
  'rtpstream_video_port',
]);
/** SIPp knows these by prefix: `[field0]`, `[file name=x]`, `[fill ...]`, `[authentication]`. */
const UNAVAILABLE_PREFIXES = ['field', 'file', 'fill', 'authentication'];

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
  const prefix = UNAVAILABLE_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) return unavailable(prefix === 'field' ? name : prefix);
  if (userKeywords.has(full)) return { spec: userKeyword(full) };
  const known = [...Object.keys(FIXED_KEYWORDS), ...userKeywords];
  return {
    error: `unknown keyword [${full}]${didYouMean(name, known)}`,
    code: 'KEYWORD_UNKNOWN',
  };
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
