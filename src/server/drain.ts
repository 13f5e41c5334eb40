/**
 * SIGTERM / SIGINT on the server: drain (the run's soft quit: no new calls, calls in flight go
 * on), and once -drain_timeout passes, abort what is left (the second soft quit, which sends
 * CANCEL/BYE); should even that not end the run within a grace period, stop it. A second signal
 * skips the wait.
 */

/** What a drain needs: every engine of the server behind one face. */
export interface Drainable {
  openCalls(): number;
  isDone(): boolean;
  /** The first: no new calls; the second: abort the open ones (CANCEL/BYE). */
  softQuit(): void;
  stop(): void;
}

/** After the aborts, how long the run may take to send them and close its sockets. */
const ABORT_GRACE_MS = 2000;

export class DrainControl {
  private timers: NodeJS.Timeout[] = [];
  private signals = 0;

  constructor(
    private readonly run: Drainable,
    private readonly timeoutMs: number,
    private readonly log: (line: string) => void,
  ) {}

  get isRequested(): boolean {
    return this.signals > 0;
  }

  request(signal: string): void {
    this.signals++;
    if (this.signals === 1) {
      const open = this.run.openCalls();
      this.log(
        `${signal}: draining, ${open} call(s) in flight (at most ${this.timeoutMs / 1000} s)`,
      );
      this.run.softQuit();
      this.later(this.timeoutMs, () => this.abort('drain timeout reached'));
    } else this.abort(`${signal} again`);
  }

  private abort(why: string): void {
    if (this.run.isDone()) return;
    this.log(`${why}: ending ${this.run.openCalls()} call(s) in flight`);
    this.run.softQuit();
    this.later(ABORT_GRACE_MS, () => this.run.stop());
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
