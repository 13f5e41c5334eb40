/**
 * Parses scenario XML into a small element tree with source positions. The loader validates the
 * tree afterwards; keeping parsing and validation apart keeps both short. Only checks that must
 * stop a hostile file early (before its tree is built) run during parsing, through `onElement`.
 */
import { SaxesParser } from 'saxes';
import type { SourcePos } from './model.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import { XmlSource } from './xml-source.ts';
import { LESS_THAN_PLACEHOLDER, unescapeAttribute } from './attribute-escapes.ts';

/**
 * What sipp 3.6.1's parser makes of a `<` inside an attribute value (it looks for tags without
 * regard to quotes; each case measured): `<<` ends the scenario after the top-level element that
 * holds it (`display=">>> hold <<<"` loads, and nothing after that element runs), the element
 * itself gone too when a `>` follows in the value (`"<<< x >>>"`); a `<` before anything else is
 * a load error ("Unexpected </scenario> (expected </nop>)").
 */
type LessThanEffect = 'none' | 'cut-after' | 'cut-here' | 'error';

function lessThanEffect(attributes: Record<string, string>): LessThanEffect {
  for (const value of Object.values(attributes)) {
    const at = value.indexOf(LESS_THAN_PLACEHOLDER);
    if (at === -1) continue;
    if (value[at + 1] !== LESS_THAN_PLACEHOLDER) return 'error';
    return value.includes('>', at) ? 'cut-here' : 'cut-after';
  }
  return 'none';
}

/** SIPp's backslash escapes in every attribute value (attribute-escapes.ts). */
function unescapeAttributes(attributes: Record<string, string>): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) attrs[name] = unescapeAttribute(value);
  return attrs;
}

export interface XmlCdata {
  readonly text: string;
  /** Position of the first character of `text` (just after `<![CDATA[`). */
  readonly pos: SourcePos;
}

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Position of the `<` that opens the element. */
  readonly pos: SourcePos;
  readonly children: XmlElement[];
  readonly cdata: XmlCdata[];
  /**
   * Load-time warnings (`file:line[:column] ...`), one list shared by every element of a parse so
   * that whoever reads an element can add to it: what SIPp tolerates in silence is accepted, and
   * said once.
   */
  readonly warnings: string[];
}

export interface XmlTreeOptions {
  /**
   * Called as each start tag is read, before the element's content, with its depth (the root is
   * 1). An error it throws stops parsing at once and reaches the caller as is.
   */
  readonly onElement?: (element: XmlElement, depth: number) => void;
}

/** Parses `xml` (named `file` in messages); malformed XML throws a SCENARIO_XML ScenarioError. */
export function parseXmlTree(xml: string, file: string, options: XmlTreeOptions = {}): XmlElement {
  const source = new XmlSource(file, xml);
  const parser = new SaxesParser({ position: true, fileName: file });
  const stack: XmlElement[] = [];
  const warnings = source.warnings;
  let pendingTag = '';
  let root: XmlElement | undefined;
  // After a `<<` in a value (lessThanEffect): the top-level element it ends the scenario after,
  // and how many ignored elements are open below the root.
  let cutAfter: XmlElement | undefined;
  let isCut = false;
  let ignoredOpen = 0;

  const posAt = (offset: number): SourcePos => ({ file, ...source.locate(offset) });

  let warnedOutside = false;
  parser.on('error', (err) => {
    // saxes prefixes "file:line:col: "; we re-anchor with our own (ampersand-corrected) position.
    const what = err.message.replace(/^.*?:\d+:\d+: /, '');
    // SIPp's parser looks for the next `<` and skips what lies before it, so text before or
    // after the root element loads there (measured with sipp 3.6.1: `""` after the DOCTYPE).
    // saxes goes on after this error when the handler returns.
    if (what.startsWith('text data outside of root node')) {
      if (!warnedOutside) {
        const { line } = posAt(Math.max(0, parser.position - 1));
        warnings.push(`${file}:${line}: text outside the <scenario> element is ignored`);
        warnedOutside = true;
      }
      return;
    }
    const element = pendingTag || stack[stack.length - 1]?.name || 'xml';
    throw scenarioErrorAt(
      posAt(Math.max(0, parser.position - 1)),
      element,
      `malformed XML: ${what}`,
      undefined,
      'SCENARIO_XML',
    );
  });
  // At opentagstart saxes has consumed `<`, the name and one more character.
  const tagStarts: number[] = [];
  parser.on('opentagstart', (tag) => {
    pendingTag = tag.name;
    tagStarts.push(parser.position - tag.name.length - 2);
  });
  parser.on('opentag', (tag) => {
    pendingTag = '';
    if (isCut || ignoredOpen > 0) {
      tagStarts.pop();
      if (!tag.isSelfClosing) ignoredOpen++;
      return;
    }
    const effect = lessThanEffect(tag.attributes as Record<string, string>);
    if (effect === 'error') {
      throw scenarioErrorAt(
        posAt(tagStarts[tagStarts.length - 1] ?? 0),
        tag.name,
        'a "<" inside an attribute value (write &lt;): SIPp cannot read past it',
        undefined,
        'SCENARIO_XML',
      );
    }
    if (effect !== 'none' && stack.length >= 1) {
      warnings.push(
        `${file}:${posAt(tagStarts[tagStarts.length - 1] ?? 0).line}: "<<" inside an attribute value: the scenario ends ${effect === 'cut-here' ? 'before' : 'after'} this element, as SIPp reads it`,
      );
      const top = stack.length === 1 ? undefined : stack[1];
      if (effect === 'cut-here' && top === undefined) {
        isCut = true;
        tagStarts.pop();
        if (!tag.isSelfClosing) ignoredOpen++;
        return;
      }
      cutAfter = top;
    }
    // `position` is just past the `>`; the tag's own start was recorded at opentagstart time.
    const element: XmlElement = {
      name: tag.name,
      attrs: unescapeAttributes(tag.attributes as Record<string, string>),
      pos: posAt(tagStarts.pop() ?? 0),
      children: [],
      cdata: [],
      warnings,
    };
    options.onElement?.(element, stack.length + 1);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    if (effect !== 'none' && stack.length === 1) {
      // The element holding the `<<` is itself a top-level one.
      if (tag.isSelfClosing) isCut = true;
      else cutAfter = element;
    }
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag) => {
    if (ignoredOpen > 0) {
      if (!tag.isSelfClosing) ignoredOpen--;
      return;
    }
    if (tag.isSelfClosing) return;
    const closed = stack.pop();
    if (closed !== undefined && closed === cutAfter) isCut = true;
  });
  parser.on('cdata', (text) => {
    if (ignoredOpen > 0) return;
    const parent = stack[stack.length - 1];
    // `position` is just past `]]>`; CDATA holds no entities, so the start is exact.
    if (parent) parent.cdata.push({ text, pos: posAt(parser.position - 3 - text.length) });
  });

  parser.write(source.prepared);
  // Cut at a comment that never closes (SIPp ignores the rest): close what is still open.
  if (source.truncated) {
    if (pendingTag !== '') parser.write('>');
    for (let i = stack.length - 1; i >= 0; i--) parser.write(`</${stack[i].name}>`);
  }
  parser.close();
  if (!root) {
    throw scenarioErrorAt(
      { file, line: 1, column: 1 },
      'xml',
      'no element found',
      undefined,
      'SCENARIO_XML',
    );
  }
  return root;
}
