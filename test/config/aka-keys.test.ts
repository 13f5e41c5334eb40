/**
 * `-aka_K`, `-aka_OP`, `-aka_AMF` are checked at start: a key of the wrong size or with a
 * non-hex digit is refused (CONFIG_INVALID, exit 255 before any socket) with the flag, the
 * value and what was wrong, where sipp would pad or cut it and fail every challenge later.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig, validateRunConfig, type RunConfig } from '../../src/config/index.ts';
import { FlagError } from '../../src/errors.ts';

const K = '0x465B5CE8B199B49FAA5F0A2EE238A6BC';
const OP = '0xCDC202D5123E20F62B6D676AC72CB318';

function check(keys: Partial<Pick<RunConfig, 'akaK' | 'akaOp' | 'akaAmf'>>): string | undefined {
  const config = { ...defaultRunConfig(), ...keys };
  try {
    validateRunConfig(config);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof FlagError);
    assert.equal(err.code, 'CONFIG_INVALID');
    return err.message;
  }
}

test('well-formed keys pass: 0x + hex, bare hex, raw characters', () => {
  assert.equal(check({ akaK: K, akaOp: OP, akaAmf: '0xB9B9' }), undefined);
  assert.equal(check({ akaK: K.slice(2).toLowerCase(), akaAmf: 'b9b9' }), undefined);
  assert.equal(check({ akaK: '0123456789abcdeX', akaAmf: 'AM' }), undefined);
});

test('a wrong size names the flag, the value and the size', () => {
  assert.equal(
    check({ akaK: '0x465B5CE8' }),
    '-aka_K: "0x465B5CE8" is not a 16-byte key (8 hex digits)',
  );
  assert.match(check({ akaOp: `${OP}00` }) ?? '', /^-aka_OP: .* \(34 hex digits\)$/);
  assert.match(check({ akaAmf: '0xB9B9B9' }) ?? '', /^-aka_AMF: .* 2-byte key \(6 hex digits\)$/);
  assert.match(check({ akaK: 'short' }) ?? '', /16-byte key \(5 characters\)/);
});

test('a non-hex digit after 0x is named', () => {
  assert.equal(
    check({ akaAmf: '0xB9G9' }),
    '-aka_AMF: "0xB9G9" is not a 2-byte key ("G" is not a hex digit)',
  );
});
