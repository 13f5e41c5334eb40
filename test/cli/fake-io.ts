// In-process Io for CLI tests: captures what main() writes.
import type { Io } from '../../src/io.ts';

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

export function fakeIo(cwd = '/work/fake-cwd'): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout: { write: (t: string) => stdout.push(t) },
    stderr: { write: (t: string) => stderr.push(t) },
    env: {},
    cwd,
    onSignal: () => () => {},
    out: () => stdout.join(''),
    err: () => stderr.join(''),
  };
}
