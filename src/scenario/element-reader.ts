/** Typed, validated access to one element's attributes; every failure names the element. */
import type { ErrorCode } from '../errors.ts';
import type { SourcePos } from './model.ts';
import { parseCDouble, parseCLong, parseSippBool } from './attribute-values.ts';
import { didYouMean } from '../did-you-mean.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import type { XmlElement } from './xml-tree.ts';

export class ElementReader {
  constructor(readonly el: XmlElement) {}

  get pos(): SourcePos {
    return this.el.pos;
  }

  fail(what: string, hint?: string, code?: ErrorCode): never {
    throw scenarioErrorAt(this.el.pos, this.el.name, what, hint, code);
  }

  /**
   * Warns about any attribute outside `allowed`, suggesting the closest known one. SIPp ignores
   * attributes it does not read and real scenario collections carry some, so this is a warning
   * (printed once at load), not an error.
   */
  checkAttributes(allowed: readonly string[]): void {
    for (const name of Object.keys(this.el.attrs)) {
      if (!allowed.includes(name)) {
        const { file, line, column } = this.el.pos;
        this.el.warnings.push(
          `${file}:${line}:${column} <${this.el.name}>: unknown attribute "${name}" ignored` +
            didYouMean(name, allowed),
        );
      }
    }
  }

  has(name: string): boolean {
    return Object.hasOwn(this.el.attrs, name);
  }

  str(name: string): string | undefined {
    return this.has(name) ? this.el.attrs[name] : undefined;
  }

  required(name: string): string {
    const value = this.str(name);
    if (value === undefined) this.fail(`missing required attribute "${name}"`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const text = this.str(name);
    if (text === undefined) return fallback;
    const value = parseSippBool(text);
    if (value === undefined)
      this.fail(`${name}="${text}" is not a boolean (expected true, false or an integer)`);
    return value;
  }

  long(name: string): number | undefined {
    const text = this.str(name);
    if (text === undefined) return undefined;
    const value = parseCLong(text);
    if (value === undefined) this.fail(`${name}="${text}" is not a valid integer`);
    return value;
  }

  double(name: string): number | undefined {
    const text = this.str(name);
    if (text === undefined) return undefined;
    const value = parseCDouble(text);
    if (value === undefined) this.fail(`${name}="${text}" is not a number`);
    return value;
  }

  requiredDouble(name: string): number {
    this.required(name);
    return this.double(name) as number;
  }

  /** A variable (or counter / transaction) name: non-empty, without `$` or `,` (SIPp's rule). */
  varName(name: string): string | undefined {
    const text = this.str(name);
    if (text === undefined) return undefined;
    if (text === '' || /[$,]/.test(text)) {
      this.fail(`${name}="${text}": names must be non-empty and may not contain "$" or ","`);
    }
    return text;
  }
}
