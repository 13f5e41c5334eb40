/**
 * Parses scenario XML into a small element tree with source positions. The loader validates the
 * tree afterwards; keeping parsing and validation apart keeps both short. Only checks that must
 * stop a hostile file early (before its tree is built) run during parsing, through `onElement`.
 */
import { SaxesParser } from 'saxes';
import type { SourcePos } from './model.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import { XmlSource } from './xml-source.ts';
import { unescapeAttribute } from './attribute-escapes.ts';

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
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('cdata', (text) => {
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
