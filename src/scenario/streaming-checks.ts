/**
 * Scenario rules checked while the XML is still being read, so a file that is wrong from its first
 * element, or far too big, fails at once instead of after its whole tree is built. A probe found
 * 3 M elements held about 2.2 GB (roughly 100x the file) before the first check ran, where SIPp
 * 3.6.1 refuses in 0.02 s. Every other rule stays in the loader, which sees whole elements.
 */
import { didYouMean } from '../did-you-mean.ts';
import type { ScenarioError } from '../errors.ts';
import { KNOWN_TOP_LEVEL, UNSUPPORTED_ELEMENTS } from './element-attributes.ts';
import { notAvailable, scenarioErrorAt } from './scenario-error.ts';
import type { XmlElement, XmlTreeOptions } from './xml-tree.ts';

/**
 * Deepest element nesting accepted, the root being 1. Real scenarios need 4 (scenario > recv >
 * action > ereg); 32 leaves room for anything sensible, while a file of nothing but start tags
 * fails within its first few hundred bytes.
 */
export const MAX_ELEMENT_DEPTH = 32;

/**
 * Most elements accepted in one scenario, the root and actions included. SIPp cannot load more
 * than about 9,000 (`<nop/>` is 6 bytes; its parser refuses files over 64 KiB). Measured with
 * 1 M `<nop/>` (a 6 MB file): the load took 1.6 GB without a limit; failing at 100,000 still
 * raised peak RSS by 60-65 MB, at 50,000 by 30-34 MB, 12 MB of it reading the file.
 */
export const MAX_ELEMENTS = 50_000;

/** The tree-parser hook that applies the read-time rules; one per parse (it counts elements). */
export function streamingChecks(): NonNullable<XmlTreeOptions['onElement']> {
  let elements = 0;
  return (element, depth) => {
    elements++;
    if (depth > MAX_ELEMENT_DEPTH) {
      throw tooLarge(element, `elements nest deeper than ${MAX_ELEMENT_DEPTH} levels (the limit)`);
    }
    if (elements > MAX_ELEMENTS) {
      throw tooLarge(element, `more than ${MAX_ELEMENTS} elements (the limit)`);
    }
    if (depth === 1 && element.name !== 'scenario') {
      throw scenarioErrorAt(element.pos, element.name, 'the root element must be <scenario>');
    }
    if (depth === 2 && !HANDLED_TOP_LEVEL.has(element.name)) throw topLevelError(element);
  };
}

/** Top-level elements the loader reads; the rest of KNOWN_TOP_LEVEL is not available yet. */
const HANDLED_TOP_LEVEL: ReadonlySet<string> = new Set(
  KNOWN_TOP_LEVEL.filter((name) => !UNSUPPORTED_ELEMENTS.has(name)),
);

/**
 * The error for a top-level child the loader does not read: SIPp has it but we do not yet, or it
 * is unknown (with a did-you-mean). Shared with the loader so both report the same text.
 */
export function topLevelError(element: XmlElement): ScenarioError {
  if (UNSUPPORTED_ELEMENTS.has(element.name)) {
    return notAvailable(element.pos, element.name, `<${element.name}>`);
  }
  const suggestion = didYouMean(element.name, KNOWN_TOP_LEVEL);
  return scenarioErrorAt(element.pos, element.name, `unknown element${suggestion}`);
}

function tooLarge(element: XmlElement, what: string): ScenarioError {
  return scenarioErrorAt(
    element.pos,
    element.name,
    what,
    'a SIPp scenario is far smaller; check that -sf names the scenario you meant',
    'SCENARIO_TOO_LARGE',
  );
}
