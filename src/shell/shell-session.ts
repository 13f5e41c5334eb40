/**
 * One shell session's state (the flags set so far, the last run's exit code) and how a line
 * becomes a command. Knows nothing of readline or signals: shell-loop.ts feeds it lines.
 */
import { closestName, reportError } from '../cli/index.ts';
import { GossipperError } from '../errors.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { FlagLine } from './flag-line.ts';
import { splitWords } from './line-words.ts';
import { SHELL_COMMANDS } from './shell-commands.ts';
import type { ShellContext } from './shell-context.ts';
import type { SessionDeps } from './session-deps.ts';

export class ShellSession implements ShellContext {
  readonly flags: FlagLine;
  lastExitCode = EXIT_OK;
  isQuitting = false;

  constructor(readonly deps: SessionDeps) {
    this.flags = new FlagLine(deps.io.cwd);
  }

  print(text: string): void {
    this.deps.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Runs one line; errors are printed as the CLI prints them and the session goes on. */
  async execLine(line: string): Promise<void> {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    try {
      const [name, ...args] = splitWords(trimmed);
      const command = SHELL_COMMANDS[name.toLowerCase()];
      if (command === undefined) throw unknownCommand(name);
      await command.run(this, args);
    } catch (err) {
      reportError(err, this.deps.io);
    }
  }
}

function unknownCommand(name: string): GossipperError {
  const near = closestName(name, Object.keys(SHELL_COMMANDS));
  const mean = near === undefined ? '' : ` (did you mean "${near}"?)`;
  return new GossipperError(
    'SHELL_INPUT',
    `unknown command "${name}"${mean}`,
    'type help for the commands',
  );
}
