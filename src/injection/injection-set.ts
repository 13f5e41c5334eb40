/**
 * The injection files of one run (`-inf`, the first one the default of `[fieldN]`), the lines a
 * call is given when it is created, and reading a field for a call. A field whose text holds
 * keywords (`[call_number]`, `[$user]`) is rendered through the keyword machinery with the call
 * as source, after injection; `[authentication ...]` is passed on to the message renderer.
 */
import { findAuthenticationKeyword } from '../auth/index.ts';
import { compileKeywordText, TemplateRenderer } from '../scenario/index.ts';
import type { FieldRef, KeywordSource, Template } from '../scenario/index.ts';
import type { InjectionFile } from './injection-file.ts';

/** Fields and `line=` expressions compiled to templates, kept up to this many texts. */
const COMPILED_CACHE_MAX = 4096;
/** A field's keywords may read fields whose keywords read fields...: stop at this depth. */
const MAX_NESTING = 4;
const DIGITS = /^[0-9]+$/;
const NO_LINES = new Int32Array(0);

export class InjectionSet {
  readonly files: readonly InjectionFile[];
  /** Where "Field N not found" warnings go (the engine counts and traces them). */
  onWarning: ((text: string) => void) | null = null;
  private readonly byName = new Map<string, number>();
  private readonly userKeywords: ReadonlySet<string>;
  /** Per nesting depth: the engine's renderer is busy with the message the field is part of. */
  private readonly renderers: TemplateRenderer[] = [];
  private depth = 0;
  /** Text → template, or null for a text whose brackets are no keyword (kept literal). */
  private readonly compiled = new Map<string, Template | null>();

  constructor(files: readonly InjectionFile[], userKeywords: ReadonlySet<string> = new Set()) {
    this.files = files;
    this.userKeywords = userKeywords;
    files.forEach((f, i) => {
      if (!this.byName.has(f.name)) this.byName.set(f.name, i);
    });
  }

  /** The file `name` (the default one for undefined), or undefined when it was not given. */
  file(name: string | undefined): InjectionFile | undefined {
    if (name === undefined) return this.files[0];
    const i = this.byName.get(name);
    return i === undefined ? undefined : this.files[i];
  }

  /** A copy with state of its own for a trial run (see InjectionFile.fork). */
  fork(): InjectionSet {
    return new InjectionSet(
      this.files.map((f) => f.fork()),
      this.userKeywords,
    );
  }

  /**
   * The line of every file for a new call (SIPp picks them all when the call is created, so a
   * SEQUENTIAL file advances even for calls that never read it). `random` draws in [0, 1).
   */
  chooseLines(userId: number, random: () => number): Int32Array {
    const files = this.files;
    if (files.length === 0) return NO_LINES;
    const lines = new Int32Array(files.length);
    for (let i = 0; i < files.length; i++) lines[i] = files[i].nextLine(userId, random);
    return lines;
  }

  /** `[fieldN ...]` for the call `src`, whose lines chooseLines gave (null: none). */
  read(src: KeywordSource, lines: Int32Array | null, ref: FieldRef): string {
    const index = ref.file === undefined ? 0 : this.byName.get(ref.file);
    // Unknown files are refused at load (checkInjectionUse); a run without files reads ''.
    if (index === undefined || index >= this.files.length) return '';
    const file = this.files[index];
    const line =
      ref.line !== undefined ? this.lineOf(src, ref.line) : lines === null ? -1 : lines[index];
    const text = file.field(line, ref.field);
    if (text === undefined) {
      this.onWarning?.(`Field ${ref.field} not found in the file ${file.name}`);
      return '';
    }
    return text.includes('[') ? this.expandField(src, text) : text;
  }

  /**
   * A field's keywords for the call, except `[authentication ...]`: that one is left in the
   * value as written, for the message renderer to fill once the whole message is laid out
   * (src/auth findAuthenticationKeyword), as SIPp does with an auth keyword met in a field.
   */
  private expandField(src: KeywordSource, text: string): string {
    const auth = findAuthenticationKeyword(text);
    if (auth === undefined) return this.expand(src, text);
    const before = text.slice(0, auth.start);
    const after = text.slice(auth.end);
    return (
      (before.includes('[') ? this.expand(src, before) : before) +
      text.slice(auth.start, auth.end) +
      (after.includes('[') ? this.expand(src, after) : after)
    );
  }

  /** A `line=` expression's value: its keywords rendered, then read as C's atoi does. */
  private lineOf(src: KeywordSource, expr: string): number {
    const text = DIGITS.test(expr) ? expr : this.expand(src, expr);
    const m = /^\s*([-+]?[0-9]+)/.exec(text);
    return m === null ? 0 : Number(m[1]);
  }

  /** Renders `text` as keyword text for `src`; text whose brackets are no keywords stays as is. */
  private expand(src: KeywordSource, text: string): string {
    if (this.depth >= MAX_NESTING) return text;
    const template = this.compile(text);
    if (template === null) return text;
    const renderer = (this.renderers[this.depth] ??= new TemplateRenderer());
    this.depth++;
    try {
      return renderer.render(template, src).toString('latin1');
    } finally {
      this.depth--;
    }
  }

  private compile(text: string): Template | null {
    let template = this.compiled.get(text);
    if (template !== undefined) return template;
    try {
      template = compileKeywordText(text, {
        element: 'field',
        userKeywords: this.userKeywords,
        origin: { file: 'injection field', line: 1, column: 1 },
      });
    } catch {
      // An IPv6 literal like [::1] or other bracketed data: SIPp leaves it as it is too.
      template = null;
    }
    if (this.compiled.size >= COMPILED_CACHE_MAX) this.compiled.clear();
    this.compiled.set(text, template);
    return template;
  }
}
