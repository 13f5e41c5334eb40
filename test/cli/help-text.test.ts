import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FLAG_GROUPS,
  FLAG_TABLE,
  SUBCOMMANDS,
  rootHelpText,
  sippHelpText,
} from '../../src/cli/index.ts';

const help = sippHelpText();

function flagPattern(name: string): RegExp {
  return new RegExp(`(^|\\s)-${name}(\\s|$)`, 'm');
}

test('every flag of the table appears in gossipper sipp -h', () => {
  // Management flags (-api_addr...) are for `gossipper server -h` (test/server/).
  for (const flag of FLAG_TABLE.filter((f) => f.group !== 'management'))
    assert.match(help, flagPattern(flag.name), `-${flag.name} missing`);
});

test('available flags come with their help text; unavailable ones are listed as such', () => {
  for (const flag of FLAG_TABLE.filter((f) => f.available && f.group !== 'management')) {
    const firstWords = flag.help.split(' ').slice(0, 3).join(' ');
    assert.ok(help.includes(firstWords), `help text of -${flag.name}`);
  }
  const notYetLines = help.split('\n').filter((l) => l.startsWith('   not available yet:'));
  const groupsWithMissing = new Set(FLAG_TABLE.filter((f) => !f.available).map((f) => f.group));
  assert.equal(notYetLines.length, groupsWithMissing.size, 'one line per group with any missing');
  const missingSection = help
    .split('\n')
    .filter((l) => /^ {3}not available yet:| {24}-/.test(l))
    .join(' ');
  for (const flag of FLAG_TABLE.filter((f) => !f.available)) {
    assert.match(missingSection, flagPattern(flag.name), `-${flag.name} not marked unavailable`);
  }
});

test("groups follow SIPp's order and show defaults", () => {
  let last = -1;
  for (const group of FLAG_GROUPS) {
    const at = help.indexOf(`*** ${group.title}:`);
    assert.ok(at > last, group.title);
    last = at;
  }
  assert.match(help, /-r <rate> +: Calls per rate period \(default: 10\)/);
  assert.match(help, /-cid_str <format> +: .*\n.*\(default: %u-%p@%s\)/);
});

test('help lines fit 80 columns', () => {
  for (const text of [help, rootHelpText()]) {
    for (const line of text.split('\n')) assert.ok(line.length <= 80, `too long: ${line}`);
  }
});

test('root help lists the subcommands, not the scenario flags', () => {
  const root = rootHelpText();
  for (const s of SUBCOMMANDS) assert.match(root, new RegExp(`^  ${s.name} +`, 'm'));
  assert.match(root, /gossipper sipp -h/);
  assert.ok(root.indexOf('  sipp ') < root.indexOf('Reserved, not available'));
  assert.doesNotMatch(root, /-trace_err/);
});
