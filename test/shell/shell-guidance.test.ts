import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScript } from './shell-driver.ts';

function hintLines(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('hint: ') || l.startsWith('no hints'));
}

test('hint: a UAC with no scenario, no remote and no -m gets all three', async () => {
  const { io } = await runScript(['set r 5', 'hint']);
  const hints = hintLines(io.out());
  assert.equal(hints.length, 3, hints.join('\n'));
  assert.match(hints[0], /no scenario/);
  assert.match(hints[1], /no remote: a UAC needs one/);
  assert.match(hints[2], /no -m or -timeout/);
});

test('hint: a high rate with no -l is risky; -l silences it', async () => {
  const risky = await runScript([
    'set sn uac',
    'set rsa 127.0.0.1:5070',
    'set m 10000',
    'set r 500',
    'hint',
  ]);
  assert.deepEqual(hintLines(risky.io.out()).length, 1);
  assert.match(risky.io.out(), /-r 500\/s with no -l/);
  const capped = await runScript([
    'set sn uac',
    'set rsa 127.0.0.1:5070',
    'set m 10000',
    'set r 500',
    'set l 2000',
    'hint',
  ]);
  assert.equal(capped.io.out(), 'no hints: the flags look complete\n');
});

test('hint: a UAS with no port is told of 5060', async () => {
  const { io } = await runScript(['set sn uas', 'hint']);
  assert.deepEqual(hintLines(io.out()), [
    'hint: a UAS listens on port 5060 unless told; set p <port> if that one is taken',
  ]);
});

test('wizard: a UAC from typed answers and defaults; a bad answer is asked again', async () => {
  const { io } = await runScript([
    'wizard',
    '', // role: default uac
    '127.0.0.1:5080',
    'fast', // rate: refused by the -r parser, asked again
    '50',
    '', // calls: default 100
    't1',
    'show',
  ]);
  assert.match(io.err(), /gossipper: -r: "fast"/);
  const shown = io.out().trim().split('\n').at(-1);
  assert.equal(shown, 'gossipper sipp -sn uac -rsa 127.0.0.1:5080 -r 50 -m 100 -t t1');
});

test('wizard: a UAS asks for a port, not a remote or a rate; 0 calls means no -m', async () => {
  const { io } = await runScript(['set m 5', 'wizard', 'uas', '15060', '0', '', 'show']);
  assert.equal(io.err(), '');
  assert.equal(io.out().trim().split('\n').at(-1), 'gossipper sipp -sn uas -p 15060 -t u1');
});

test('wizard: input ending mid-way keeps what was answered and ends the shell', async () => {
  const { io, code } = await runScript(['wizard', 'uac', '10.0.0.1:5060']);
  assert.equal(code, 0);
  assert.doesNotMatch(io.out(), /type run to start/);
});
