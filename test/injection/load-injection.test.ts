import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeForError } from '../../src/cli/index.ts';
import { defaultRunConfig } from '../../src/config/index.ts';
import { GossipperError } from '../../src/errors.ts';
import { loadInjection, loadRunInjection } from '../../src/injection/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'gossipper-inf-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): { name: string; path: string } {
  const path = join(dir, name);
  writeFileSync(path, text, 'latin1');
  return { name, path };
}

/** The exit status the CLI gives an error (SIPp's where SIPp has one). */
function exitCodeOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GossipperError, String(err));
    return { code: exitCodeForError(err), message: err.message };
  }
  return assert.fail('expected an error');
}

test('files load under the name as given; the first is the default', () => {
  const a = file('a.csv', 'SEQUENTIAL\nalice;1\n');
  const b = file('b.csv', 'RANDOM\nbob;2\n');
  const set = loadInjection({ files: [a, { name: './b.csv', path: b.path }] });
  assert.equal(set.file(undefined)?.name, 'a.csv');
  assert.equal(set.file('./b.csv')?.field(0, 0), 'bob');
  assert.equal(set.file('b.csv'), undefined, 'the key is the name exactly as written');
});

test('a missing file exits 1 naming it (sipp: "Unable to open file nope.csv", exit 1)', () => {
  const r = exitCodeOf(() =>
    loadInjection({ files: [{ name: 'nope.csv', path: join(dir, 'x') }] }),
  );
  assert.equal(r.code, 1);
  assert.match(r.message, /unable to open file nope.csv \(no such file\)/);
});

test('a directory exits 1 (sipp reads nothing and reports an unknown file type)', () => {
  mkdirSync(join(dir, 'adir'));
  const r = exitCodeOf(() => loadInjection({ files: [{ name: 'adir', path: join(dir, 'adir') }] }));
  assert.equal(r.code, 1);
  assert.match(r.message, /adir \(it is a directory\)/);
});

test('a bad mode line and an empty file exit 1; zero data lines exit 1', () => {
  const bad = file('bad.csv', 'FOO\nalice\n');
  assert.equal(exitCodeOf(() => loadInjection({ files: [bad] })).code, 1);
  const empty = file('empty.csv', '');
  assert.match(exitCodeOf(() => loadInjection({ files: [empty] })).message, /unknown file type/);
  const zero = file('zero.csv', 'SEQUENTIAL\n#c\n');
  const r = exitCodeOf(() => loadInjection({ files: [zero] }));
  assert.equal(r.code, 1);
  assert.match(r.message, /input file has zero lines: zero.csv/);
});

test('-infindex names a file given with -inf (sipp: exit 1) and indexes its column', () => {
  const a = file('idx.csv', 'SEQUENTIAL\nalice;1\nbob;2\n');
  const set = loadInjection({ files: [a], indexes: [{ file: 'idx.csv', field: 1 }] });
  assert.equal(set.file('idx.csv')?.lookup('2'), 1);
  const r = exitCodeOf(() =>
    loadInjection({ files: [a], indexes: [{ file: 'zz.csv', field: 0 }] }),
  );
  assert.equal(r.code, 1);
  assert.match(r.message, /could not find file for -infindex: zz.csv/);
});

test('a USER file with fewer lines than -users exits 255, as sipp does at its first call', () => {
  const u = file('user.csv', 'USER\na\nb\n');
  assert.ok(loadInjection({ files: [u], users: 2 }));
  const r = exitCodeOf(() => loadInjection({ files: [u], users: 3 }));
  assert.equal(r.code, 255);
  assert.match(r.message, /user.csv has only 2 lines, yet user 3 was requested/);
  assert.ok(loadInjection({ files: [file('s.csv', 'SEQUENTIAL\na\n')], users: 9 }));
});

test('loadRunInjection: nothing without -inf; the files, indexes and -users of a RunConfig', () => {
  const config = defaultRunConfig();
  assert.equal(loadRunInjection(config), undefined);
  config.injection.files.push(file('r.csv', 'USER\na;1\nb;2\n'));
  config.injection.indexes.push({ file: 'r.csv', field: 0 });
  config.users = 2;
  const set = loadRunInjection(config);
  assert.equal(set?.file('r.csv')?.lookup('b'), 1);
  config.users = 5;
  assert.throws(() => loadRunInjection(config), /only 2 lines, yet user 5/);
});
