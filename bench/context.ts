/** What every measure receives: the child registry, binaries, a work directory and a logger. */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import type { Binaries } from './commands.ts';
import type { BenchOptions } from './options.ts';
import type { ChildProcesses } from './processes.ts';

export interface BenchContext {
  children: ChildProcesses;
  bin: Binaries;
  /** Children run here: SIPp writes its -trace_rtt CSV into its working directory. */
  workDir: string;
  options: BenchOptions;
  log(line: string): void;
}

/** A loopback port free for both UDP and TCP right now (the OS picks it, we check TCP too). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await udpEphemeralPort();
    if (await isTcpFree(port)) return port;
  }
  throw new Error('bench: no free loopback port after 20 attempts');
}

function udpEphemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function isTcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
