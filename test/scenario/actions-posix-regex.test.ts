// POSIX ERE (glibc regcomp with REG_EXTENDED, as SIPp's ereg) to JS. The "glibc" expectations
// were checked against SIPp 3.6.1's ereg on the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePosixEre, posixEreToJs, PosixRegexError } from '../../src/scenario/index.ts';

const first = (pattern: string, text: string): string | undefined =>
  compilePosixEre(pattern).exec(text)?.[0];

test('bracket classes become JS ranges', () => {
  assert.equal(posixEreToJs('[[:digit:]]+'), '[0-9]+');
  assert.equal(posixEreToJs('[^[:space:]]'), '[^ \\t\\n\\r\\f\\v]');
  assert.equal(first('[[:alpha:]]+$', 'abc 123 def'), 'def');
  assert.equal(first('[[:upper:][:digit:]]+', 'abc X9Y z'), 'X9Y');
  assert.equal(first('[[:xdigit:]]+', 'zz0fAg'), '0fA');
  assert.equal(first('[[:punct:]]+', 'ab;.,cd'), ';.,');
  assert.equal(first('[[:alnum:]_]+', '-a_1-'), 'a_1');
  assert.equal(first('[[:blank:]]+', 'a \t b'), ' \t ');
});

test('inside brackets a backslash is literal and a leading ] is a member', () => {
  assert.equal(first('[\\d]', 'abc 123 def'), 'd', 'glibc: the set {\\, d}');
  assert.equal(first('[]a]+', 'x]a]y'), ']a]');
  assert.equal(first('[^]a]+', ']]bc'), 'bc');
  assert.equal(first('[a-c-]+', 'x-ab-y'), '-ab-');
  assert.equal(first('[[.-.]x]+', 'a-x-'), '-x-');
});

test('GNU escapes kept, other escapes are the plain character', () => {
  assert.equal(first('\\d', 'abc 123 def'), 'd');
  assert.equal(first('\\w+', '  ab_1 '), 'ab_1');
  assert.equal(first('\\<def', 'abcdef def'), 'def');
  assert.equal(compilePosixEre('\\<def').exec('abcdef def')?.index, 7);
  assert.equal(first('ab\\>', 'abc ab'), 'ab');
  assert.equal(compilePosixEre('ab\\>').exec('abc ab')?.index, 4);
  assert.equal(first('(a)\\1', 'aa'), 'aa');
  assert.equal(first('a\\.b', 'axb a.b'), 'a.b');
  assert.equal(first('a)', 'a)'), 'a)', 'a ) that closes nothing is literal');
});

test('. and [^...] match line breaks (no REG_NEWLINE); ^ and $ anchor the whole text', () => {
  assert.equal(first('OK..Via', 'SIP/2.0 200 OK\r\nVia: x'), 'OK\r\nVia');
  assert.equal(first('^Via', 'SIP/2.0 200 OK\r\nVia: x'), undefined);
  assert.equal(first('[^a]+', 'x\r\ny a'), 'x\r\ny ');
});

test('patterns regcomp refuses throw PosixRegexError with glibc wording', () => {
  const reason = (p: string): string => {
    try {
      compilePosixEre(p);
    } catch (err) {
      assert.ok(err instanceof PosixRegexError);
      return err.message;
    }
    return 'compiled';
  };
  assert.equal(reason('('), 'Unmatched ( or \\(');
  assert.equal(reason('[abc'), 'Unmatched [, [^, [:, [., or [=');
  assert.equal(reason('[[:nope:]]'), 'Invalid character class name');
  assert.equal(reason('a\\'), 'Trailing backslash');
});
