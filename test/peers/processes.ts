/**
 * Starting real peers (SIPp, the built gossipper bin) for interop tests, and ending only the
 * processes a test started, by PID. A test needing SIPp fails under CI=true when it is missing
 * and skips loudly otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
/** The npm bin: the launcher, which starts from the V8 snapshot (scripts/build-snapshot.mjs). */
export const GOSSIPPER_BIN = path.join(REPO, 'dist/gossipper');
/** The ESM bundle the launcher falls back to; runnable on its own through its shebang. */
export const GOSSIPPER_BUNDLE = path.join(REPO, 'dist/gossipper.js');

export function haveSipp(): boolean {
  return spawnSync('sipp', ['-v'], { stdio: 'ignore' }).error === undefined;
}

/** `skip` option for node:test: skip locally with a loud reason, fail under CI. */
export function sippRequirement(): string | false {
  if (haveSipp()) return false;
  if (process.env.CI === 'true')
    throw new Error('sipp is required in CI (apt-get install -y sip-tester) but was not found');
  const why = 'SIPp not installed: interop test NOT RUN (apt-get install -y sip-tester)';
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

export function requireBuiltBin(): void {
  if (!existsSync(GOSSIPPER_BIN))
    throw new Error(`${GOSSIPPER_BIN} missing: run npm run build first (npm test does)`);
}

export interface Peer {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code; rejects if it does not exit within timeoutMs (and kills it). */
  exit(timeoutMs: number): Promise<number>;
  kill(signal?: NodeJS.Signals): void;
}

export function startPeer(cmd: string, args: string[], cwd?: string): Peer {
  const child = spawn(cmd, args, {
    cwd: cwd ?? mkdtempSync(path.join(tmpdir(), 'gossipper-peer-')),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': a process's last output can still be in its pipes when it exits,
  // and a test reading stdout right after exit() (its final screen) must see all of it.
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code, sig) => resolve(code ?? (sig ? 128 : -1))),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.pid) child.kill(signal);
    },
    async exit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          if (child.exitCode === null) child.kill('SIGKILL');
          reject(
            new Error(
              `${cmd} ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`,
            ),
          );
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export function startGossipper(args: string[], cwd?: string): Peer {
  // Executed as users run it: the bin's shebang carries the V8 flags it wants.
  return startPeer(GOSSIPPER_BIN, args, cwd);
}

export function startSipp(args: string[], cwd?: string): Peer {
  return startPeer('sipp', args, cwd);
}

/**
 * `npm test` runs two lanes of test files at once (scripts/run-tests.mjs sets
 * GOSSIPPER_TEST_LANE to 0 or 1); each lane draws ports from its own part of a range, so files
 * running side by side never pick the same port. Alone, a file has the whole range.
 */
export function laneSlice(first: number, count: number): { first: number; count: number } {
  const lane = process.env.GOSSIPPER_TEST_LANE;
  if (lane !== '0' && lane !== '1') return { first, count };
  const half = Math.floor(count / 2);
  return lane === '0' ? { first, count: half } : { first: first + half, count: count - half };
}

/**
 * A free UDP port on loopback, for a peer started later with `-p`. Drawn from 10000-19999, below
 * the kernel's ephemeral range (32768+) and the media blocks (20000+): a port taken with bind(0)
 * and released could be handed by the kernel to any other process binding port 0 before the peer
 * binds it (a clean-clone CI run lost SIPp to EADDRINUSE, exit 254, that way). Checked free for
 * UDP and TCP when drawn; never handed out twice by one test process.
 */
export async function freeUdpPort(): Promise<number> {
  return freePortOn('127.0.0.1');
}

/** A port in 10000-19999 free for UDP and TCP on `host` right now (see freeUdpPort). */
export async function freePortOn(host: '127.0.0.1' | '::1'): Promise<number> {
  const [dgram, net] = await Promise.all([import('node:dgram'), import('node:net')]);
  const udpFree = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const s = dgram.createSocket(host === '::1' ? 'udp6' : 'udp4');
      s.once('error', () => resolve(false));
      s.bind(port, host, () => s.close(() => resolve(true)));
    });
  const tcpFree = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, host, () => s.close(() => resolve(true)));
    });
  const lane = laneSlice(10000, 10000);
  for (let tries = 0; tries < 200; tries++) {
    const port = lane.first + Math.floor(Math.random() * lane.count);
    if (handedOut.has(port)) continue;
    if ((await udpFree(port)) && (await tcpFree(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port on ${host} between 10000 and 20000`);
}
const handedOut = new Set<number>();

/**
 * A base port for a SIPp media block: SIPp binds audio RTP and RTCP at -mp, -mp+1 and video at
 * -mp+2, -mp+3. Drawn below the kernel's ephemeral range (32768+), 4-aligned, so no port bound
 * with port 0 (freeUdpPort, our sockets) can land inside another test's block; all four checked
 * free when drawn.
 */
export async function freeMediaPortBlock(): Promise<number> {
  const dgram = await import('node:dgram');
  const canBind = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  const lane = laneSlice(0, 3000);
  for (let tries = 0; tries < 200; tries++) {
    const base = 20000 + 4 * (lane.first + Math.floor(Math.random() * lane.count));
    // Two blocks drawn for one test (a client's and a server's) must differ even while
    // neither is bound yet.
    if (handedOut.has(base)) continue;
    let free = true;
    for (let p = base; p < base + 4 && free; p++) free = await canBind(p);
    if (free) {
      for (let p = base; p < base + 4; p++) handedOut.add(p);
      return base;
    }
  }
  throw new Error('no free block of 4 UDP ports between 20000 and 32000');
}

/** The UDP ports bound in a /proc net table (`/proc/net/udp`); undefined when it is unreadable. */
export function udpPortsInTable(file: string): Set<number> | undefined {
  try {
    const rows = readFileSync(file, 'utf8').split('\n').slice(1);
    // local_address is "HEXIP:HEXPORT" in the second column.
    return new Set(
      rows
        .map((r) => r.trim().split(/\s+/)[1])
        .filter(Boolean)
        .map((a) => parseInt(a.split(':')[1], 16)),
    );
  } catch {
    return undefined;
  }
}

/**
 * Resolves once a process on this host has UDP `port` bound, by reading /proc/net/udp{,6} (binding
 * the port ourselves to probe it could steal it from the peer). Without /proc it waits 500 ms.
 */
export async function waitForUdpListener(
  port: number,
  peer: Peer,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v4 = udpPortsInTable('/proc/net/udp');
    if (v4 === undefined) {
      await new Promise((r) => setTimeout(r, 500));
      return;
    }
    if (v4.has(port) || udpPortsInTable('/proc/net/udp6')?.has(port)) return;
    if (peer.child.exitCode !== null) {
      throw new Error(
        `peer exited with ${peer.child.exitCode} before binding UDP ${port}\nstdout:\n${peer.stdout().slice(-2000)}\nstderr:\n${peer.stderr().slice(-2000)}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`nothing bound UDP ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** For finally blocks: ends (SIGKILL) each of these peers that is still running. */
export function killRunning(peers: Array<Peer | undefined>): void {
  for (const p of peers) p?.kill('SIGKILL');
}

/** The tail of a peer's output, for assertion messages. */
export function describeRun(p: Peer): string {
  return `stdout:\n${p.stdout().slice(-3000)}\nstderr:\n${p.stderr().slice(-2000)}`;
}
