/**
 * Where Ctrl+C goes. During `run` it reaches the run's own SIGINT handler (the one-shot
 * front-end stops the run, prints its report, and the shell prompts again); at the prompt the
 * first one only warns, and a second one in a row quits. It arrives as SIGINT from a pipe's
 * process group, or as readline's SIGINT event on a terminal in raw mode: both come here.
 */
export type InterruptOutcome = 'run-stopping' | 'armed' | 'quit';

export class InterruptRouter {
  private readonly runHandlers = new Set<() => void>();
  private isRunning = false;
  /** Ctrl+C came after `run` began but before the run subscribed: deliver it on subscribe. */
  private isPending = false;
  private isArmed = false;

  startRun(): void {
    this.isRunning = true;
    this.isPending = false;
  }

  endRun(): void {
    this.isRunning = false;
    this.isPending = false;
    this.isArmed = false;
    this.runHandlers.clear();
  }

  /** The run's `io.onSignal('SIGINT', ...)`; returns the unsubscribe function. */
  subscribe(handler: () => void): () => void {
    this.runHandlers.add(handler);
    if (this.isPending) {
      this.isPending = false;
      handler();
    }
    return () => this.runHandlers.delete(handler);
  }

  /** A line was entered: the next Ctrl+C at the prompt warns again. */
  disarm(): void {
    this.isArmed = false;
  }

  interrupt(): InterruptOutcome {
    if (this.isRunning) {
      if (this.runHandlers.size === 0) this.isPending = true;
      for (const handler of [...this.runHandlers]) handler();
      return 'run-stopping';
    }
    if (this.isArmed) return 'quit';
    this.isArmed = true;
    return 'armed';
  }
}
