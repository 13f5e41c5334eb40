/**
 * SIPp compiles `ereg` patterns with glibc's regcomp(REG_EXTENDED): POSIX extended syntax plus
 * the GNU escapes. This turns such a pattern into a JS RegExp source with the same meaning for
 * what real scenarios use. Differences handled:
 * - bracket expressions: `[[:digit:]]` and the other classes, `[[.x.]]`, `[[=x=]]`, a `]` first
 *   in the list being literal, and `\` being an ordinary character inside brackets;
 * - escapes: glibc knows `\w \W \s \S \b \B \< \> \` \'` and back-references `\1`..`\9`; any
 *   other escaped character is that character (so `\d` matches a "d", as with SIPp);
 * - `.` and `[^...]` match line breaks (no REG_NEWLINE), hence the `s` flag;
 * - a `)` that closes no group is a literal.
 * POSIX's leftmost-longest alternation is not reproduced (JS takes the first alternative).
 */

const CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
  word: '0-9A-Za-z_',
};

/** Characters that need a backslash to stand for themselves in a JS pattern. */
const JS_SPECIAL = new Set([...'\\^$.|?*+()[]{}/-']);

function literal(ch: string): string {
  return JS_SPECIAL.has(ch) ? `\\${ch}` : ch;
}

/** Thrown for a pattern regcomp would refuse; the message follows glibc's regerror texts. */
export class PosixRegexError extends Error {}

/** Reads one bracket expression starting at `src[start] === '['`; returns [jsText, nextIndex]. */
function bracket(src: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  for (;;) {
    if (i >= src.length) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=');
    const ch = src[i];
    if (ch === ']' && !first) return [out + ']', i + 1];
    first = false;
    if (ch === '[' && (src[i + 1] === ':' || src[i + 1] === '.' || src[i + 1] === '=')) {
      const kind = src[i + 1];
      const end = src.indexOf(`${kind}]`, i + 2);
      if (end < 0) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=');
      const name = src.slice(i + 2, end);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) throw new PosixRegexError('Invalid character class name');
        out += cls;
      } else {
        out += [...name].map(literal).join('');
      }
      i = end + 2;
      continue;
    }
    // `-` stays a range operator; every other character is literal inside brackets.
    out += ch === '-' ? '-' : literal(ch);
    i++;
  }
}

/** The JS RegExp source for a POSIX extended (glibc) pattern; throws PosixRegexError. */
export function posixEreToJs(src: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < src.length;) {
    const ch = src[i];
    if (ch === '[') {
      const [text, next] = bracket(src, i);
      out += text;
      i = next;
    } else if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new PosixRegexError('Trailing backslash');
      if ('wWsSbB'.includes(next) || (next >= '1' && next <= '9')) out += `\\${next}`;
      else if (next === '<') out += '\\b(?=\\w)';
      else if (next === '>') out += '\\b(?<=\\w)';
      else if (next === '`') out += '(?<![\\s\\S])';
      else if (next === "'") out += '(?![\\s\\S])';
      else out += literal(next);
      i += 2;
    } else {
      if (ch === '(') depth++;
      else if (ch === ')') {
        // glibc takes a `)` that closes nothing as a plain character.
        if (depth === 0) {
          out += '\\)';
          i++;
          continue;
        }
        depth--;
      }
      out += ch === '/' ? '\\/' : ch;
      i++;
    }
  }
  if (depth > 0) throw new PosixRegexError('Unmatched ( or \\(');
  return out;
}

/** Compiles a POSIX ERE once; the `s` flag lets `.` match CR and LF as glibc's does. */
export function compilePosixEre(src: string): RegExp {
  const js = posixEreToJs(src);
  try {
    return new RegExp(js, 's');
  } catch (err) {
    throw new PosixRegexError((err as Error).message);
  }
}
