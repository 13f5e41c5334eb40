/**
 * Splitting a shell line into words and quoting words back for `show`: POSIX sh's rules cut
 * down to what a flag value needs (single quotes, double quotes, backslash), so a line shown
 * by `show` pastes into a real shell and reads back the same.
 */
import { GossipperError } from '../errors.ts';

/** The words of one line; a quote left open is an error rather than a guess. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === ' ' || ch === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (ch === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== undefined) {
    throw new GossipperError('SHELL_INPUT', `unterminated ${quote} quote in: ${line}`);
  }
  if (word !== undefined) words.push(word);
  return words;
}

// Characters a POSIX shell reads literally outside quotes.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A word as a POSIX shell would need it typed: bare when safe, else in single quotes. */
export function quoteWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
