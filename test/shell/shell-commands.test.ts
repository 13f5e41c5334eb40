import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScript } from './shell-driver.ts';

test('set with dash, without it and by alias builds the flag line show prints', async () => {
  const { io } = await runScript([
    '# a comment, then an empty line',
    '',
    'set scenario uac',
    'set -m 10',
    'set remote 127.0.0.1:5070',
    'set r 20',
    'set m 3',
    'show',
  ]);
  // -m keeps its first place when set again; the alias wrote the real flag name.
  assert.equal(io.out(), 'gossipper sipp -sn uac -m 3 -rsa 127.0.0.1:5070 -r 20\n');
  assert.equal(io.err(), '');
});

test('show quotes values a POSIX shell would split; -key repeats by its name', async () => {
  const { io } = await runScript([
    `set key greeting "hello world"`,
    `set key who it\\'s`,
    'set key greeting hi',
    'show',
  ]);
  assert.equal(io.out(), `gossipper sipp -key greeting hi -key who 'it'\\''s'\n`);
});

test('a boolean flag with no value is turned on; a switch takes none', async () => {
  const { io } = await runScript(['set trace_err', 'set aa', 'show', 'set bg now']);
  assert.equal(io.out(), 'gossipper sipp -trace_err -aa\n');
  assert.match(io.err(), /^gossipper: -bg is a switch and takes no value\n/);
});

test('unset removes a flag; reset removes all; sn and sf replace each other', async () => {
  const { io } = await runScript([
    'set sn uas',
    'set calls 4',
    'set sf x.xml',
    'show',
    'unset calls',
    'show',
    'unset m',
    'reset',
    'show',
  ]);
  assert.equal(
    io.out(),
    'gossipper sipp -m 4 -sf x.xml\ngossipper sipp -sf x.xml\ngossipper sipp\n',
  );
  assert.equal(io.err(), 'gossipper: -m is not set\nhint: show lists the flags set\n');
});

test('flag errors are the CLI errors: unknown flag with did-you-mean, bad value', async () => {
  const { io } = await runScript(['set rsx 127.0.0.1', 'set m lots', 'set --m 3', 'show']);
  const err = io.err();
  assert.match(err, /^gossipper: unknown flag "-rsx" \(did you mean "-rsa"\?\)\n/);
  assert.match(err, /gossipper: -m: "lots" is not an integer\n/);
  assert.match(err, /gossipper: unknown flag "--m" \(did you mean "-m"\?\)\n/);
  assert.equal(io.out(), 'gossipper sipp\n', 'nothing wrong was kept');
});

test('an unknown command names itself and the nearest one; the session goes on', async () => {
  const { io } = await runScript(['sett m 3', 'shwo', 'frobnicate', 'show']);
  const err = io.err();
  assert.match(err, /gossipper: unknown command "sett" \(did you mean "set"\?\)\n/);
  assert.match(err, /gossipper: unknown command "shwo" \(did you mean "show"\?\)\n/);
  assert.match(err, /gossipper: unknown command "frobnicate"\nhint: type help/);
  assert.equal(io.out(), 'gossipper sipp\n');
});

test('a quote left open is refused, not guessed', async () => {
  const { io } = await runScript([`set key a "b c`, 'show']);
  assert.match(io.err(), /^gossipper: unterminated " quote in: set key a "b c\n/);
  assert.equal(io.out(), 'gossipper sipp\n');
});

test('check parses and loads the scenario; its errors are the CLI ones', async () => {
  const ok = await runScript(['set sn uas', 'check']);
  assert.equal(ok.io.out(), 'ok: UAS scenario "uas", 7 steps; type run to start it\n');
  const bad = await runScript(['set sf /nonexistent/uac.xml', 'parse']);
  assert.equal(bad.io.out(), '');
  assert.match(bad.io.err(), /^gossipper: .*nonexistent\/uac\.xml/);
});

test('run hands the flags to the sipp runner; end of input exits with its code', async () => {
  const { code, runs } = await runScript(['set sn uac', 'set rsa 127.0.0.1:5070', 'run'], 7);
  assert.deepEqual(runs, [['-sn', 'uac', '-rsa', '127.0.0.1:5070']]);
  assert.equal(code, 7);
});

test('quit stops reading: later lines do not run', async () => {
  const { code, runs, io } = await runScript(['set sn uas', 'quit', 'run', 'show']);
  assert.deepEqual(runs, []);
  assert.equal(code, 0);
  assert.equal(io.out(), '');
});

test('run with nothing set refuses instead of printing the sipp summary', async () => {
  const { runs, io } = await runScript(['run']);
  assert.deepEqual(runs, []);
  assert.match(io.err(), /^gossipper: no flags set yet\n/);
});

test('bare set prints the cheat sheet with the alias table; help lists commands', async () => {
  const { io } = await runScript(['set', 'help']);
  assert.match(io.out(), /^Common flags/);
  assert.match(io.out(), /remote=rsa bind=i calls=m rate=r/);
  for (const name of ['set', 'unset', 'show', 'check', 'hint', 'wizard', 'run', 'quit'])
    assert.match(io.out(), new RegExp(`^  ${name}\\b`, 'm'));
  for (const line of io.out().split('\n')) assert.ok(line.length <= 80, line);
});
