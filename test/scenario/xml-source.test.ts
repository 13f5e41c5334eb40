// XmlSource maps parser offsets back to the user's file across the `&` and CRLF rewrites, in
// whatever order positions are asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XmlSource } from '../../src/scenario/xml-source.ts';

// Original: line 1 "a&b", line 2 "&amp;c &" (an entity, then a bare `&`), line 3 "d".
const TEXT = 'a&b\r\n&amp;c &\nd';
const PREPARED = 'a&amp;b\n&amp;c &amp;\nd';

/** Prepared offset → expected `line:column` in the original text. */
const EXPECTED: ReadonlyArray<readonly [number, string]> = [
  [0, '1:1'], // a
  [1, '1:2'], // the bare &
  [3, '1:3'], // inside the inserted amp;: the character after the &
  [6, '1:3'], // b
  [8, '2:1'], // the & of an entity the file wrote itself
  [13, '2:6'], // c
  [15, '2:8'], // the second bare &
  [21, '3:1'], // d
  [22, '3:2'], // end of text
];

const at = (source: XmlSource, offset: number): string => {
  const { line, column } = source.locate(offset);
  return `${line}:${column}`;
};

test('bare & is escaped and CRLF normalised; entities and verbatim sections are kept', () => {
  assert.equal(new XmlSource('x.xml', TEXT).prepared, PREPARED);
  assert.equal(
    new XmlSource('x.xml', '<![CDATA[a & b]]><!-- & --><?pi & ?>&').prepared,
    '<![CDATA[a & b]]><!-- & --><?pi & ?>&amp;',
  );
});

test('positions map back in file order, in reverse and in random order', () => {
  const forward = new XmlSource('x.xml', TEXT);
  assert.deepEqual(
    EXPECTED.map(([offset]) => at(forward, offset)),
    EXPECTED.map(([, pos]) => pos),
  );
  const backward = new XmlSource('x.xml', TEXT);
  for (const [offset, pos] of [...EXPECTED].reverse())
    assert.equal(at(backward, offset), pos, `offset ${offset}`);
  const shuffled = new XmlSource('x.xml', TEXT);
  for (const index of [4, 0, 7, 2, 8, 1, 5, 3, 6]) {
    const [offset, pos] = EXPECTED[index];
    assert.equal(at(shuffled, offset), pos, `offset ${offset}`);
  }
});

test('a long line with many bare & maps every position (no table of insertions)', () => {
  const text = `<x a="${'&'.repeat(10_000)}"/>`;
  const source = new XmlSource('x.xml', text);
  assert.equal(source.prepared.length, text.length + 4 * 10_000);
  // The closing `"` follows 10,000 escaped `&`: back at column 7 + 10,000 of the original.
  assert.equal(at(source, source.prepared.lastIndexOf('"')), `1:${7 + 10_000}`);
});
