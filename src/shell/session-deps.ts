/** What a shell session takes from its loop (shell-loop.ts) or from a test. */
import type { Io } from '../io.ts';

export interface SessionDeps {
  /** Where the session writes (stdout, stderr) and resolves `-sf` paths (cwd). */
  readonly io: Io;
  /** A terminal: prompts are shown and `set` confirms what it set. */
  readonly isInteractive: boolean;
  /** Reads one answer for the wizard; the fallback when empty; undefined at end of input. */
  ask(question: string, fallback: string): Promise<string | undefined>;
  /** Runs the flags as `gossipper sipp <flags>` would, returning its exit code. */
  runFlags(flags: readonly string[]): Promise<number>;
}
