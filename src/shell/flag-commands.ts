/** `set`, `unset`, `show`, `reset`: editing the session's flag line. */
import { GossipperError } from '../errors.ts';
import { flagNameOf } from './flag-aliases.ts';
import type { ShellCommand } from './shell-context.ts';
import { CHEAT_SHEET } from './shell-text.ts';
import { quoteWord } from './line-words.ts';

export const setCommand: ShellCommand = {
  usage: 'set [<flag> [value...]]',
  summary: 'set a SIPp flag; bare set: common flags',
  run(shell, args) {
    if (args.length === 0) return shell.print(CHEAT_SHEET);
    const entry = shell.flags.set(flagNameOf(args[0]), args.slice(1));
    if (shell.deps.isInteractive) {
      shell.print(['', `-${entry.name}`, ...entry.values.map(quoteWord)].join(' '));
    }
  },
};

export const unsetCommand: ShellCommand = {
  usage: 'unset <flag>',
  summary: 'remove a flag',
  run(shell, args) {
    if (args.length !== 1) {
      throw new GossipperError('SHELL_INPUT', 'unset takes one flag name', 'e.g. unset m');
    }
    const name = flagNameOf(args[0]);
    if (!shell.flags.unset(name)) {
      throw new GossipperError('SHELL_INPUT', `-${name} is not set`, 'show lists the flags set');
    }
  },
};

export const showCommand: ShellCommand = {
  usage: 'show',
  summary: 'the command line run stands for',
  run(shell) {
    shell.print(shell.flags.commandText());
  },
};

export const resetCommand: ShellCommand = {
  usage: 'reset',
  summary: 'forget every flag set',
  run(shell) {
    shell.flags.clear();
  },
};
