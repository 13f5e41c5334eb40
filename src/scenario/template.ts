/**
 * `<send>` bodies: compiled once at load into literal Buffers and keyword slots, rendered per
 * message into exactly one Buffer (hot path: measure, allocate once, copy).
 *
 * Text convention: templates and keyword values are binary strings — one char per byte, as
 * src/sip decodes received messages (latin1) — so bytes from the XML file and from the peer reach
 * the wire unchanged. A template string holding chars above U+00FF (only possible when XML comes
 * from a JS string, not from a file) is taken as Unicode and UTF-8 encoded.
 */
import { Buffer } from 'node:buffer';
import { fillAuthorization, findAuthenticationKeyword } from '../auth/index.ts';
import { GossipperError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import { cleanCdata, type CleanedLine } from './clean-cdata.ts';
import { KeywordBuffer } from './keyword-buffer.ts';
import { findKeywordEnd, parseKeywordText } from './keyword-syntax.ts';
import { lookupKeyword, type KeywordSpec } from './keywords.ts';
import type { KeywordSlot, KeywordSource, SourcePos, Template } from './model.ts';
import { scenarioErrorAt } from './scenario-error.ts';

export interface CompileTemplateOptions {
  /** Position of the first character of the raw CDATA text (for error messages). */
  readonly origin?: SourcePos;
  /** Element named in error messages; default `send`. */
  readonly element?: string;
  /** `-key` names defined for this run. */
  readonly userKeywords?: ReadonlySet<string>;
}

/** A slot plus the render-time flag the model's KeywordSlot does not carry. */
interface CompiledSlot extends KeywordSlot {
  readonly swallowsLineBreak: boolean;
  /** Header name for `[last_Name:]` (copied from the message's bytes when possible), else ''. */
  readonly lastHeader: string;
  /** `[authentication]`: rendered empty, filled in once the whole message is laid out. */
  readonly isAuth: boolean;
  /**
   * `[fieldN]`: an injection-file field may hold `[authentication ...]` (SIPp's per-user
   * credentials), which is cut from the value and filled in like the keyword itself.
   */
  readonly isField: boolean;
}

const NO_KEYWORDS: ReadonlySet<string> = new Set();
const DEFAULT_ORIGIN: SourcePos = { file: '<template>', line: 1, column: 1 };
const MEDIA_LINE = /audio|video|image/;

/** Compiles CDATA text with SIPp's clean_cdata rules; throws ScenarioError on any problem. */
export function compileTemplate(cdata: string, options: CompileTemplateOptions = {}): Template {
  const ctx = compileContext(options);
  const cleaned = cleanCdata(asBinary(cdata));
  if (!cleaned) return ctx.fail(ctx.origin, 'empty message: the CDATA holds no text');
  const parts = compileLines(cleaned.lines, ctx);
  return describeFirstLine(parts, cleaned.lines[0], ctx.posOf(cleaned.lines[0], 0), ctx.fail);
}

/**
 * Compiles a keyword-bearing text that is not a SIP message — an action's `message` or `value`
 * (SIPp's SendingMessage with skip_sanity): no cleaning, no first-line rule, `\n` still → CRLF.
 */
export function compileKeywordText(text: string, options: CompileTemplateOptions = {}): Template {
  const ctx = compileContext(options);
  const lines = asBinary(text)
    .split('\n')
    .map((line, rawLine) => ({ text: line, rawLine, rawColumnShift: 0 }));
  return {
    parts: compileLines(lines, ctx),
    firstLine: '',
    isRequest: false,
    method: '',
    statusCode: 0,
  };
}

interface CompileContext {
  readonly origin: SourcePos;
  readonly userKeywords: ReadonlySet<string>;
  readonly fail: (pos: SourcePos, what: string, code?: ErrorCode) => never;
  readonly posOf: (line: CleanedLine, col: number) => SourcePos;
}

function compileContext(options: CompileTemplateOptions): CompileContext {
  const origin = options.origin ?? DEFAULT_ORIGIN;
  const element = options.element ?? 'send';
  return {
    origin,
    userKeywords: options.userKeywords ?? NO_KEYWORDS,
    fail: (pos, what, code) => {
      throw scenarioErrorAt(pos, element, what, undefined, code);
    },
    posOf: (line, col) =>
      line.rawLine === 0
        ? {
            file: origin.file,
            line: origin.line,
            column: origin.column + line.rawColumnShift + col,
          }
        : {
            file: origin.file,
            line: origin.line + line.rawLine,
            column: 1 + line.rawColumnShift + col,
          },
  };
}

/** Chars above U+00FF cannot be bytes: such text is Unicode, sent as UTF-8. */
function asBinary(text: string): string {
  return /[^\x00-\xff]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/** Literal runs become Buffers, `[keywords]` become slots; lines are joined with CRLF. */
function compileLines(
  lines: readonly CleanedLine[],
  ctx: CompileContext,
): Array<Buffer | KeywordSlot> {
  const { fail, posOf } = ctx;
  const parts: Array<Buffer | KeywordSlot> = [];
  const keywordBuffer = new KeywordBuffer();
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push(Buffer.from(literal, 'latin1'));
    literal = '';
  };
  const emitKeyword = (line: CleanedLine, at: number, inner: string): void => {
    const kw = parseKeywordText(inner);
    keywordBuffer.noteKeyword(inner, kw.full.length);
    const found = lookupKeyword(kw, ctx.userKeywords);
    if ('error' in found) return fail(posOf(line, at), found.error, found.code);
    if (found.spec.isMediaPort && !MEDIA_LINE.test(line.text)) {
      // sipp 3.6.1 loads this and stops with exit 255 when it first renders the message
      // ("media_port keyword with no audio or video on the current line"); refused here before
      // traffic, with SIPp's exit status.
      fail(
        posOf(line, at),
        `[${kw.name}] is only allowed on a line containing audio, video or image`,
        'RUN_FATAL',
      );
    }
    flush();
    parts.push(makeSlot(kw.name, kw.offset, kw.params, at === 0, found.spec));
  };
  let li = 0;
  let j = 0;
  while (li < lines.length) {
    const line = lines[li];
    const t = line.text;
    if (j >= t.length) {
      if (li < lines.length - 1) literal += '\r\n';
      li++;
      j = 0;
      continue;
    }
    const ch = t[j];
    if (ch === '\\' && t[j + 1] === 'x') {
      // `\xHH` emits one raw byte (e.g. `\x5b` for a literal `[`). sipp 3.6.1's quirks kept
      // (seen in its traces): one hex digit makes a byte too, and the character after it is
      // swallowed (`\x4G` is byte 4); with no hex digit, `\x` and the next character vanish.
      const hasDigit = isHex(t[j + 2]);
      if (hasDigit) {
        const digits = isHex(t[j + 3]) ? 2 : 1;
        literal += String.fromCharCode(parseInt(t.slice(j + 2, j + 2 + digits), 16));
      }
      j = Math.min(j + (hasDigit ? 4 : 3), t.length);
    } else if (ch === '[') {
      const close = findKeywordEnd(t, j + 1, ']');
      const reopen = findKeywordEnd(t, j + 1, '[');
      if (close !== -1 && (reopen === -1 || reopen > close)) {
        if (close === j + 1)
          fail(posOf(line, j), 'empty keyword "[]" (write \\x5b for a literal "[")');
        emitKeyword(line, j, t.slice(j + 1, close));
        j = close + 1;
      } else {
        const next = reopenedKeyword(lines, li, j, ctx);
        const kwLine = lines[next.line];
        // SIPp prints the copied text before it parses the keyword into the same buffer.
        const copied = keywordBuffer.reopenLiteral(next.skipped);
        emitKeyword(kwLine, next.start - 1, kwLine.text.slice(next.start, next.end));
        literal += copied;
        li = next.line;
        j = next.end + 1;
      }
    } else {
      literal += ch;
      j++;
    }
  }
  flush();
  return parts;
}

/** Where SIPp 3.6.1 finds the keyword for a `[` that another `[` follows (see KeywordBuffer). */
interface ReopenedKeyword {
  /** Text from the first `[` up to the second, lines joined by a bare LF as SIPp copies it. */
  readonly skipped: string;
  readonly line: number;
  /** The keyword's text is `lines[line].text.slice(start, end)`; `]` is at `end`. */
  readonly start: number;
  readonly end: number;
}

function reopenedKeyword(
  lines: readonly CleanedLine[],
  li: number,
  j: number,
  ctx: CompileContext,
): ReopenedKeyword {
  const line = lines[li];
  const rest = [line.text.slice(j + 1), ...lines.slice(li + 1).map((l) => l.text)].join('\n');
  const close = findKeywordEnd(rest, 0, ']');
  const reopen = findKeywordEnd(rest, 0, '[');
  const syntax = `unterminated keyword "${line.text.slice(j, j + 30)}" (write \\x5b for a literal "[")`;
  if (close === -1 || reopen === -1 || reopen > close) return ctx.fail(ctx.posOf(line, j), syntax);
  const skipped = '[' + rest.slice(0, reopen);
  const inner = rest.slice(reopen + 1, close);
  if (inner === '' || inner.includes('\n') || skipped.length > KeywordBuffer.maxLength) {
    return ctx.fail(ctx.posOf(line, j), syntax);
  }
  const before = rest.slice(0, reopen + 1);
  const crossed = before.split('\n').length - 1;
  const start = crossed === 0 ? j + 1 + reopen + 1 : before.length - before.lastIndexOf('\n') - 1;
  return { skipped, line: li + crossed, start, end: start + inner.length };
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function makeSlot(
  name: string,
  offset: number,
  params: Readonly<Record<string, string>>,
  atLineStart: boolean,
  spec: KeywordSpec,
): CompiledSlot {
  return {
    name,
    offset,
    params,
    atLineStart,
    isLen: spec.isLen === true,
    resolve: spec.resolve,
    swallowsLineBreak: spec.swallowsLineBreak === true,
    lastHeader: spec.lastHeader ?? '',
    isAuth: spec.isAuth === true,
    isField: name.startsWith('field'),
  };
}

/** SIPp's sanity rule: the method or `SIP/2.0 <code>` must be literal text (keeps [cseq] right). */
function describeFirstLine(
  parts: ReadonlyArray<Buffer | KeywordSlot>,
  first: CleanedLine,
  pos: SourcePos,
  fail: (pos: SourcePos, what: string) => never,
): Template {
  const head = parts[0];
  const headText = head instanceof Uint8Array ? head.toString('latin1') : '';
  const space = headText.indexOf(' ');
  if (space <= 0 || headText.slice(0, space).includes('\r')) {
    return fail(
      pos,
      'a keyword cannot stand for the method or "SIP/2.0": the first line must start with literal text',
    );
  }
  const word = headText.slice(0, space);
  const base = { parts, firstLine: first.text };
  if (word !== 'SIP/2.0') return { ...base, isRequest: true, method: word, statusCode: 0 };
  const m = /^\s*([0-9]*)(.?)/.exec(headText.slice(space + 1)) as RegExpExecArray;
  if (m[1] === '' || (m[2] !== '' && !/\s/.test(m[2])))
    return fail(pos, `invalid response code in "${first.text}"`);
  const statusCode = Number(m[1]);
  if (statusCode < 100 || statusCode > 699)
    return fail(pos, `response code ${statusCode} is outside 100-699`);
  return { ...base, isRequest: false, method: '', statusCode };
}

// ----------------------------------------------------------------------------- rendering

function isLiteral(part: Buffer | KeywordSlot): part is Buffer {
  return part instanceof Uint8Array;
}

/** SIPp skips C isspace() bytes after a swallowing keyword. */
function isSpaceByte(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const LEN_WIDTH = 5;
/** Below this length a JS byte loop beats the call into C++ that Buffer.write makes. */
const NATIVE_WRITE_MIN = 64;

/** Writes a binary string (one char per byte) at `at`; returns the bytes written. */
function writeBinary(out: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n >= NATIVE_WRITE_MIN) return out.write(s, at, n, 'latin1');
  for (let i = 0; i < n; i++) out[at + i] = s.charCodeAt(i);
  return n;
}

/**
 * Renders compiled templates, one message at a time. It owns the per-part scratch that a
 * render fills and empties again (a fresh array per message was measurable garbage), so one
 * renderer serves one engine; the scratch is only correct because a render is never re-entered
 * (keyword resolvers do not render), and a render that is re-entered throws instead.
 */
export class TemplateRenderer {
  /** Per part: the value for slots, or the number of leading bytes skipped for literals. */
  private values: Array<string | number> = new Array<string | number>(64).fill(0);
  /** Per part: a `[last_Name:]` line's span in the last message (headerLineSpan), else -1. */
  private spans: number[] = new Array<number>(64).fill(-1);
  /** Set by rawLine: the span (SipMessage.headerLineSpan) of the line it found. */
  private lastSpan = -1;
  private isRendering = false;

  /**
   * Renders one message. `[len]` is the byte count after the first CRLFCRLF (0 when there is no
   * body, offset then ignored, as in SIPp), printed `%5u`.
   */
  render(t: Template, src: KeywordSource): Buffer {
    if (this.isRendering) {
      throw new GossipperError(
        'RUN_FATAL',
        'a message render was re-entered (a keyword resolver rendered a message): ' +
          'its scratch would be overwritten',
        'render nested messages with a renderer of their own',
      );
    }
    this.isRendering = true;
    try {
      return this.renderOnce(t, src);
    } finally {
      this.isRendering = false;
    }
  }

  private renderOnce(t: Template, src: KeywordSource): Buffer {
    const parts = t.parts;
    const n = parts.length;
    if (this.values.length < n) {
      this.values = new Array<string | number>(n).fill(0);
      this.spans = new Array<number>(n).fill(-1);
    }
    const values = this.values;
    const spans = this.spans;
    // The message `[last_*]` spans point into (all of them read the same one).
    let lastRaw: Buffer | null = null;
    let found: Buffer | null;
    let total = 0;
    let lastByte = -1;
    let suppress = false;
    let lenPart = -1;
    // `[authentication]`: its parameters and the byte offset where its line goes.
    let authParams: Readonly<Record<string, string>> | null = null;
    let authAt = 0;
    for (let i = 0; i < n; i++) {
      const part = parts[i];
      if (isLiteral(part)) {
        let skip = 0;
        if (suppress) {
          while (skip < part.length && isSpaceByte(part[skip])) skip++;
          suppress = false;
        }
        values[i] = skip;
        total += part.length - skip;
        if (part.length > skip) lastByte = part[part.length - 1];
        continue;
      }
      const slot = part as CompiledSlot;
      values[i] = '';
      spans[i] = -1;
      if (slot.isLen) {
        lenPart = i;
        total += LEN_WIDTH;
        lastByte = 0x20;
      } else if (slot.isAuth) {
        // Bytes so far = where the line goes; it renders empty until fillAuthorization.
        authParams = slot.params;
        authAt = total;
      } else if (slot.lastHeader !== '' && (found = this.rawLine(src, slot.lastHeader)) !== null) {
        // A header line ends before its CRLF, so it never triggers the line-swallow rule.
        lastRaw = found;
        const span = this.lastSpan;
        spans[i] = span;
        total += span & 0xffff;
        lastByte = found[(span >>> 16) + (span & 0xffff) - 1];
      } else {
        let value = slot.resolve(src, slot);
        let holdsAuth = false;
        if (slot.isField && authParams === null) {
          const auth = findAuthenticationKeyword(value);
          if (auth !== undefined) {
            authParams = auth.params;
            authAt = total + auth.start;
            value = value.slice(0, auth.start) + value.slice(auth.end);
            holdsAuth = true;
          }
        }
        values[i] = value;
        total += value.length;
        if (value.length > 0) lastByte = value.charCodeAt(value.length - 1) & 0xff;
        // A field that held the credentials keeps its line: the header goes there.
        if (slot.swallowsLineBreak && lastByte === 0x0a && !holdsAuth) suppress = true;
      }
    }

    const out = Buffer.allocUnsafe(total);
    let at = 0;
    let lenAt = -1;
    for (let i = 0; i < n; i++) {
      const part = parts[i];
      const v = values[i];
      if (isLiteral(part)) {
        // set() of the whole chunk avoids the view copy() makes; only a trimmed chunk needs one.
        if (v === 0) {
          out.set(part, at);
          at += part.length;
        } else {
          at += part.copy(out, at, v as number);
        }
      } else if (spans[i] >= 0) {
        at += copyRaw(lastRaw as Buffer, spans[i], out, at);
        spans[i] = -1;
      } else if ((part as CompiledSlot).isLen) {
        // Every [len] is five blanks (the CRLFCRLF search below must not see pool garbage in
        // them); only the last one, at the final lenAt, is filled, as SIPp 3.6.1 does.
        lenAt = at;
        for (let k = 0; k < LEN_WIDTH; k++) out[at++] = 0x20;
      } else {
        at += writeBinary(out, v as string, at);
      }
    }
    // Drop the strings so a long value is not kept alive by the scratch array.
    for (let i = 0; i < n; i++) values[i] = 0;
    let msg: Buffer = out;
    if (authParams !== null) {
      // Last but [len]: it signs the method, Request-URI and body exactly as they are sent.
      const filled = fillAuthorization(out, authAt, authParams, src);
      msg = filled.msg;
      if (lenAt > authAt) lenAt += filled.shift;
    }
    if (lenAt === -1) return msg;
    return fillLength(msg, lenAt, (parts[lenPart] as KeywordSlot).offset);
  }

  /**
   * The last message's bytes when its `name` line can be copied from them as they are (the span
   * goes to lastSpan), else null: the keyword is then resolved to a string.
   */
  private rawLine(src: KeywordSource, name: string): Buffer | null {
    const msg = src.lastMessage;
    if (msg === null) return null;
    this.lastSpan = msg.headerLineSpan(name);
    return this.lastSpan < 0 ? null : msg.raw;
  }
}

/** Renders one message on a renderer of its own: for one-off renders and tests, not per call. */
export function renderTemplate(t: Template, src: KeywordSource): Buffer {
  return new TemplateRenderer().render(t, src);
}

function copyRaw(raw: Buffer, span: number, out: Buffer, at: number): number {
  const start = span >>> 16;
  const length = span & 0xffff;
  if (length >= NATIVE_WRITE_MIN) {
    out.set(raw.subarray(start, start + length), at);
  } else {
    for (let k = 0; k < length; k++) out[at + k] = raw[start + k];
  }
  return length;
}

function fillLength(out: Buffer, lenAt: number, offset: number): Buffer {
  const headerEnd = out.indexOf(CRLFCRLF);
  const bodyLength = headerEnd === -1 ? 0 : out.length - headerEnd - CRLFCRLF.length;
  const value = bodyLength > 0 ? Math.max(0, bodyLength + offset) : 0;
  const text = String(value).padStart(LEN_WIDTH, ' ');
  if (text.length === LEN_WIDTH) {
    out.write(text, lenAt, 'latin1');
    return out;
  }
  // Only a body of 100000+ bytes gets here: widen the field instead of overwriting bytes.
  return Buffer.concat([
    out.subarray(0, lenAt),
    Buffer.from(text, 'latin1'),
    out.subarray(lenAt + LEN_WIDTH),
  ]);
}
