/**
 * Prepares scenario XML for saxes and maps parser offsets back to the user's file.
 *
 * Two rewrites happen before parsing: CRLF / lone CR become LF (what any XML parser does, done here
 * so offsets stay simple), and a bare `&` that does not start an entity becomes `&amp;`, because
 * SIPp's own parser tolerates it (`<log message="a & b"/>` loads in SIPp) while XML forbids it.
 * CDATA sections, comments, processing instructions and the DOCTYPE are left untouched: an `&`
 * inside a message body must reach the wire as is.
 */

const ENTITY_AFTER_AMP = /^(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][A-Za-z0-9_.:-]*);/;

/** Sections copied verbatim: opener → closer. */
const VERBATIM: ReadonlyArray<readonly [string, string]> = [
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
  ['<?', '?>'],
];

export class XmlSource {
  /** Text handed to saxes. */
  readonly prepared: string;
  /** Offsets (in `prepared`) where 4 extra characters (`amp;`) were inserted, ascending. */
  private readonly insertions: number[];
  /** Offset of each line start in the newline-normalised original text. */
  private readonly lineStarts: number[];

  constructor(readonly file: string, xml: string) {
    const normalized = xml.replace(/\r\n?/g, '\n');
    this.lineStarts = [0];
    for (let i = normalized.indexOf('\n'); i !== -1; i = normalized.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1);
    }
    const { text, insertions } = escapeBareAmpersands(normalized);
    this.prepared = text;
    this.insertions = insertions;
  }

  /** 1-based line and column in the user's file of an offset into `prepared`. */
  locate(preparedOffset: number): { line: number; column: number } {
    let shift = 0;
    for (const at of this.insertions) {
      if (at >= preparedOffset) break;
      shift += Math.min(4, preparedOffset - at);
    }
    const offset = Math.max(0, preparedOffset - shift);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
}

function escapeBareAmpersands(xml: string): { text: string; insertions: number[] } {
  const out: string[] = [];
  const insertions: number[] = [];
  let outLength = 0;
  let copiedUpTo = 0;
  const emit = (chunk: string): void => {
    out.push(chunk);
    outLength += chunk.length;
  };
  let i = 0;
  while (i < xml.length) {
    const ch = xml[i];
    if (ch === '<') {
      const end = verbatimEnd(xml, i);
      if (end > i) {
        i = end;
        continue;
      }
    } else if (ch === '&' && !ENTITY_AFTER_AMP.test(xml.slice(i + 1, i + 40))) {
      emit(xml.slice(copiedUpTo, i + 1));
      insertions.push(outLength);
      emit('amp;');
      copiedUpTo = i + 1;
    }
    i++;
  }
  emit(xml.slice(copiedUpTo));
  return { text: out.join(''), insertions };
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
