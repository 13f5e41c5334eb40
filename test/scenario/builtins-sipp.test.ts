// Every built-in against what `sipp -sd NAME` prints (SIPp 3.6.1). The comments differ on
// purpose (ours are our own words, SIPp's carry its licence text), so the XML is compared as a
// tree: the same elements in the same order, the same attributes, and message text (CDATA)
// byte for byte. Formatting between elements (line breaks inside a start tag, blank lines) is
// not compared.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_SCENARIO_NAMES,
  builtinScenarioXml,
  loadBuiltinScenario,
} from '../../src/scenario/index.ts';
import { parseXmlTree, type XmlElement } from '../../src/scenario/xml-tree.ts';
import { sippRequirement } from '../peers/processes.ts';

interface Shape {
  name: string;
  attrs: Record<string, string>;
  cdata: string[];
  children: Shape[];
}

function shape(el: XmlElement): Shape {
  return {
    name: el.name,
    attrs: { ...el.attrs },
    cdata: el.cdata.map((c) => c.text),
    children: el.children.map(shape),
  };
}

/** What sipp prints on stdout for `args`; -sd and -h exit 99 after printing. */
function sippOutput(args: string[]): string {
  try {
    return execFileSync('sipp', args, { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const { status, stdout } = err as { status: number; stdout: string };
    assert.equal(status, 99, `sipp ${args.join(' ')}`);
    return stdout;
  }
}

const skip = sippRequirement();

test('each built-in has the elements, attributes and messages of sipp -sd', { skip }, () => {
  // `management` is Gossipper's own (gossipper server's default): sipp has no such built-in.
  for (const name of BUILTIN_SCENARIO_NAMES.filter((n) => n !== 'management')) {
    const ours = shape(parseXmlTree(builtinScenarioXml(name) ?? '', `${name}.xml`));
    const theirs = shape(parseXmlTree(sippOutput(['-sd', name]), `sipp-${name}.xml`));
    assert.deepEqual(ours, theirs, name);
  }
});

test('sipp -sd knows no built-in we lack', { skip }, () => {
  const help = sippOutput(['-h']);
  // SIPp lists its built-ins under -sn: "'uac' : ..." lines.
  const listed = [...help.matchAll(/^\s+- '([\w-]+)' *: /gm)].map((m) => m[1]);
  assert.ok(listed.length >= 9, listed.join());
  for (const name of listed) {
    assert.ok(BUILTIN_SCENARIO_NAMES.includes(name), name);
  }
});

test('every built-in loads without a warning', () => {
  for (const name of BUILTIN_SCENARIO_NAMES) {
    const s = loadBuiltinScenario(name);
    assert.deepEqual(s.warnings, [], name);
  }
  assert.equal(loadBuiltinScenario('branchs').mode, 'server');
  assert.equal(loadBuiltinScenario('ooc_default').commands.length, 3);
  assert.equal(loadBuiltinScenario('ooc_dummy').commands.length, 1);
});
