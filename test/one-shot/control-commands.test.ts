/**
 * The runtime-control language (SIPp 3.6.1's hot keys and command lines): what each text means,
 * and SIPp's own warning text for what it does not understand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand, parseDatagram, parseKey } from '../../src/one-shot/control-commands.ts';

describe('hot keys', () => {
  it('+ - * / step the rate by 1 and 10 (times the rate scale, applied later)', () => {
    assert.deepEqual(parseKey('+'), { kind: 'rate-step', steps: 1 });
    assert.deepEqual(parseKey('-'), { kind: 'rate-step', steps: -1 });
    assert.deepEqual(parseKey('*'), { kind: 'rate-step', steps: 10 });
    assert.deepEqual(parseKey('/'), { kind: 'rate-step', steps: -10 });
  });

  it('p q Q s c and the screens 1-9', () => {
    assert.deepEqual(parseKey('p'), { kind: 'toggle-pause' });
    assert.deepEqual(parseKey('q'), { kind: 'soft-quit' });
    assert.deepEqual(parseKey('Q'), { kind: 'quit-now' });
    assert.deepEqual(parseKey('s'), { kind: 'dump-screens' });
    assert.deepEqual(parseKey('c'), { kind: 'command-mode' });
    for (let n = 1; n <= 9; n++)
      assert.deepEqual(parseKey(String(n)), { kind: 'screen', screen: n });
  });

  it('any other key does nothing', () => {
    for (const k of ['0', 'x', ' ', '\n', 'P', '']) assert.deepEqual(parseKey(k), { kind: 'none' });
  });
});

describe('command lines', () => {
  it('set rate / rate-scale / users / limit take numbers', () => {
    assert.deepEqual(parseCommand('set rate 100'), { kind: 'set-rate', rate: 100 });
    assert.deepEqual(parseCommand('  set   rate  2.5 '), { kind: 'set-rate', rate: 2.5 });
    assert.deepEqual(parseCommand('set rate-scale 10'), { kind: 'set-rate-scale', scale: 10 });
    assert.deepEqual(parseCommand('set users 7'), { kind: 'set-users', users: 7 });
    assert.deepEqual(parseCommand('set limit 300'), { kind: 'set-limit', limit: 300 });
  });

  it('set display / hide / index', () => {
    assert.deepEqual(parseCommand('set display ooc'), { kind: 'set-display', scenario: 'ooc' });
    assert.deepEqual(parseCommand('set hide false'), { kind: 'set-hide', hide: false });
    assert.deepEqual(parseCommand('set index true'), { kind: 'set-index', index: true });
  });

  it('trace <log> on|off|true|false, dump tasks|variables, reset stats', () => {
    assert.deepEqual(parseCommand('trace error on'), { kind: 'trace', log: 'error', on: true });
    assert.deepEqual(parseCommand('trace logs false'), { kind: 'trace', log: 'logs', on: false });
    assert.deepEqual(parseCommand('trace shortmessages off'), {
      kind: 'trace',
      log: 'shortmessages',
      on: false,
    });
    assert.deepEqual(parseCommand('dump tasks'), { kind: 'dump-tasks' });
    assert.deepEqual(parseCommand('dump variables'), { kind: 'dump-variables' });
    assert.deepEqual(parseCommand('reset stats'), { kind: 'reset-stats' });
  });

  it("bad lines give SIPp's warnings (as seen from sipp 3.6.1 over -cp)", () => {
    const warning = (line: string): string => {
      const a = parseCommand(line);
      assert.equal(a.kind, 'invalid', line);
      return a.kind === 'invalid' ? a.warning : '';
    };
    assert.equal(warning('set'), 'The set command requires at least one argument');
    assert.equal(warning('foo bar'), 'Unrecognized command: "foo"');
    assert.equal(warning('set bogus 3'), 'Unknown set attribute: bogus');
    assert.equal(
      warning('set rate'),
      'The set command requires two arguments (attribute and value)',
    );
    assert.equal(warning('set rate-scale x'), 'Invalid rate-scale value: "x"');
    assert.equal(warning('set rate 10cps'), 'Invalid rate value: "10cps"');
    assert.equal(warning('set limit -1'), 'Invalid limit value: "-1"');
    assert.equal(warning('set hide maybe'), 'Invalid bool: maybe');
    assert.equal(
      warning('trace error maybe'),
      "The trace command's second argument must be on or off.",
    );
    assert.equal(warning('trace calls on'), 'Unknown log file: calls');
    assert.equal(warning('dump calls'), 'Unknown dump type: calls');
    assert.equal(warning('reset all'), 'Unknown reset type: all');
  });

  it('an empty line does nothing', () => {
    assert.deepEqual(parseCommand(''), { kind: 'none' });
    assert.deepEqual(parseCommand('   '), { kind: 'none' });
  });
});

describe('control-socket datagrams', () => {
  it('a leading c makes the rest a command line, newline and all', () => {
    assert.deepEqual(parseDatagram('cset rate 100\n'), { kind: 'set-rate', rate: 100 });
    assert.deepEqual(parseDatagram('cdump tasks'), { kind: 'dump-tasks' });
  });

  it('anything else is the hot key of its first byte (so "echo p" pauses)', () => {
    assert.deepEqual(parseDatagram('p\n'), { kind: 'toggle-pause' });
    assert.deepEqual(parseDatagram('q'), { kind: 'soft-quit' });
    assert.deepEqual(parseDatagram('*'), { kind: 'rate-step', steps: 10 });
    assert.deepEqual(parseDatagram('2'), { kind: 'screen', screen: 2 });
    assert.deepEqual(parseDatagram(''), { kind: 'none' });
  });
});
