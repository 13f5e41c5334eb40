/**
 * The bench's children: each load generator runs under GNU time (CPU seconds and peak RSS the
 * kernel accounted at exit, nothing subtracted) in its own process group, with a hard timeout.
 * A ChildProcesses instance remembers what it started so Ctrl-C or a crash kills exactly those
 * groups and nothing else on the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChildPid, readCpuSeconds } from './proc-files.ts';

export const GNU_TIME = '/usr/bin/time';
/** After SIGINT (which makes both SIPp and Gossipper print their final screens), wait this long. */
const GRACE_MS = 4000;

export interface ChildSpec {
  /** Short label, also the log file stem: `uac-sipp`, `uas-gossipper`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  timeoutMs: number;
}

export interface ChildResult {
  name: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  wallS: number;
  userS: number;
  sysS: number;
  /** Peak resident set size in KiB, as GNU time's %M reports it (0 without GNU time). */
  maxRssKb: number;
  stdout: string;
  stderr: string;
}

/** One started child. `pid` is the load generator itself (not the time wrapper) once known. */
export class RunningChild {
  readonly done: Promise<ChildResult>;
  readonly spec: ChildSpec;
  private readonly wrapper: ChildProcess;
  private readonly pidReady: Promise<number | undefined>;
  private finished = false;

  constructor(
    spec: ChildSpec,
    wrapper: ChildProcess,
    done: Promise<ChildResult>,
    wrapped: boolean,
  ) {
    this.spec = spec;
    this.wrapper = wrapper;
    this.done = done.finally(() => {
      this.finished = true;
    });
    const wrapperPid = wrapper.pid;
    this.pidReady =
      wrapped && wrapperPid !== undefined
        ? findChildPid(wrapperPid, 3000)
        : Promise.resolve(wrapperPid);
  }

  /** PID of the measured program (for /proc sampling and signals). */
  pid(): Promise<number | undefined> {
    return this.pidReady;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Ask the program to stop the way a user would (final screen is still printed). */
  async interrupt(): Promise<void> {
    const pid = await this.pidReady;
    if (pid !== undefined && !this.finished) sendSignal(pid, 'SIGINT');
  }

  /** Kill the whole process group this bench created for the child (wrapper + program). */
  kill(): void {
    const pid = this.wrapper.pid;
    if (pid !== undefined && !this.finished) sendSignal(-pid, 'SIGKILL');
  }
}

function sendSignal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Starts children and kills only those on request; one instance per bench run. */
export class ChildProcesses {
  private readonly live = new Set<RunningChild>();
  private readonly hasGnuTime = existsSync(GNU_TIME);
  private readonly logDir: string;
  private serial = 0;

  constructor(logDir: string) {
    this.logDir = logDir;
  }

  start(spec: ChildSpec): RunningChild {
    const stem = join(this.logDir, `${String(++this.serial).padStart(4, '0')}-${spec.name}`);
    const outFd = openSync(`${stem}.out`, 'w');
    const errFd = openSync(`${stem}.err`, 'w');
    const timeFile = `${stem}.time`;
    const [command, args] = this.hasGnuTime
      ? [GNU_TIME, ['-o', timeFile, '-f', '%e %U %S %M', spec.command, ...spec.args]]
      : [spec.command, spec.args];
    const startedMs = Date.now();
    const wrapper = spawn(command, args, {
      cwd: spec.cwd,
      detached: true,
      stdio: ['ignore', outFd, errFd],
    });
    closeSync(outFd);
    closeSync(errFd);
    let child: RunningChild | undefined;
    let lastCpu = { userS: 0, sysS: 0 };
    // Without GNU time, poll /proc so the last reading before exit is the CPU total.
    const poll = this.hasGnuTime
      ? undefined
      : setInterval(() => {
          if (wrapper.pid !== undefined) lastCpu = readCpuSeconds(wrapper.pid) ?? lastCpu;
        }, 50);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void child?.interrupt();
      setTimeout(() => child?.kill(), GRACE_MS).unref();
    }, spec.timeoutMs);
    const done = new Promise<ChildResult>((resolve) => {
      wrapper.on('error', () => undefined);
      wrapper.on('close', (code, signal) => {
        clearTimeout(timer);
        if (poll) clearInterval(poll);
        const wallS = (Date.now() - startedMs) / 1000;
        const timed = this.hasGnuTime ? readTimeFile(timeFile) : undefined;
        resolve({
          name: spec.name,
          exitCode: code,
          signal,
          timedOut,
          wallS: timed?.wallS ?? wallS,
          userS: timed?.userS ?? lastCpu.userS,
          sysS: timed?.sysS ?? lastCpu.sysS,
          maxRssKb: timed?.maxRssKb ?? 0,
          stdout: readText(`${stem}.out`),
          stderr: readText(`${stem}.err`),
        });
      });
    });
    child = new RunningChild(spec, wrapper, done, this.hasGnuTime);
    this.live.add(child);
    void child.done.then(() => this.live.delete(child as RunningChild));
    return child;
  }

  /** Kill every child this instance started that is still running. */
  killAll(): void {
    for (const child of this.live) child.kill();
  }

  get gnuTime(): boolean {
    return this.hasGnuTime;
  }
}

interface TimeFields {
  wallS: number;
  userS: number;
  sysS: number;
  maxRssKb: number;
}

/** GNU time writes "Command exited with non-zero status N" before the -f line when N ≠ 0. */
function readTimeFile(path: string): TimeFields | undefined {
  const lines = readText(path).trim().split('\n');
  const fields = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
  if (fields.length !== 4 || fields.some((n) => !Number.isFinite(n))) return undefined;
  const [wallS, userS, sysS, maxRssKb] = fields as [number, number, number, number];
  return { wallS, userS, sysS, maxRssKb };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
