import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Io } from '../../src/io.ts';
import { driveShell } from './shell-driver.ts';

/** A runner that runs until its SIGINT handler fires, as the one-shot run does. */
function runUntilInterrupted(
  started: () => void,
): (f: readonly string[], io: Io) => Promise<number> {
  return (_flags, io) =>
    new Promise<number>((resolve) => {
      const off = io.onSignal('SIGINT', () => {
        off();
        resolve(3);
      });
      started();
    });
}

test('Ctrl+C during run stops the run and the shell reads on', { timeout: 5000 }, async () => {
  let drive: ReturnType<typeof driveShell> | undefined;
  const runner = runUntilInterrupted(() => drive?.signal('SIGINT'));
  drive = driveShell(runner);
  drive.input.end('set sn uas\nrun\nshow\n');
  assert.equal(await drive.done, 3, "the interrupted run's exit code");
  assert.equal(drive.io.out(), 'gossipper sipp -sn uas\n', 'show ran after the run');
});

test(
  'Ctrl+C right after run began, before the run listens, still reaches it',
  { timeout: 5000 },
  async () => {
    const drive = driveShell(async (_flags, io) => {
      // The real run subscribes only after loading the scenario: fire before that.
      drive.signal('SIGINT');
      await new Promise((r) => setImmediate(r));
      return new Promise<number>((resolve) => io.onSignal('SIGINT', () => resolve(4)));
    });
    drive.input.end('set sn uas\nrun\n');
    assert.equal(await drive.done, 4);
  },
);

test('at the prompt one Ctrl+C warns, a second one quits', { timeout: 5000 }, async () => {
  const drive = driveShell(async () => 0);
  drive.input.write('set sn uas\n');
  await new Promise((r) => setImmediate(r));
  drive.signal('SIGINT');
  assert.match(drive.io.out(), /Ctrl\+C again quits/);
  drive.input.write('show\n');
  await new Promise((r) => setImmediate(r));
  drive.signal('SIGINT'); // a line came in between: this one warns again
  drive.signal('SIGINT');
  assert.equal(await drive.done, 0, 'quit without end of input');
  assert.match(drive.io.out(), /gossipper sipp -sn uas\n\n\(Ctrl\+C again quits/);
});
