/**
 * The one-shot run's periodic display: SIPp's scenario screen on a terminal, else one summary
 * line (and the warnings that hold) per refresh period (`-fd`), starting a statistics period each
 * time in the display's own PeriodTracker (the run's statistics stay cumulative).
 */
import type { Io } from '../io.ts';
import { scenarioScreen, summaryLine } from '../output/index.ts';
import type { RunHandle } from '../run/index.ts';
import type { PeriodTracker } from '../stats/index.ts';
import { screenInfoFor } from './screen-info.ts';

/** Starts the display; returns the function that stops it. */
export function startDisplay(
  run: RunHandle,
  io: Io,
  tty: boolean,
  warnings: () => string[],
  periods: PeriodTracker,
): () => void {
  const every = Math.max(100, run.config.screenRefreshMs);
  const timer = setInterval(() => {
    const snap = periods.view(run.snapshot());
    const status = run.status();
    if (tty) {
      const lines = scenarioScreen(snap, screenInfoFor(run, status, warnings()));
      io.stdout.write('\x1b[2J\x1b[H' + lines.join('\n') + '\n');
    } else {
      const notes = warnings().slice(1);
      io.stdout.write([summaryLine(snap, status.currentCalls), ...notes].join('\n') + '\n');
    }
    periods.startPeriod(snap);
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}
