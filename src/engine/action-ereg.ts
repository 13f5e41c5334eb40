/**
 * The `ereg` action: choose the text to search (SIPp's search_in), run the pattern compiled at
 * load time, and store the whole match and its sub-expressions in the `assign_to` variables.
 */
import type { Action } from '../scenario/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { Call } from './call.ts';

/** What an ereg found wrong under check_it / check_it_inverse, or null when all is well. */
export interface EregFailure {
  readonly cause: CounterId;
  readonly text: string;
}

/**
 * SIPp's extractSubMessage: the rest of the line after the `occurrence`-th appearance of
 * `header` anywhere in the message (case-insensitively with `caseIndep`, only at line starts
 * with `startLine`), including the space after the colon. '' when not found.
 */
export function headerRest(
  msg: string,
  header: string,
  caseIndep: boolean,
  occurrence: number,
  startLine: boolean,
): string {
  const hay = caseIndep ? msg.toLowerCase() : msg;
  const needle = caseIndep ? header.toLowerCase() : header;
  let left = occurrence;
  let at = -1;
  for (let from = 0; ; from = at + 1) {
    at = hay.indexOf(needle, from);
    if (at < 0) return '';
    if (startLine && at > 0 && hay.charCodeAt(at - 1) !== 10) continue;
    if (--left <= 0) break;
  }
  const start = at + header.length;
  let end = start;
  while (end < msg.length) {
    const c = msg.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  return msg.slice(start, end);
}

/** Body: after the first blank line (CRLF CRLF, or LF LF); undefined when there is none. */
function bodyOf(msg: string): string | undefined {
  let at = msg.indexOf('\r\n\r\n');
  if (at >= 0) return msg.slice(at + 4);
  at = msg.indexOf('\n\n');
  return at >= 0 ? msg.slice(at + 2) : undefined;
}

/**
 * Runs one ereg on `msg` (the message the command received or sent; '' for a nop or pause,
 * where SIPp has no message at all). Returns what check_it / check_it_inverse make of it.
 */
export function runEreg(call: Call, a: Action, msg: string): EregFailure | null {
  const attrs = a.attrs;
  const checkIt = attrs.check_it === 'true';
  let haystack: string;
  switch (attrs.search_in) {
    case 'hdr': {
      const occurrence = Number(attrs.occurrence ?? attrs.occurence ?? 1) || 1;
      haystack = headerRest(
        msg,
        attrs.header ?? '',
        attrs.case_indep === 'true',
        occurrence,
        attrs.start_line === 'true',
      );
      if (haystack === '' && checkIt) {
        return {
          cause: Counter.FailedRegexpHdrNotFound,
          text: `Failed regexp match: header ${attrs.header} not found in message\n${msg}`,
        };
      }
      break;
    }
    case 'body': {
      const body = bodyOf(msg);
      if (body === undefined && checkIt) {
        return {
          cause: Counter.FailedRegexpHdrNotFound,
          text: `Failed regexp match: body not found in message\n${msg}`,
        };
      }
      haystack = body ?? '';
      break;
    }
    case 'var':
      haystack = call.variable(attrs.variable ?? '');
      if (haystack === '' && checkIt) {
        return {
          cause: Counter.FailedRegexpHdrNotFound,
          text: `Failed regexp match: variable $${attrs.variable} not set`,
        };
      }
      break;
    default:
      haystack = msg;
  }
  const m = (a.regex as RegExp).exec(haystack);
  if (m !== null) {
    // Whole match, then sub-expressions; stops at the first group that took no part (SIPp's
    // rm_eo == -1), and a failed match leaves every variable as it was.
    const names = a.assignTo as ReadonlyArray<string>;
    for (let i = 0; i < names.length; i++) {
      const value = m[i];
      if (value === undefined) break;
      call.setVariable(names[i], value);
    }
  }
  if (m === null && checkIt) {
    return {
      cause: Counter.FailedRegexpDoesntMatch,
      text: `Failed regexp match: looking in '${haystack}', with regexp '${attrs.regexp}'`,
    };
  }
  if (m !== null && attrs.check_it_inverse === 'true') {
    return {
      cause: Counter.FailedRegexpShouldntMatch,
      text: `Regexp matched but should not: looking in '${haystack}', with regexp '${attrs.regexp}'`,
    };
  }
  return null;
}
