// The built bin end to end: a script piped into `gossipper shell` runs a UAC against our own
// UAS on loopback, and SIGINT during `run` returns to the script's next line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GOSSIPPER_BIN,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
  type Peer,
} from '../peers/processes.ts';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';

interface ShellProcess {
  write(text: string): void;
  end(): void;
  /** Resolves once stdout matches. */
  outputMatching(pattern: RegExp): Promise<void>;
  exit: Promise<{ code: number | null; out: string; err: string }>;
  interrupt(): void;
  kill(): void;
}

function startShell(): ShellProcess {
  const child = spawn(GOSSIPPER_BIN, ['shell'], {
    cwd: mkdtempSync(path.join(tmpdir(), 'gossipper-shell-')),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...watchers]) w();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    write: (text) => child.stdin.write(text),
    end: () => child.stdin.end(),
    outputMatching: (pattern) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (pattern.test(out)) resolve();
        };
        watchers.push(check);
        check();
      }),
    exit: new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err }))),
    interrupt: () => {
      if (child.exitCode === null) child.kill('SIGINT');
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

test('a piped script runs 3 calls against our UAS and exits 0', { timeout: 20_000 }, async () => {
  requireBuiltBin();
  const port = await freeUdpPort();
  let uas: Peer | undefined;
  try {
    uas = startGossipper(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-nostdin']);
    await waitForUdpListener(port, uas);
    const shell = startShell();
    shell.write(`# a script\nset sn uac\nset rsa 127.0.0.1:${port}\nset m 3\nset r 20\nrun\n`);
    shell.end();
    const { code, out, err } = await shell.exit;
    assert.equal(code, 0, `exit code\nstdout:\n${out.slice(-3000)}\nstderr:\n${err}`);
    assertAllSucceeded(3, 'gossipper shell', parseFinalScreens(out));
  } finally {
    killRunning([uas]);
  }
});

test('SIGINT during run stops it and the shell reads on', { timeout: 20_000 }, async () => {
  requireBuiltBin();
  // Nothing listens there: calls go unanswered, the run goes on until interrupted.
  const port = await freeUdpPort();
  const shell = startShell();
  try {
    shell.write(`set sn uac\nset rsa 127.0.0.1:${port}\nset r 5\nset i 127.0.0.1\nrun\n`);
    // The run's periodic summary line (a pipe gets no screen): it is running.
    await shell.outputMatching(/\] rate .* created \d+/);
    shell.interrupt();
    await shell.outputMatching(/Test Terminated/);
    shell.write('show\n');
    shell.end();
    const { out } = await shell.exit;
    assert.match(out, /Test Terminated[\s\S]*\ngossipper sipp -sn uac -rsa 127\.0\.0\.1:\d+ -r 5/);
  } finally {
    shell.kill();
  }
});
