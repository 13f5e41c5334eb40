/**
 * The shell's read loop on node:readline: a prompt on a terminal, none on a pipe (a script's
 * output is then only what its commands print); lines run one at a time; Ctrl+C routed by
 * InterruptRouter; ends at `quit`, end of input or a second Ctrl+C, with the last run's code.
 */
import type { Interface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Io, SignalName } from '../io.ts';
import { InterruptRouter } from './interrupts.ts';
import { LineQueue } from './line-queue.ts';
import { ShellSession } from './shell-session.ts';

const PROMPT = 'gossipper> ';

/** `gossipper sipp <flags>` in this process (main.ts passes its own route); its exit code. */
export type SippRunner = (flags: readonly string[], io: Io) => Promise<number>;

export async function runShell(
  io: Io,
  input: NodeJS.ReadableStream,
  runSipp: SippRunner,
): Promise<number> {
  const isInteractive = io.stdout.isTTY === true && (input as { isTTY?: boolean }).isTTY === true;
  const { createInterface } = process.getBuiltinModule('node:readline');
  const rl = createInterface({
    input,
    output: isInteractive ? (io.stdout as unknown as Writable) : undefined,
    terminal: isInteractive,
    prompt: PROMPT,
  });
  const queue = new LineQueue();
  rl.on('line', (line) => queue.push(line));
  rl.on('close', () => queue.close());
  const router = new InterruptRouter();
  const unsubscribe = listenForInterrupts(io, rl, router, isInteractive);
  const runIo = runIoFor(io, router);
  const session = new ShellSession({
    io,
    isInteractive,
    ask: (question, fallback) => askLine(rl, queue, isInteractive, question, fallback),
    async runFlags(flags) {
      router.startRun();
      try {
        return await runSipp(flags, runIo);
      } finally {
        router.endRun();
      }
    },
  });
  try {
    while (!session.isQuitting) {
      if (isInteractive) rl.prompt();
      const line = await queue.next();
      if (line === undefined) break;
      router.disarm();
      await session.execLine(line);
    }
  } finally {
    rl.close();
    for (const off of unsubscribe) off();
  }
  return session.lastExitCode;
}

/** Ctrl+C from readline (a terminal in raw mode) or as SIGINT (a pipe); SIGTERM ends it all. */
function listenForInterrupts(
  io: Io,
  rl: Interface,
  router: InterruptRouter,
  isInteractive: boolean,
): Array<() => void> {
  const onInterrupt = (): void => {
    const outcome = router.interrupt();
    if (outcome === 'quit') rl.close();
    else if (outcome === 'armed') {
      io.stdout.write('\n(Ctrl+C again quits; quit too)\n');
      if (isInteractive) rl.prompt();
    }
  };
  rl.on('SIGINT', onInterrupt);
  return [
    io.onSignal('SIGINT', onInterrupt),
    // SIGTERM: the run (subscribed on its own through runIoFor) stops; the shell then ends.
    io.onSignal('SIGTERM', () => rl.close()),
  ];
}

/** The Io a run gets: the shell's output, and its SIGINT through the router. */
function runIoFor(io: Io, router: InterruptRouter): Io {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    cwd: io.cwd,
    // No stdin: readline owns it, so the run's hot keys are off and Ctrl+C comes through here.
    onSignal: (name: SignalName, handler) =>
      name === 'SIGINT' ? router.subscribe(handler) : io.onSignal(name, handler),
  };
}

/** One wizard answer: the fallback for an empty line, undefined at end of input. */
async function askLine(
  rl: Interface,
  queue: LineQueue,
  isInteractive: boolean,
  question: string,
  fallback: string,
): Promise<string | undefined> {
  if (isInteractive) {
    rl.setPrompt(`${question} [${fallback}]: `);
    rl.prompt();
  }
  const answer = await queue.next();
  rl.setPrompt(PROMPT);
  if (answer === undefined) return undefined;
  return answer.trim() === '' ? fallback : answer;
}
