/**
 * Prepares scenario XML for saxes and maps parser offsets back to the user's file.
 *
 * Two rewrites happen before parsing: CRLF / lone CR become LF (what any XML parser does, done here
 * so offsets stay simple), and a bare `&` that does not start an entity becomes `&amp;`, because
 * SIPp's own parser tolerates it (`<log message="a & b"/>` loads in SIPp) while XML forbids it.
 * CDATA sections, comments, processing instructions and the DOCTYPE are left untouched: an `&`
 * inside a message body must reach the wire as is.
 *
 * Two more things SIPp's parser takes that XML does not (both checked with sipp 3.6.1) are made
 * acceptable here, each with a warning: an attribute value opened with `'` but closed with `"`
 * (SIPp skips whatever character opens a value and reads up to the next `"`), rewritten to `"`;
 * and a comment never closed, where SIPp ignores the rest of the file: the text is cut there and
 * the parser closes whatever elements are still open. Both rewrites keep offsets unchanged.
 */

import { ESCAPED_QUOTE_PLACEHOLDER, LESS_THAN_PLACEHOLDER } from './attribute-escapes.ts';

const ENTITY_AFTER_AMP = /^(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][A-Za-z0-9_.:-]*);/;

/** What may follow the quote that closes an attribute value. */
const ENDS_VALUE = /[\s/>?]/;

/** Sections copied verbatim: opener → closer. */
const VERBATIM: ReadonlyArray<readonly [string, string]> = [
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
  ['<?', '?>'],
];

/**
 * Where `locate` got to: `prepared[preparedOffset]` is `normalized[offset]`, on line `line`. The
 * next `&` and newline are kept too, so a long line without either is searched once, not on
 * every call.
 */
interface Cursor {
  /** The offset last asked for; an earlier one starts again from the top. */
  asked: number;
  preparedOffset: number;
  offset: number;
  nextAmp: number;
  line: number;
  lineStart: number;
  nextNewline: number;
}

/**
 * Pieces joined into one string at a time while escaping: a file of nothing but `&` would
 * otherwise hold two small strings per character until the end (1.8 GB for 16 MiB, measured).
 */
const PIECES_PER_JOIN = 4096;

export class XmlSource {
  /** Text handed to saxes. */
  readonly prepared: string;
  /** Load-time warnings about what was rewritten, each starting `file:line: `. */
  readonly warnings: string[] = [];
  /** Whether the text was cut at a comment that never closes (the open elements must be closed). */
  readonly truncated: boolean;
  /** The newline-normalised original text, where lines and columns are counted. */
  private readonly normalized: string;
  /**
   * The parser asks for positions in file order, so each `locate` walks on from the last one
   * rather than keeping a table of every line start and every inserted `amp;` (8 bytes each,
   * allocated before the first check could reject the file).
   */
  private cursor: Cursor;

  constructor(
    readonly file: string,
    xml: string,
  ) {
    this.normalized = xml.replace(/\r\n?/g, '\n');
    const prepared = prepareXml(this.normalized, (offset, what) => {
      this.warnings.push(`${file}:${lineOf(this.normalized, offset)}: ${what}`);
    });
    this.prepared = prepared.text;
    this.truncated = prepared.truncated;
    this.cursor = this.start();
  }

  /** 1-based line and column in the user's file of an offset into `prepared`. */
  locate(preparedOffset: number): { line: number; column: number } {
    if (preparedOffset < this.cursor.asked) this.cursor = this.start();
    const cursor = this.cursor;
    cursor.asked = preparedOffset;
    const offset = this.advance(cursor, preparedOffset);
    while (cursor.nextNewline < offset) {
      cursor.line++;
      cursor.lineStart = cursor.nextNewline + 1;
      cursor.nextNewline = this.find('\n', cursor.lineStart);
    }
    return { line: cursor.line, column: offset - cursor.lineStart + 1 };
  }

  private start(): Cursor {
    const [nextAmp, nextNewline] = [this.find('&', 0), this.find('\n', 0)];
    return { asked: 0, preparedOffset: 0, offset: 0, nextAmp, line: 1, lineStart: 0, nextNewline };
  }

  /** Index of the next `char` in `normalized` from `from`, or Infinity when there is none. */
  private find(char: string, from: number): number {
    const at = this.normalized.indexOf(char, from);
    return at === -1 ? Infinity : at;
  }

  /**
   * Moves the cursor towards `preparedOffset` and returns the matching offset in `normalized`.
   * The two texts differ only by `amp;` inserted after a bare `&`, so they are walked in step
   * from one `&` to the next; an offset inside an inserted `amp;` maps to just after the `&`.
   */
  private advance(cursor: Cursor, preparedOffset: number): number {
    for (;;) {
      const amp = cursor.nextAmp;
      const preparedAmp = cursor.preparedOffset + (amp - cursor.offset);
      if (preparedAmp >= preparedOffset) break;
      const isInserted =
        this.prepared.startsWith('amp;', preparedAmp + 1) &&
        !this.normalized.startsWith('amp;', amp + 1);
      if (isInserted && preparedOffset <= preparedAmp + 5) return amp + 1;
      cursor.preparedOffset = preparedAmp + (isInserted ? 5 : 1);
      cursor.offset = amp + 1;
      cursor.nextAmp = this.find('&', cursor.offset);
    }
    return cursor.offset + (preparedOffset - cursor.preparedOffset);
  }
}

type Warn = (offset: number, what: string) => void;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
  }
  return line;
}

/**
 * Escapes bare ampersands, re-quotes `'value"` attribute values and cuts the text at a comment
 * that never closes. Tracks just enough state (inside a start tag, inside a quoted value) to
 * leave text and values alone.
 */
function prepareXml(xml: string, warn: Warn): { text: string; truncated: boolean } {
  const joined: string[] = [];
  const pieces: string[] = [];
  const emit = (piece: string): void => {
    pieces.push(piece);
    if (pieces.length === PIECES_PER_JOIN) joined.push(pieces.splice(0).join(''));
  };
  let copiedUpTo = 0;
  let end = xml.length;
  let truncated = false;
  let inTag = false;
  let quote = '';
  let i = 0;
  while (i < end) {
    const ch = xml[i];
    if (quote !== '') {
      if (ch === quote) quote = '';
      else if (ch === '<') {
        // SIPp takes a `<` in a value as is; XML does not. Same length, so offsets stay.
        emit(xml.slice(copiedUpTo, i) + LESS_THAN_PLACEHOLDER);
        copiedUpTo = i + 1;
      } else if (ch === '\\' && quote === '"' && (xml[i + 1] === '"' || xml[i + 1] === '\\')) {
        // SIPp: a backslash escapes the next character, so `\"` does not end the value; the
        // quote of a `\"` is stood in for (attribute-escapes.ts), keeping every offset.
        if (xml[i + 1] === '"') {
          emit(xml.slice(copiedUpTo, i + 1) + ESCAPED_QUOTE_PLACEHOLDER);
          copiedUpTo = i + 2;
        }
        i += 2;
        continue;
      }
    } else if (inTag) {
      if (ch === '>') inTag = false;
      else if (ch === '"') quote = ch;
      else if (ch === "'") {
        quote = ch;
        // XML's reading wins when the next `'` can end the value (`'say "hi"'`).
        const close = xml.indexOf("'", i + 1);
        const dquote = xml.indexOf('"', i + 1);
        if (dquote !== -1 && (close === -1 || !ENDS_VALUE.test(xml[close + 1] ?? '>'))) {
          warn(i, `an attribute value opens with ' and closes with " (SIPp reads it; so do we)`);
          emit(xml.slice(copiedUpTo, i) + '"');
          copiedUpTo = i + 1;
          quote = '"';
        }
      }
    } else if (ch === '<') {
      if (xml.startsWith('<!--', i) && xml.indexOf('-->', i + 4) === -1) {
        warn(i, 'comment never closed: the rest of the file is ignored, as SIPp does');
        end = i;
        truncated = true;
        break;
      }
      const after = verbatimEnd(xml, i);
      if (after > i) {
        i = after;
        continue;
      }
      inTag = true;
    }
    if (ch === '&' && isBareAmpersand(xml.slice(i + 1, i + 40), quote !== '')) {
      emit(xml.slice(copiedUpTo, i + 1));
      emit('amp;');
      copiedUpTo = i + 1;
    }
    i++;
  }
  if (copiedUpTo === 0 && end === xml.length) return { text: xml, truncated };
  emit(xml.slice(copiedUpTo, end));
  return { text: joined.join('') + pieces.join(''), truncated };
}

/**
 * SIPp 3.6.1 decodes only these four entities in an attribute value; `&apos;`, `&#65;` and the
 * like reach the action as written (measured with `<log message>` and `<assignstr value>`).
 */
const SIPP_VALUE_ENTITIES = new Set(['lt;', 'gt;', 'amp;', 'quot;']);

/** Whether the `&` before `after` is text: no entity follows, or one SIPp leaves alone. */
function isBareAmpersand(after: string, inValue: boolean): boolean {
  const entity = ENTITY_AFTER_AMP.exec(after);
  if (entity === null) return true;
  return inValue && !SIPP_VALUE_ENTITIES.has(entity[0]);
}

/** End offset of a verbatim section starting at `i`, or `i` when none starts there. */
function verbatimEnd(xml: string, i: number): number {
  for (const [open, close] of VERBATIM) {
    if (xml.startsWith(open, i)) {
      const end = xml.indexOf(close, i + open.length);
      return end === -1 ? xml.length : end + close.length;
    }
  }
  if (xml.startsWith('<!DOCTYPE', i)) {
    // An internal subset `[ ... ]` may contain `>`; the declaration ends at the first `>` after it.
    let depth = 0;
    for (let j = i + 9; j < xml.length; j++) {
      if (xml[j] === '[') depth++;
      else if (xml[j] === ']') depth--;
      else if (xml[j] === '>' && depth <= 0) return j + 1;
    }
    return xml.length;
  }
  return i;
}
