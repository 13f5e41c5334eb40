/**
 * `<init>`: nops (with their actions) and labels that SIPp runs once, in a pseudo call, before
 * any traffic: the place to set `<Global>` variables. Its labels are its own (a `next=` inside
 * init names an init label), and anything but `<nop>` and `<label>` is refused as SIPp does
 * ("Invalid element in an init stanza").
 */
import type { Command } from './model.ts';
import { newScenarioBook } from './command-bookkeeping.ts';
import { parseNop, type CommandContext } from './command-parsers.ts';
import { ELEMENT_ATTRIBUTES } from './element-attributes.ts';
import { ElementReader } from './element-reader.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import type { XmlElement } from './xml-tree.ts';
import { didYouMean } from '../did-you-mean.ts';

export function parseInit(el: XmlElement, userKeywords: ReadonlySet<string>): Command[] {
  new ElementReader(el).checkAttributes([]);
  const ctx: CommandContext = {
    book: newScenarioBook(userKeywords),
    userKeywords,
    methodsSent: [],
    lastRecvOptional: false,
  };
  const labels = new Map<string, number>();
  const parsed: Array<{ command: Command; next?: string; onTimeout?: string; el: XmlElement }> = [];
  for (const child of el.children) {
    const r = new ElementReader(child);
    if (child.name === 'nop') {
      const p = parseNop(r, parsed.length, ctx);
      parsed.push({ command: p.command, ...p.labels, el: child });
    } else if (child.name === 'label') {
      r.checkAttributes(ELEMENT_ATTRIBUTES.label);
      const id = r.required('id');
      if (labels.has(id)) r.fail(`duplicate label "${id}" in <init>`);
      labels.set(id, parsed.length);
    } else {
      r.fail(`invalid element in an init stanza (only <nop> and <label> may appear in <init>)`);
    }
  }
  return parsed.map(({ command, next, el: child }) => {
    if (next === undefined) return command;
    const index = labels.get(next);
    if (index === undefined) {
      throw scenarioErrorAt(
        child.pos,
        child.name,
        `next="${next}" names no <label> of <init>${didYouMean(next, labels.keys())}`,
      );
    }
    return { ...command, next: index };
  });
}
