/**
 * The one-shot run's periodic display: SIPp's screens on a terminal (1 scenario, 2 statistics,
 * 3 and 6-9 repartitions, 4 variables; 5, the TDM map, needs -tdmmap, so its key does nothing
 * as in SIPp), else one
 * summary line (and the warnings that hold) per refresh period (`-fd`), starting a statistics
 * period each time in the display's own PeriodTracker (the run's statistics stay cumulative).
 * Runtime control (keys, command mode, `-cp`) switches screens and shows its warnings here.
 */
import type { Io } from '../io.ts';
import {
  footer,
  lastErrorLine,
  repartitionScreen,
  scenarioScreen,
  statisticsScreen,
  summaryLine,
  variablesScreenLines,
} from '../output/index.ts';
import type { ScreenInfo } from '../output/index.ts';
import type { RunHandle } from '../run/index.ts';
import type { PeriodTracker, StatsSnapshot } from '../stats/index.ts';
import { screenInfoFor } from './screen-info.ts';

/** What runtime control changes on the display. */
export interface DisplayControl {
  stop(): void;
  /** `1`..`9`. */
  showScreen(screen: number): void;
  /** `set hide false` shows the steps marked `hide="true"`. */
  setHide(hide: boolean): void;
  /** `set index true` puts the step index before the send and recv rows. */
  setIndex(index: boolean): void;
  /** The command line being typed after `c`, or undefined when not in command mode. */
  setCommandLine(text: string | undefined): void;
  /** A control warning, shown as the last error until the run reports a newer one. */
  notice(text: string): void;
}

/** Starts the display; returns its controls (stop() ends it). */
export function startDisplay(
  run: RunHandle,
  io: Io,
  tty: boolean,
  warnings: () => string[],
  periods: PeriodTracker,
): DisplayControl {
  let screen = 1;
  let showHidden = false;
  let showIndex = false;
  let commandLine: string | undefined;
  let notice: { text: string; runError: string } | undefined;
  let last: StatsSnapshot | undefined;

  const infoNow = (): ScreenInfo => {
    const status = run.status();
    const info = screenInfoFor(run, status, warnings());
    // The notice stays until the run reports an error of its own after it.
    if (notice !== undefined && notice.runError !== status.lastError) notice = undefined;
    const lastError = notice?.text ?? info.lastError;
    const scenario = showHidden
      ? { ...info.scenario, commands: info.scenario.commands.map((c) => ({ ...c, hide: false })) }
      : info.scenario;
    return { ...info, lastError, scenario, showIndex };
  };
  const draw = (snap: StatsSnapshot): void => {
    const lines = screenLines(screen, snap, infoNow());
    if (commandLine !== undefined) lines.push(`Command: ${commandLine}`);
    io.stdout.write('\x1b[2J\x1b[H' + lines.join('\n') + '\n');
  };

  const every = Math.max(100, run.config.screenRefreshMs);
  const timer = setInterval(() => {
    const snap = periods.view(run.snapshot());
    if (tty) draw(snap);
    else {
      const notes = warnings().slice(1);
      io.stdout.write([summaryLine(snap, run.status().currentCalls), ...notes].join('\n') + '\n');
    }
    last = snap;
    periods.startPeriod(snap);
  }, every);
  timer.unref();
  // A key redraws at once, with the period shown last (a redraw must not start a new one).
  const redraw = (): void => {
    if (tty && run.state !== 'done') draw(last ?? periods.view(run.snapshot()));
  };
  return {
    stop: () => clearInterval(timer),
    showScreen(n) {
      // SIPp ignores `5` without -tdmmap (not available here).
      if (n === 5) return;
      screen = n;
      redraw();
    },
    setHide(hide) {
      showHidden = !hide;
      redraw();
    },
    setIndex(index) {
      showIndex = index;
      redraw();
    },
    setCommandLine(text) {
      commandLine = text;
      redraw();
    },
    notice(text) {
      notice = { text, runError: run.status().lastError };
      redraw();
    },
  };
}

const VARIABLES_TITLE =
  '----------------------------- Variables Screen -------- [1-9]: Change Screen --';

/** The lines of screen `n` (1-9). */
export function screenLines(n: number, snap: StatsSnapshot, info: ScreenInfo): string[] {
  switch (n) {
    case 1:
      return scenarioScreen(snap, info);
    case 2:
      return statisticsScreen(snap, info);
    case 3:
      return repartitionScreen(snap, info, 0);
    case 4: {
      const lines = [VARIABLES_TITLE, ...variablesScreenLines(info.scenario)];
      if (info.lastError) lines.push(lastErrorLine(info.lastError));
      lines.push(footer(info));
      return lines;
    }
    default:
      // 6-9: the second to fifth response-time repartition.
      return repartitionScreen(snap, info, n - 5);
  }
}
