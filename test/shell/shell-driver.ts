// Drives runShell in-process: scripted input on a PassThrough, output captured, signals and the
// sipp runner faked so a test can fire Ctrl+C and see the flags a run would get.
import { PassThrough } from 'node:stream';
import { runShell, type SippRunner } from '../../src/shell/index.ts';
import type { Io, SignalName } from '../../src/io.ts';
import { fakeIo, type CapturedIo } from '../cli/fake-io.ts';

export interface ShellDrive {
  readonly io: CapturedIo;
  readonly input: PassThrough;
  /** Resolves with the shell's exit code. */
  readonly done: Promise<number>;
  /** Fires a process signal at whatever the shell subscribed. */
  signal(name: SignalName): void;
}

export function driveShell(runSipp: SippRunner, cwd?: string): ShellDrive {
  const base = fakeIo(cwd);
  const handlers = new Map<SignalName, Set<() => void>>();
  const io: CapturedIo = {
    ...base,
    onSignal(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set);
      set.add(handler);
      return () => set.delete(handler);
    },
  };
  const input = new PassThrough();
  return {
    io,
    input,
    done: runShell(io, input, runSipp),
    signal: (name) => handlers.get(name)?.forEach((h) => h()),
  };
}

/** Runs a whole script through the shell; runs are recorded, each returning `exitCode`. */
export async function runScript(
  lines: readonly string[],
  exitCode = 0,
  cwd?: string,
): Promise<{ io: CapturedIo; code: number; runs: string[][] }> {
  const runs: string[][] = [];
  const drive = driveShell(async (flags: readonly string[], _io: Io) => {
    runs.push([...flags]);
    return exitCode;
  }, cwd);
  drive.input.end(lines.map((l) => `${l}\n`).join(''));
  const code = await drive.done;
  return { io: drive.io, code, runs };
}
