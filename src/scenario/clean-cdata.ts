/**
 * SIPp's `clean_cdata` (scenario.cpp), done line by line so each cleaned line can still be traced
 * back to its place in the XML file for error messages.
 *
 * Rules, in SIPp's order: drop spaces, tabs and newlines before the first and after the last
 * visible character (counting the trailing newlines dropped); strip leading spaces, trailing
 * spaces, leading tabs, then trailing tabs of every line (so "  \t x" keeps nothing but "\t x"
 * becomes "x" while " \t x" keeps the space after the tab, exactly as SIPp's passes do); append an
 * empty line when there is none (end of headers, no body); if trailing newlines were dropped and
 * the text has a body, put back one newline so the body ends with CRLF on the wire.
 */

export interface CleanedLine {
  readonly text: string;
  /** 0-based line within the raw CDATA text. */
  readonly rawLine: number;
  /** How many characters were stripped from the start of the raw line. */
  readonly rawColumnShift: number;
}

export interface CleanedCdata {
  /** Cleaned text, `\n` line ends (CRLF conversion happens when the template is compiled). */
  readonly text: string;
  /** One entry per `\n`-separated line of `text`. */
  readonly lines: readonly CleanedLine[];
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n';

/** Returns undefined when the CDATA holds nothing but whitespace. */
export function cleanCdata(raw: string): CleanedCdata | undefined {
  let start = 0;
  while (start < raw.length && isBlank(raw[start])) start++;
  let end = raw.length;
  let removedNewlines = 0;
  while (end > start && isBlank(raw[end - 1])) {
    if (raw[end - 1] === '\n') removedNewlines++;
    end--;
  }
  if (end === start) return undefined;

  const skipped = raw.slice(0, start);
  let rawLine = (skipped.match(/\n/g) ?? []).length;
  const firstShift = start - (skipped.lastIndexOf('\n') + 1);
  const lines: CleanedLine[] = [];
  const rawLines = raw.slice(start, end).split('\n');
  rawLines.forEach((line, i) => {
    const { text, shift } = cleanLine(line, i === 0);
    lines.push({ text, rawLine: rawLine++, rawColumnShift: i === 0 ? firstShift + shift : shift });
  });

  let text = lines.map((l) => l.text).join('\n');
  if (!text.includes('\n\n')) {
    text += '\n\n';
    lines.push({ text: '', rawLine, rawColumnShift: 0 }, { text: '', rawLine, rawColumnShift: 0 });
  } else if (removedNewlines > 0) {
    text += '\n';
    lines.push({ text: '', rawLine, rawColumnShift: 0 });
  }
  return { text, lines };
}

function cleanLine(line: string, isFirst: boolean): { text: string; shift: number } {
  let text = line;
  let shift = 0;
  const dropLeading = (ch: string): void => {
    let n = 0;
    while (n < text.length && text[n] === ch) n++;
    text = text.slice(n);
    shift += n;
  };
  const dropTrailing = (ch: string): void => {
    let n = text.length;
    while (n > 0 && text[n - 1] === ch) n--;
    text = text.slice(0, n);
  };
  if (!isFirst) dropLeading(' ');
  dropTrailing(' ');
  if (!isFirst) dropLeading('\t');
  dropTrailing('\t');
  return { text, shift };
}
