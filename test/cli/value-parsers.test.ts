import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseBoolValue,
  parseFloatValue,
  parseHostPort,
  parseStrtolInt,
  parseTimeMs,
} from '../../src/cli/index.ts';
import { FlagError } from '../../src/errors.ts';

function flagError(fn: () => unknown, pattern: RegExp, code = 'FLAG_VALUE'): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FlagError, 'expected a FlagError');
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

test('time: suffixes ms, s, m, h and the default unit for a bare number', () => {
  assert.equal(parseTimeMs('-d', '250', 'ms'), 250);
  assert.equal(parseTimeMs('-d', '250ms', 'ms'), 250);
  assert.equal(parseTimeMs('-d', '2s', 'ms'), 2000);
  assert.equal(parseTimeMs('-timeout', '30', 's'), 30_000);
  assert.equal(parseTimeMs('-timeout', '500ms', 's'), 500);
  assert.equal(parseTimeMs('-timeout', '5m', 's'), 300_000);
  assert.equal(parseTimeMs('-timeout', '1h', 's'), 3_600_000);
  assert.equal(parseTimeMs('-rp', '1.5s', 'ms'), 1500);
  assert.equal(parseTimeMs('-f', '0', 's'), 0);
});

test('time: rejects junk, negatives and hh:mm:ss, naming the flag', () => {
  for (const bad of ['1x', '-5', '01:00:00', '', 's', '5 s', '1min']) {
    flagError(() => parseTimeMs('-d', bad, 'ms'), /^-d: ".*" is not a time$/);
  }
});

test('time: any whole number with any unit scales exactly', () => {
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  fc.assert(
    fc.property(fc.nat(100_000), fc.constantFrom('ms', 's', 'm', 'h'), (n, unit) => {
      assert.equal(parseTimeMs('-d', `${n}${unit}`, 'ms'), n * mult[unit]);
    }),
  );
});

test('int: C strtol base-0 syntax: decimal, 0x hex, leading-0 octal, sign', () => {
  assert.equal(parseStrtolInt('-m', '42'), 42);
  assert.equal(parseStrtolInt('-m', '0x2A'), 42);
  assert.equal(parseStrtolInt('-m', '0x2a'), 42);
  assert.equal(parseStrtolInt('-p', '017777'), 8191);
  assert.equal(parseStrtolInt('-m', '0'), 0);
  assert.equal(parseStrtolInt('-base_cseq', '-7'), -7);
  assert.equal(parseStrtolInt('-base_cseq', '+7'), 7);
});

test('int: any safe integer round-trips through its decimal, hex and octal spellings', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (n) => {
      assert.equal(parseStrtolInt('-m', String(n)), n);
      assert.equal(parseStrtolInt('-m', `0x${n.toString(16)}`), n);
      assert.equal(parseStrtolInt('-m', `0${n.toString(8)}`), n);
    }),
  );
});

test('int: trailing junk, floats, bad octal and words are errors naming the flag', () => {
  for (const bad of ['10abc', '1.5', '08', 'ten', '', '0x', '1e3']) {
    flagError(() => parseStrtolInt('-m', bad), /^-m: ".*" is not an integer$/);
  }
});

test('float: decimals and exponents; junk is an error naming the flag', () => {
  assert.equal(parseFloatValue('-r', '10'), 10);
  assert.equal(parseFloatValue('-r', '0.5'), 0.5);
  assert.equal(parseFloatValue('-r', '.5'), 0.5);
  assert.equal(parseFloatValue('-r', '1e2'), 100);
  flagError(() => parseFloatValue('-r', 'abc'), /^-r: "abc" is not a number$/);
  flagError(() => parseFloatValue('-r', '5cps'), /^-r: "5cps" is not a number$/);
});

test('bool: true/false in any case, or an integer where 0 is false', () => {
  assert.equal(parseBoolValue('-x', 'true'), true);
  assert.equal(parseBoolValue('-x', 'TRUE'), true);
  assert.equal(parseBoolValue('-x', 'False'), false);
  assert.equal(parseBoolValue('-x', '0'), false);
  assert.equal(parseBoolValue('-x', '2'), true);
  assert.equal(parseBoolValue('-x', '0x0'), false);
  flagError(
    () => parseBoolValue('-reconnect_close', 'maybe'),
    /^-reconnect_close: "maybe" is not a boolean$/,
  );
  flagError(() => parseBoolValue('-x', 'yes'), /^-x: "yes" is not a boolean$/);
});

test('host[:port]: names, IPv4, bracketed and bare IPv6, default port 5060', () => {
  assert.deepEqual(parseHostPort('-rsa', 'example.com'), { host: 'example.com', port: 5060 });
  assert.deepEqual(parseHostPort('-rsa', '10.0.0.1:5070'), { host: '10.0.0.1', port: 5070 });
  assert.deepEqual(parseHostPort('-rsa', '[::1]:5070'), { host: '::1', port: 5070 });
  assert.deepEqual(parseHostPort('-rsa', '[2001:db8::1]'), { host: '2001:db8::1', port: 5060 });
  assert.deepEqual(parseHostPort('-rsa', '2001:db8::1'), { host: '2001:db8::1', port: 5060 });
});

test('host[:port]: bad ports and shapes are errors naming the flag', () => {
  for (const bad of [
    'host:',
    'host:0',
    'host:70000',
    'host:abc',
    ':5060',
    '[::1',
    '[::1]5060',
    '[]:5060',
    '',
  ]) {
    flagError(() => parseHostPort('-rsa', bad), /^-rsa: ".*" is not a host\[:port\]/);
  }
});
