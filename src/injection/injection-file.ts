/**
 * One loaded injection file. A file of a million lines stays one Buffer plus two Uint32Arrays of
 * line bounds (8 bytes a line): a field is sliced into a string only when a template reads it.
 * Lines added or changed by `<insert>`/`<replace>` live beside the buffer as strings.
 *
 * Text convention: fields are binary strings (one char per byte), as templates are.
 */
import type { Buffer } from 'node:buffer';
import { GossipperError } from '../errors.ts';
import { parseInjectionHeader } from './injection-header.ts';
import type { InjectionHeader, InjectionMode, PrintfSettings } from './injection-header.ts';
import { formatPrintfField, printfFieldError } from './printf-field.ts';

const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const SEMICOLON = 0x3b;

/** A field asked for beyond a line's last `;` (SIPp warns and inserts nothing). */
export const NO_SUCH_FIELD = undefined;

export class InjectionFile {
  /** The key templates and actions use: the name exactly as written after `-inf`. */
  readonly name: string;
  readonly mode: InjectionMode;
  readonly printf: PrintfSettings | null;
  private readonly data: Buffer;
  /** Bounds of the data lines of the file itself: [starts[i], ends[i]) in `data`. */
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly fileLines: number;
  /** `<insert>`ed lines, numbered after the file's own. */
  private readonly inserted: string[] = [];
  /** `<replace>`d lines by number. */
  private readonly replaced = new Map<number, string>();
  /** SEQUENTIAL's next line, shared by every call. */
  private counter = 0;
  /** SEQUENTIAL's step: 1, or the shard count under `-threads` (setSequentialShard). */
  private stride = 1;
  /** `-infindex`: field text → line (the last line holding a key wins, as in SIPp). */
  private index: Map<string, number> | null = null;
  private indexField = -1;

  private constructor(name: string, data: Buffer, header: InjectionHeader, bounds: LineBounds) {
    this.name = name;
    this.data = data;
    this.mode = header.mode;
    this.printf = header.printf;
    this.starts = bounds.starts;
    this.ends = bounds.ends;
    this.fileLines = bounds.count;
  }

  /**
   * Parses a whole file: the mode line, then data lines until the first empty one; `#` lines are
   * comments. Throws GossipperError (exit 1, like SIPp) for a bad mode line or no data line.
   */
  static parse(name: string, data: Buffer): InjectionFile {
    let firstEnd = data.indexOf(LF);
    if (firstEnd === -1) firstEnd = data.length;
    const headerEnd = firstEnd > 0 && data[firstEnd - 1] === CR ? firstEnd - 1 : firstEnd;
    const header = parseInjectionHeader(data.toString('latin1', 0, headerEnd), name);
    const file = new InjectionFile(name, data, header, scanLines(data));
    if (file.fileLines === 0) {
      throw new GossipperError(
        'CONFIG_INVALID',
        `input file has zero lines: ${name}`,
        'data lines follow the mode line; the first empty line ends the file',
      );
    }
    if (file.printf !== null) file.checkPrintfFields();
    return file;
  }

  /**
   * The same file as loaded, with state of its own (counter, inserted and replaced lines, index):
   * for a trial run that must not move the real run's lines. Shares the bytes and line bounds.
   */
  fork(): InjectionFile {
    const header = { mode: this.mode, printf: this.printf };
    const bounds = { starts: this.starts, ends: this.ends, count: this.fileLines };
    const copy = new InjectionFile(this.name, this.data, header, bounds);
    if (this.index !== null) copy.buildIndex(this.indexField);
    return copy;
  }

  /** Data lines: the file's own and inserted ones (a printf file's templates). */
  get realLines(): number {
    return this.fileLines + this.inserted.length;
  }

  /** Lines a call can be given: a printf file's virtual lines, else the real ones. */
  get lineCount(): number {
    return this.printf === null ? this.realLines : this.printf.lines;
  }

  /**
   * The line a new call gets. `userId` is the call's user (users mode), `random` a draw in [0, 1)
   * from the run's Rng (asked for only in RANDOM mode). -1 = no line (USER mode without a user).
   */
  nextLine(userId: number, random: () => number): number {
    const n = this.lineCount;
    switch (this.mode) {
      case 'sequential': {
        const line = this.counter;
        this.counter = (line + this.stride) % n;
        return line < n ? line : 0;
      }
      case 'random':
        return Math.floor(random() * n);
      case 'user':
        if (userId === 0) return -1;
        if (userId - 1 >= n) throw tooFewLines(this.name, n, userId);
        return userId - 1;
    }
  }

  /**
   * Field `field` of line `line`: '' for a line that does not exist (SIPp inserts nothing and
   * says nothing), NO_SUCH_FIELD when the line has fewer fields (SIPp warns).
   */
  field(line: number, field: number): string | undefined {
    if (!(line >= 0 && line < this.lineCount)) return '';
    const real = this.printf === null ? line : line % this.realLines;
    const text = this.rawField(real, field);
    if (text === undefined || this.printf === null) return text;
    return formatPrintfField(text, this.printf.offset + line * this.printf.multiple);
  }

  /**
   * `-threads`: this shard of `count` starts at line `index` and steps by `count`, so shard i
   * takes lines i, i+count, ... (modulo the line count) and the shards share the file's lines.
   */
  setSequentialShard(index: number, count: number): void {
    const n = this.lineCount;
    this.counter = n > 0 ? index % n : 0;
    this.stride = Math.max(1, count);
  }

  /** Builds the `-infindex` map on column `field`. */
  buildIndex(field: number): void {
    this.indexField = field;
    this.index = new Map();
    for (let line = 0; line < this.lineCount; line++) this.reIndex(line);
  }

  get isIndexed(): boolean {
    return this.index !== null;
  }

  /** `<lookup>`: the line whose indexed field is `key`, -1 when none. */
  lookup(key: string): number {
    return this.index?.get(key) ?? -1;
  }

  /** `<insert>`: appends a line in memory (never to disk). */
  insert(value: string): void {
    this.refuseOnPrintf();
    this.inserted.push(value);
    this.reIndex(this.realLines - 1);
  }

  /** `<replace>`: changes line `line` in memory. */
  replace(line: number, value: string): void {
    this.refuseOnPrintf();
    if (!(Number.isInteger(line) && line >= 0 && line < this.realLines)) {
      throw new GossipperError(
        'RUN_FATAL',
        `invalid line number (${line}) for file: ${this.name} (${this.realLines} lines)`,
      );
    }
    if (this.index !== null) {
      const old = this.rawField(line, this.indexField) ?? '';
      if (this.index.get(old) === line) this.index.delete(old);
    }
    if (line < this.fileLines) this.replaced.set(line, value);
    else this.inserted[line - this.fileLines] = value;
    this.reIndex(line);
  }

  private reIndex(line: number): void {
    if (this.index === null) return;
    this.index.set(this.field(line, this.indexField) ?? '', line);
  }

  private refuseOnPrintf(): void {
    if (this.printf !== null) {
      throw new GossipperError(
        'RUN_FATAL',
        `can not insert or replace into a printf file: ${this.name}`,
      );
    }
  }

  /** Field of real line `real`, unformatted; NO_SUCH_FIELD when the line has fewer fields. */
  private rawField(real: number, field: number): string | undefined {
    const own =
      real >= this.fileLines ? this.inserted[real - this.fileLines] : this.replaced.get(real);
    if (own !== undefined) return fieldOfString(own, field);
    const data = this.data;
    const end = this.ends[real];
    let start = this.starts[real];
    for (let k = 0; k < field; k++) {
      while (start < end && data[start] !== SEMICOLON) start++;
      if (start === end) return NO_SUCH_FIELD;
      start++;
    }
    let stop = start;
    while (stop < end && data[stop] !== SEMICOLON) stop++;
    return data.toString('latin1', start, stop);
  }

  /** Printf files are small templates: their conversions are checked once, at load. */
  private checkPrintfFields(): void {
    for (let real = 0; real < this.fileLines; real++) {
      const line = this.data.toString('latin1', this.starts[real], this.ends[real]);
      for (const text of line.split(';')) {
        const bad = printfFieldError(text);
        if (bad !== undefined) {
          throw new GossipperError(
            'RUN_FATAL',
            `invalid printf injection field in ${this.name}, data line ${real + 1}: ${bad}`,
          );
        }
      }
    }
  }
}

function fieldOfString(line: string, field: number): string | undefined {
  let start = 0;
  for (let k = 0; k < field; k++) {
    const semi = line.indexOf(';', start);
    if (semi === -1) return NO_SUCH_FIELD;
    start = semi + 1;
  }
  const stop = line.indexOf(';', start);
  return stop === -1 ? line.slice(start) : line.slice(start, stop);
}

export function tooFewLines(name: string, lines: number, userId: number): GossipperError {
  return new GossipperError(
    'RUN_FATAL',
    `${name} has only ${lines} lines, yet user ${userId} was requested`,
    'a USER injection file needs a line per user (-users)',
  );
}

/**
 * Bounds of the data lines after the mode line, up to the first empty line (a lone CR counts as
 * empty, so CRLF files work; a trailing CR is not part of the line).
 */
interface LineBounds {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly count: number;
}

function scanLines(data: Buffer): LineBounds {
  let capacity = 1024;
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let count = 0;
  const length = data.length;
  let at = data.indexOf(LF);
  at = at === -1 ? length : at + 1;
  while (at < length) {
    let nl = data.indexOf(LF, at);
    if (nl === -1) nl = length;
    const end = nl > at && data[nl - 1] === CR ? nl - 1 : nl;
    if (end === at) break;
    if (data[at] !== HASH) {
      if (count === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
      }
      starts[count] = at;
      ends[count] = end;
      count++;
    }
    at = nl + 1;
  }
  return { starts: starts.slice(0, count), ends: ends.slice(0, count), count };
}

function grow(a: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(capacity);
  bigger.set(a);
  return bigger;
}
