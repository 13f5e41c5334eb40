/** What a shell command may use of its session; ShellSession implements it. */
import type { FlagLine } from './flag-line.ts';
import type { SessionDeps } from './session-deps.ts';

export interface ShellContext {
  readonly flags: FlagLine;
  readonly deps: SessionDeps;
  lastExitCode: number;
  isQuitting: boolean;
  print(text: string): void;
}

/** One shell command: a line of help and its handler. */
export interface ShellCommand {
  readonly usage: string;
  readonly summary: string;
  run(shell: ShellContext, args: readonly string[]): Promise<void> | void;
}
