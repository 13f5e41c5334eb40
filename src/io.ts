/**
 * The process surface a front-end may touch. main(argv, io) receives it so the CLI is testable
 * in-process; src/bin.ts passes the real process.
 */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export type SignalName = 'SIGINT' | 'SIGTERM' | 'SIGUSR1' | 'SIGUSR2';

export interface Io {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Keyboard input for the screen's hot keys; undefined when there is none. */
  readonly stdin?: NodeJS.ReadStream;
  /** Standard input as a stream, terminal or pipe: the lines `gossipper shell` reads. */
  readonly lineInput?: NodeJS.ReadableStream;
  /** All of standard input as text (`gossipper auth -password-stdin`), whatever it is. */
  readAllStdin?(): Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Subscribe to a process signal; returns the unsubscribe function. */
  onSignal(name: SignalName, handler: () => void): () => void;
  /**
   * `-bg`: start this same command again as a detached process and return its PID; undefined
   * where that is impossible (in-process tests) or when this process already is that child.
   */
  detach?(): number | undefined;
}

/** Set in the environment of the detached child so it does not detach again. */
export const BACKGROUND_CHILD_ENV = 'GOSSIPPER_BACKGROUND_CHILD';

export function processIo(): Io {
  return {
    detach() {
      if (process.env[BACKGROUND_CHILD_ENV] === '1') return undefined;
      const child = process
        .getBuiltinModule('node:child_process')
        .spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
          detached: true,
          stdio: 'ignore',
          env: { ...process.env, [BACKGROUND_CHILD_ENV]: '1' },
        });
      child.unref();
      return child.pid;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin.isTTY ? process.stdin : undefined,
    lineInput: process.stdin,
    async readAllStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    onSignal(name, handler) {
      process.on(name, handler);
      return () => process.off(name, handler);
    },
  };
}
