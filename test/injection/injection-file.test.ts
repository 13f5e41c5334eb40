import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GossipperError } from '../../src/errors.ts';
import { InjectionFile, parseInjectionHeader } from '../../src/injection/index.ts';

const parse = (text: string, name = 'f.csv'): InjectionFile =>
  InjectionFile.parse(name, Buffer.from(text, 'latin1'));

const SAMPLE = new URL('../output/sipp-samples/trace_users.csv', import.meta.url);

/** The V8 collector, so heap figures count live objects only. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function throwsWith(fn: () => unknown, code: string, text: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GossipperError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, text);
    return true;
  });
}

test('the SIPp sample: mode line, a comment skipped, the first empty line ends the file', () => {
  const f = InjectionFile.parse('trace_users.csv', readFileSync(SAMPLE));
  assert.equal(f.mode, 'sequential');
  assert.equal(f.lineCount, 2, 'carol comes after the empty line and is ignored');
  assert.equal(f.field(0, 0), 'alice');
  assert.equal(f.field(0, 1), 'pw1');
  assert.equal(f.field(1, 0), 'bob');
});

test('mode found by substring, RANDOM before SEQUENTIAL before USER; anything else is fatal', () => {
  assert.equal(parseInjectionHeader('SEQUENTIAL', 'f').mode, 'sequential');
  assert.equal(parseInjectionHeader('xxRANDOMxx', 'f').mode, 'random');
  assert.equal(parseInjectionHeader('USERS,PRINTF=9', 'f').mode, 'user');
  assert.equal(parseInjectionHeader('SEQUENTIAL RANDOM', 'f').mode, 'random');
  throwsWith(
    () => parse('FOO\na;b\n', 'bad.csv'),
    'CONFIG_INVALID',
    /unknown file type \(valid values are RANDOM, SEQUENTIAL, and USER\) for bad.csv: FOO/,
  );
  throwsWith(() => parse('', 'empty.csv'), 'CONFIG_INVALID', /unknown file type .* empty.csv/);
});

test('PRINTF, PRINTFOFFSET and PRINTFMULTIPLE settings and their errors', () => {
  assert.deepEqual(
    parseInjectionHeader('SEQUENTIAL,PRINTF=5,PRINTFOFFSET=100,PRINTFMULTIPLE=2', 'f').printf,
    { lines: 5, offset: 100, multiple: 2 },
  );
  assert.deepEqual(parseInjectionHeader('USER,PRINTF=0x10', 'f').printf, {
    lines: 16,
    offset: 0,
    multiple: 1,
  });
  assert.equal(parseInjectionHeader('RANDOM', 'f').printf, null);
  throwsWith(() => parseInjectionHeader('RANDOM,PRINTF', 'f'), 'CONFIG_INVALID', /requires =/);
  // SIPp finds the first "PRINTF", here the start of PRINTFOFFSET, and wants "=" after it.
  throwsWith(
    () => parseInjectionHeader('RANDOM,PRINTFOFFSET=3', 'f'),
    'CONFIG_INVALID',
    /PRINTF specification \(requires =\)/,
  );
  throwsWith(
    () => parseInjectionHeader('RANDOM,PRINTF=0', 'f'),
    'CONFIG_INVALID',
    /at least one virtual line/,
  );
  throwsWith(
    () => parseInjectionHeader('RANDOM,PRINTF=3x', 'f'),
    'CONFIG_INVALID',
    /invalid end character 'x'/,
  );
});

test('zero data lines is fatal: only comments, or an empty line right after the mode', () => {
  throwsWith(() => parse('SEQUENTIAL\n#only\n', 'z.csv'), 'CONFIG_INVALID', /zero lines: z.csv/);
  throwsWith(() => parse('SEQUENTIAL\n\nalice;x\n'), 'CONFIG_INVALID', /zero lines/);
  throwsWith(() => parse('SEQUENTIAL'), 'CONFIG_INVALID', /zero lines/);
});

test('fields split on ";" with no quoting; spaces kept; CRLF files; a missing field', () => {
  const f = parse('SEQUENTIAL\r\n a ;"b;c";;\r\nlast\r\n\r\nignored\r\n');
  assert.equal(f.lineCount, 2);
  assert.equal(f.field(0, 0), ' a ');
  assert.equal(f.field(0, 1), '"b');
  assert.equal(f.field(0, 2), 'c"');
  assert.equal(f.field(0, 3), '');
  assert.equal(f.field(0, 4), '', 'after the trailing ";" there is an empty field');
  assert.equal(f.field(0, 5), undefined, 'no such field: SIPp warns');
  assert.equal(f.field(1, 0), 'last', 'no CR in the last field of a CRLF file');
  assert.equal(f.field(2, 0), '', 'a line past the end reads empty, without a warning');
  assert.equal(f.field(-1, 0), '');
});

test('bytes above 0x7f come back as binary strings (one char per byte)', () => {
  const f = InjectionFile.parse('u.csv', Buffer.from('SEQUENTIAL\nJosé;x\n', 'utf8'));
  assert.equal(Buffer.from(f.field(0, 0) as string, 'latin1').toString('utf8'), 'José');
});

test('SEQUENTIAL hands out lines in order, wrapping; USER is userid-1; RANDOM uses the draw', () => {
  const seq = parse('SEQUENTIAL\na\nb\nc\n');
  const never = (): number => assert.fail('SEQUENTIAL must not draw');
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => seq.nextLine(0, never)),
    [0, 1, 2, 0, 1],
  );
  const user = parse('USER\na\nb\n');
  assert.equal(user.nextLine(1, never), 0);
  assert.equal(user.nextLine(2, never), 1);
  assert.equal(user.nextLine(0, never), -1, 'no user (not in users mode): no line');
  throwsWith(() => user.nextLine(3, never), 'RUN_FATAL', /has only 2 lines, yet user 3/);
  const random = parse('RANDOM\na\nb\nc\nd\n');
  const draws = [0, 0.24, 0.25, 0.999];
  assert.deepEqual(
    draws.map((d) => random.nextLine(0, () => d)),
    [0, 0, 1, 3],
  );
});

test('PRINTF: virtual lines from the real ones used cyclically, %d = offset + line x multiple', () => {
  const f = parse(
    'SEQUENTIAL,PRINTF=5,PRINTFOFFSET=100,PRINTFMULTIPLE=2\n' +
      'user%03d;%-5d|;%.4d;%5d;100%%\nother%d;x\n',
  );
  assert.equal(f.lineCount, 5);
  assert.equal(f.realLines, 2);
  // Values measured with sipp 3.6.1 on the same file (see the report of issue 14).
  assert.equal(f.field(0, 0), 'user100');
  assert.equal(f.field(0, 1), '100  |');
  assert.equal(f.field(0, 2), '0100');
  assert.equal(f.field(0, 3), '  100');
  assert.equal(f.field(0, 4), '100%');
  assert.equal(f.field(1, 0), 'other102');
  assert.equal(f.field(2, 0), 'user104');
  assert.equal(f.field(4, 0), 'user108');
  assert.equal(f.field(5, 0), '', 'past the virtual lines');
  const seq = [1, 2, 3, 4, 5, 6].map(() => f.nextLine(0, Math.random));
  assert.deepEqual(seq, [0, 1, 2, 3, 4, 0], 'SEQUENTIAL runs over the virtual lines');
});

test('PRINTF fields allow only %[-0-9.]d conversions: checked when the file loads', () => {
  throwsWith(
    () => parse('SEQUENTIAL,PRINTF=3\nu%5.3d;%x\n', 'p.csv'),
    'RUN_FATAL',
    /p.csv, data line 1: only decimal %d conversions are allowed, not 'x'/,
  );
  throwsWith(() => parse('SEQUENTIAL,PRINTF=3\nu%05\n'), 'RUN_FATAL', /without a closing "d"/);
});

test('-infindex, lookup, insert and replace keep the index right', () => {
  const f = parse('SEQUENTIAL\nalice;1\nbob;2\ncarol;3\nbob;4\n');
  assert.equal(f.isIndexed, false);
  f.buildIndex(0);
  assert.equal(f.lookup('alice'), 0);
  assert.equal(f.lookup('bob'), 3, 'the last line holding a key wins (SIPp re-indexes)');
  assert.equal(f.lookup('nobody'), -1);
  f.insert('dave;5');
  assert.equal(f.lineCount, 5);
  assert.equal(f.lookup('dave'), 4);
  assert.equal(f.field(4, 1), '5');
  f.replace(0, 'zed;0');
  assert.equal(f.lookup('zed'), 0);
  assert.equal(f.lookup('alice'), -1, 'the replaced key leaves the index');
  assert.equal(f.field(0, 0), 'zed');
  f.replace(4, 'erin;6');
  assert.equal(f.lookup('dave'), -1);
  assert.equal(f.lookup('erin'), 4);
  throwsWith(() => f.replace(5, 'x'), 'RUN_FATAL', /invalid line number \(5\) for file: f.csv/);
  throwsWith(() => f.replace(-1, 'x'), 'RUN_FATAL', /invalid line number \(-1\)/);
});

test('insert and replace are refused on a PRINTF file', () => {
  const f = parse('SEQUENTIAL,PRINTF=4\nu%d\n', 'p.csv');
  throwsWith(() => f.insert('x'), 'RUN_FATAL', /can not insert or replace into a printf file: p/);
  throwsWith(() => f.replace(0, 'x'), 'RUN_FATAL', /printf file/);
});

test('fork: the same bytes with a counter, index and changes of its own', () => {
  const f = parse('SEQUENTIAL\na\nb\n');
  f.buildIndex(0);
  const copy = f.fork();
  copy.insert('c');
  assert.equal(copy.nextLine(0, Math.random), 0);
  assert.equal(copy.nextLine(0, Math.random), 1);
  assert.equal(f.nextLine(0, Math.random), 0, "the copy's calls do not move the original");
  assert.equal(f.lineCount, 2);
  assert.equal(copy.lookup('c'), 2);
  assert.equal(f.lookup('c'), -1);
});

test('a 1,000,000-line file loads fast and without a string per line', () => {
  const lines = 1_000_000;
  // Written straight into one Buffer, so the heap holds no line strings before the parse.
  const data = Buffer.allocUnsafe(64 * lines);
  let at = data.write('SEQUENTIAL\n', 0, 'latin1');
  for (let i = 0; i < lines; i++) {
    at += data.write('user', at, 'latin1');
    at += data.write(String(i), at, 'latin1');
    at += data.write(';pw', at, 'latin1');
    at += data.write(String(i), at, 'latin1');
    at += data.write(';[authentication username=x]\n', at, 'latin1');
  }
  const gc = exposedGc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const f = InjectionFile.parse('big.csv', data.subarray(0, at));
  const ms = performance.now() - t0;
  gc();
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  assert.equal(f.lineCount, lines);
  assert.equal(f.field(999_999, 1), 'pw999999');
  assert.equal(f.field(123_456, 0), 'user123456');
  // A string per line would be >= 16 bytes of header each (16 MB); the line bounds are two
  // Uint32Arrays, off the JS heap. Allow generous slack for the test runner's own garbage.
  assert.ok(heapGrowth < 2 * lines, `heap grew ${heapGrowth} bytes for ${lines} lines`);
  assert.ok(ms < 2000, `parsing took ${ms.toFixed(0)} ms`);
});
