/**
 * `wizard`: a few questions (UAC or UAS, remote, rate, calls, transport) that fill the flags,
 * each with a default in brackets that Enter accepts. Every answer goes through `set`'s own
 * check; a wrong one is explained and asked again.
 */
import { reportError } from '../cli/index.ts';
import type { ShellCommand, ShellContext } from './shell-context.ts';

interface Question {
  readonly text: string;
  readonly flag: string;
  readonly fallback: string;
  readonly isFor: 'client' | 'server' | 'both';
}

const QUESTIONS: readonly Question[] = [
  { text: 'Remote host:port', flag: 'rsa', fallback: '127.0.0.1:5060', isFor: 'client' },
  { text: 'Local port to listen on', flag: 'p', fallback: '5060', isFor: 'server' },
  { text: 'Calls per second', flag: 'r', fallback: '10', isFor: 'client' },
  { text: 'Calls in all, 0 = until Ctrl+C', flag: 'm', fallback: '100', isFor: 'both' },
  { text: 'Transport: u1 UDP, t1 TCP, l1 TLS', flag: 't', fallback: 'u1', isFor: 'both' },
];

const MAX_TRIES = 3;

export const wizardCommand: ShellCommand = {
  usage: 'wizard',
  summary: 'guided set-up of a UAC or UAS',
  async run(shell) {
    const role = await askRole(shell);
    if (role === undefined) return;
    shell.flags.set('sn', [role]);
    const side = role === 'uac' ? 'client' : 'server';
    for (const q of QUESTIONS.filter((x) => x.isFor === 'both' || x.isFor === side)) {
      if (!(await askFlag(shell, q))) return;
    }
    shell.print(
      `${shell.flags.commandText()}\ntype run to start, check to verify, hint for advice`,
    );
  },
};

async function askRole(shell: ShellContext): Promise<'uac' | 'uas' | undefined> {
  const current = shell.flags.get('sn')?.[0] === 'uas' ? 'uas' : 'uac';
  for (let i = 0; i < MAX_TRIES; i++) {
    const answer = await shell.deps.ask('Place calls (uac) or answer them (uas)?', current);
    if (answer === undefined) return undefined;
    const role = answer.trim().toLowerCase();
    if (role === 'uac' || role === 'uas') return role;
    shell.print('answer uac or uas');
  }
  return undefined;
}

/** Asks until `set` accepts the answer; false when input ended or tries ran out. */
async function askFlag(shell: ShellContext, q: Question): Promise<boolean> {
  const fallback = shell.flags.get(q.flag)?.join(' ') ?? q.fallback;
  for (let i = 0; i < MAX_TRIES; i++) {
    const answer = await shell.deps.ask(q.text, fallback);
    if (answer === undefined) return false;
    const value = answer.trim();
    try {
      // 0 here means no limit: the flag is left out, as SIPp's default is unlimited.
      if (q.flag === 'm' && value === '0') shell.flags.unset('m');
      else shell.flags.set(q.flag, [value]);
      return true;
    } catch (err) {
      reportError(err, shell.deps.io);
    }
  }
  return false;
}
