/** The shell's commands by name: a table of small handlers (see docs/shell.md). */
import { GossipperError } from '../errors.ts';
import type { ShellCommand } from './shell-context.ts';
import { resetCommand, setCommand, showCommand, unsetCommand } from './flag-commands.ts';
import { checkCommand, hintCommand } from './check-commands.ts';
import { wizardCommand } from './wizard.ts';

const runCommand: ShellCommand = {
  usage: 'run',
  summary: 'run it as gossipper sipp would; Ctrl+C stops',
  async run(shell) {
    if (shell.flags.argv().length === 0) {
      throw new GossipperError('SHELL_INPUT', 'no flags set yet', 'type wizard, or set sn uac');
    }
    shell.lastExitCode = await shell.deps.runFlags(shell.flags.argv());
    if (shell.deps.isInteractive) shell.print(`run ended with exit code ${shell.lastExitCode}`);
  },
};

const quitCommand: ShellCommand = {
  usage: 'quit',
  summary: "leave with the last run's exit code (exit)",
  run(shell) {
    shell.isQuitting = true;
  },
};

const helpCommand: ShellCommand = {
  usage: 'help',
  summary: 'this list',
  run(shell) {
    const width = Math.max(...Object.values(SHELL_COMMANDS).map((c) => c.usage.length));
    const seen = new Set<ShellCommand>();
    const lines: string[] = [];
    for (const command of Object.values(SHELL_COMMANDS)) {
      if (seen.has(command)) continue;
      seen.add(command);
      lines.push(`  ${command.usage.padEnd(width)}  ${command.summary}`);
    }
    lines.push("Lines starting with # are comments. Flags are SIPp's: see gossipper sipp -h.");
    shell.print(lines.join('\n'));
  },
};

export const SHELL_COMMANDS: Readonly<Record<string, ShellCommand>> = {
  help: helpCommand,
  set: setCommand,
  unset: unsetCommand,
  show: showCommand,
  check: checkCommand,
  parse: checkCommand,
  hint: hintCommand,
  wizard: wizardCommand,
  run: runCommand,
  reset: resetCommand,
  quit: quitCommand,
  exit: quitCommand,
};
