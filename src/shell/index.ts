/**
 * `gossipper shell` (alias `cli`): a line-oriented shell that builds SIPp flags and runs them
 * through the same path as `gossipper sipp ...` (docs/shell.md). Loaded by main.ts only when
 * asked for; it imports no other front-end, main.ts hands it the runner.
 */
import { GossipperError } from '../errors.ts';
import { EXIT_OK } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { runShell, type SippRunner } from './shell-loop.ts';
import { SHELL_USAGE } from './shell-text.ts';

export { runShell, type SippRunner } from './shell-loop.ts';

const HELP_TOKENS = ['-h', '-help', '--help', 'help'];

export async function runShellCommand(
  name: string,
  args: readonly string[],
  io: Io,
  runSipp: SippRunner,
): Promise<number> {
  if (args.length > 0 && HELP_TOKENS.includes(args[0])) {
    io.stdout.write(SHELL_USAGE);
    return EXIT_OK;
  }
  if (args.length > 0) {
    throw new GossipperError(
      'SHELL_INPUT',
      `gossipper ${name} takes no arguments, got "${args.join(' ')}"`,
      'set flags inside the shell (set rsa 127.0.0.1:5060), or run gossipper sipp <flags>',
    );
  }
  if (io.lineInput === undefined) {
    throw new GossipperError('SHELL_INPUT', `gossipper ${name}: no standard input to read`);
  }
  return runShell(io, io.lineInput, runSipp);
}
