/**
 * Readings from /proc (Linux only, like the bench): CPU ticks, resident memory, children and
 * listening sockets. Every reader returns undefined once the process is gone instead of throwing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

function clockTicksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

const CLK_TCK = clockTicksPerSecond();

/** Fields after the `(comm)` of /proc/<pid>/stat; comm may contain spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of a live process (proc(5): fields 14 and 15, i.e. 11 and 12 after comm). */
export function readCpuSeconds(pid: number): { userS: number; sysS: number } | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  return { userS: Number(f[11]) / CLK_TCK, sysS: Number(f[12]) / CLK_TCK };
}

/** VmRSS in KiB from /proc/<pid>/status. */
export function readRssKb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The first process whose parent is `parentPid` (the program under /usr/bin/time). */
export async function findChildPid(
  parentPid: number,
  timeoutMs: number,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const f = statFields(Number(name));
      if (f && Number(f[1]) === parentPid) return Number(name);
    }
    await sleep(10);
  }
  return undefined;
}

/** True once some socket is bound to `port` on /proc/net/{udp,tcp}{,6} (TCP: listening only). */
export function isPortBound(port: number, proto: 'udp' | 'tcp'): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of [`/proc/net/${proto}`, `/proc/net/${proto}6`]) {
    let text = '';
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1] ?? '';
      if (!local.endsWith(`:${hexPort}`)) continue;
      // st 0A = TCP_LISTEN; for UDP any bound socket counts.
      if (proto === 'udp' || cols[3] === '0A') return true;
    }
  }
  return false;
}

/** Every UDP port some socket on this host is bound to (/proc/net/udp and udp6), read once. */
export function boundUdpPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1] ?? '';
      const hex = local.slice(local.lastIndexOf(':') + 1);
      if (hex !== '') ports.add(parseInt(hex, 16));
    }
  }
  return ports;
}

/** Wait until a server bound its port, so the first INVITE is not lost (and retransmitted). */
export async function waitForPort(
  port: number,
  proto: 'udp' | 'tcp',
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isPortBound(port, proto)) return true;
    await sleep(20);
  }
  return false;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One VmRSS reading, `atMs` after the sampler started. */
export interface RssSample {
  atMs: number;
  rssKb: number;
}

/** Samples VmRSS every `periodMs` until stopped; keeps the maximum and every reading. */
export class RssSampler {
  private readonly timer: NodeJS.Timeout;
  private maxKb = 0;
  readonly samples: RssSample[] = [];

  constructor(pid: number, periodMs: number) {
    const startMs = Date.now();
    this.timer = setInterval(() => {
      const kb = readRssKb(pid);
      if (kb === undefined) return;
      this.samples.push({ atMs: Date.now() - startMs, rssKb: kb });
      if (kb > this.maxKb) this.maxKb = kb;
    }, periodMs);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.maxKb;
  }
}
