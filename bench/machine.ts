/** Where the numbers came from: CPU, cores, kernel, Node, SIPp and Gossipper versions, load. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Binaries } from './commands.ts';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  kernel: string;
  memoryGiB: number;
  node: string;
  sipp: string;
  gossipper: string;
  /** 1-minute load average when the bench started: other work on the machine skews numbers. */
  loadAverage1m: number;
  gnuTime: boolean;
}

function firstLine(command: string, args: string[], match?: RegExp): string {
  try {
    const out = execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return (match ? lines.find((l) => match.test(l)) : lines[0]) ?? 'unknown';
  } catch (err) {
    // `sipp -v` exits 99 by design; its banner is still on stdout.
    const stdout = String((err as { stdout?: unknown }).stdout ?? '');
    const lines = stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return (match ? lines.find((l) => match.test(l)) : lines[0]) ?? 'unknown';
  }
}

export function machineInfo(bin: Binaries, gnuTime: boolean): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    kernel: release(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    sipp: firstLine(bin.sipp, ['-v'], /SIPp/),
    gossipper: firstLine(bin.gossipperBin, ['-version'], /gossipper/),
    loadAverage1m: loadavg()[0] ?? NaN,
    gnuTime,
  };
}

export function renderMachine(m: MachineInfo): string {
  return [
    `- CPU: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM`,
    `- kernel ${m.kernel}, Node ${m.node}`,
    `- ${m.sipp}; ${m.gossipper}`,
    `- load average at start: ${m.loadAverage1m.toFixed(2)}; CPU from ${m.gnuTime ? 'GNU time' : '/proc/<pid>/stat'}`,
  ].join('\n');
}
