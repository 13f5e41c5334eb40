/** `check` (alias `parse`) and `hint`: looking at the flags without sending anything. */
import type { ShellCommand } from './shell-context.ts';
import { prepareRun } from './flag-check.ts';
import { hintsFor } from './hints.ts';

export const checkCommand: ShellCommand = {
  usage: 'check',
  summary: 'parse flags, load the scenario; sends nothing (parse)',
  async run(shell) {
    const { io } = shell.deps;
    const prepared = await prepareRun(shell.flags.argv(), io.cwd);
    // The same note and warning lines `gossipper sipp` prints before a run.
    for (const note of prepared.notes) io.stderr.write(`gossipper: note: ${note}\n`);
    for (const warning of prepared.warnings) io.stderr.write(`gossipper: warning: ${warning}\n`);
    const role = prepared.mode === 'client' ? 'UAC' : 'UAS';
    shell.print(
      `ok: ${role} scenario "${prepared.scenarioName}", ${prepared.stepCount} steps; ` +
        'type run to start it',
    );
  },
};

export const hintCommand: ShellCommand = {
  usage: 'hint',
  summary: 'flags that look missing or risky',
  async run(shell) {
    const prepared = await prepareRun(shell.flags.argv(), shell.deps.io.cwd);
    const hints = hintsFor(shell.flags, prepared);
    if (hints.length === 0) shell.print('no hints: the flags look complete');
    for (const hint of hints) shell.print(`hint: ${hint}`);
  },
};
