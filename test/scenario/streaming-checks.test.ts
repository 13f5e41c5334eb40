// A scenario fails at its first error while it is read, and nesting and element count are capped,
// so a huge or deeply nested file costs little memory however it is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../src/errors.ts';
import { MAX_ELEMENT_DEPTH, MAX_ELEMENTS, loadScenarioXml } from '../../src/scenario/index.ts';
import { loadInChild } from './load-child.ts';

/** The old loader took 1.6 GB for 1 M `<nop/>`; failing at the limit stays well under this. */
const MAX_RSS_GROWTH_MIB = 80;
const CHILD_TIMEOUT_MS = 60_000;
const MILLION = 1_000_000;

const SEND = '<send><![CDATA[OPTIONS sip:x SIP/2.0]]></send>';

function loadError(xml: string): ScenarioError {
  try {
    loadScenarioXml(xml, 'x.xml');
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `expected ScenarioError, got ${String(err)}`);
    return err;
  }
  return assert.fail('the scenario loaded without error');
}

test(`nesting deeper than ${MAX_ELEMENT_DEPTH} fails at the first element too deep`, () => {
  // Depth counts the root: the 32nd <nop> inside <scenario> is the 33rd level.
  const err = loadError(`<scenario>\n  ${'<nop>'.repeat(MAX_ELEMENT_DEPTH + 5)}`);
  assert.equal(err.code, 'SCENARIO_TOO_LARGE');
  const column = 3 + (MAX_ELEMENT_DEPTH - 1) * '<nop>'.length;
  assert.equal(
    err.message,
    `x.xml:2:${column} <nop>: elements nest deeper than ${MAX_ELEMENT_DEPTH} levels (the limit)`,
  );
  assert.ok(err.hint);
  const atLimit = `<scenario>\n${'<nop>'.repeat(MAX_ELEMENT_DEPTH - 1)}${'</nop>'.repeat(MAX_ELEMENT_DEPTH - 1)}\n</scenario>`;
  assert.notEqual(loadError(atLimit).code, 'SCENARIO_TOO_LARGE');
});

test(`more than ${MAX_ELEMENTS} elements fail at the first one over; exactly that many load`, () => {
  // The root counts: it and MAX_ELEMENTS - 1 commands are MAX_ELEMENTS elements.
  const err = loadError(`<scenario>\n${'<nop/>\n'.repeat(MAX_ELEMENTS)}</scenario>`);
  assert.equal(err.code, 'SCENARIO_TOO_LARGE');
  assert.equal(
    err.message,
    `x.xml:${MAX_ELEMENTS + 1}:1 <nop>: more than ${MAX_ELEMENTS} elements (the limit)`,
  );
  const atLimit = loadScenarioXml(
    `<scenario>\n${SEND}\n${'<nop/>\n'.repeat(MAX_ELEMENTS - 2)}</scenario>`,
    'x.xml',
  );
  assert.equal(atLimit.commands.length, MAX_ELEMENTS - 1);
});

test('the root and each top-level name are checked before the rest of the file is read', () => {
  // The malformed tail is never reached: the first error in the file is the one reported.
  const tail = '\n  <nop x="1" x="2"/>\n  <unclosed>';
  const root = loadError(`<scenarios>${tail}`);
  assert.equal(root.message, 'x.xml:1:1 <scenarios>: the root element must be <scenario>');
  const unknown = loadError(`<scenario>\n  <sned/>${tail}`);
  assert.equal(unknown.code, 'SCENARIO_INVALID');
  assert.equal(unknown.message, 'x.xml:2:3 <sned>: unknown element (did you mean "send"?)');
  const unavailable = loadError(`<scenario>\n  <DefaultMessage/>${tail}`);
  assert.equal(
    unavailable.message,
    'x.xml:2:3 <DefaultMessage>: <DefaultMessage> is not available in this version',
  );
});

test('element names nested below the top level are left to the loader', () => {
  // <sned> inside <nop> is not a top-level element: the loader's own wording for it stays.
  const err = loadError(`<scenario>\n  ${SEND}\n  <nop><sned/></nop>\n</scenario>`);
  assert.equal(
    err.message,
    'x.xml:3:8 <sned>: unknown element inside <nop> (only <action> may appear here)',
  );
});

/** Writes `xml` to a temporary file and loads it in a child process. */
function loadGenerated(name: string, xml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-limits-'));
  try {
    const path = join(dir, name);
    writeFileSync(path, xml, 'latin1');
    // As text: the files are over the -sf size cap, and these tests are about the XML checks.
    return { path, ...loadInChild(path, CHILD_TIMEOUT_MS, { asText: true }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('1 M flat elements: rejected at the element limit with bounded memory', (t) => {
  const load = loadGenerated('flat.xml', `<scenario>${'<nop/>'.repeat(MILLION)}</scenario>`);
  assert.equal(load.code, 'SCENARIO_TOO_LARGE');
  const column = '<scenario>'.length + 1 + (MAX_ELEMENTS - 1) * '<nop/>'.length;
  assert.equal(
    load.message,
    `${load.path}:1:${column} <nop>: more than ${MAX_ELEMENTS} elements (the limit)`,
  );
  t.diagnostic(`peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`);
  assert.ok(
    load.rssGrowthMiB < MAX_RSS_GROWTH_MIB,
    `peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`,
  );
});

test('1 M nested elements: rejected at the depth limit with bounded memory', (t) => {
  const load = loadGenerated(
    'deep.xml',
    `<scenario>${'<nop>'.repeat(MILLION)}${'</nop>'.repeat(MILLION)}</scenario>`,
  );
  assert.equal(load.code, 'SCENARIO_TOO_LARGE');
  const column = '<scenario>'.length + 1 + (MAX_ELEMENT_DEPTH - 1) * '<nop>'.length;
  assert.equal(
    load.message,
    `${load.path}:1:${column} <nop>: elements nest deeper than ${MAX_ELEMENT_DEPTH} levels (the limit)`,
  );
  t.diagnostic(`peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`);
  assert.ok(
    load.rssGrowthMiB < MAX_RSS_GROWTH_MIB,
    `peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`,
  );
});

test('an unknown first element before 1 M more: rejected at once with bounded memory', (t) => {
  const load = loadGenerated(
    'typo.xml',
    `<scenario>\n  <sned/>\n${'  <nop/>\n'.repeat(MILLION)}</scenario>\n`,
  );
  assert.equal(load.code, 'SCENARIO_INVALID');
  assert.equal(load.message, `${load.path}:2:3 <sned>: unknown element (did you mean "send"?)`);
  t.diagnostic(`peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`);
  assert.ok(
    load.rssGrowthMiB < MAX_RSS_GROWTH_MIB,
    `peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`,
  );
});
