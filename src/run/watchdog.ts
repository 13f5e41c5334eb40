/**
 * SIPp's watchdog (`-watchdog_*`): a timer meant to fire every intervalMs. When the gap since
 * its last firing passes a threshold, the event loop was stalled (blocked by work, the machine,
 * or a stopped process) and the run's timings are suspect: a major or minor trip, counted in the
 * statistics (WatchdogMajor/WatchdogMinor) and reported as SIPp's "Overload warning". More trips
 * than a `-watchdog_*_maxtriggers` allows end the run as a fatal error (exit 255), as in SIPp;
 * a quiet spell of `-watchdog_reset` sets both trip counts back to zero.
 */
import type { WatchdogConfig } from '../config/index.ts';
import type { Timers } from '../platform/index.ts';

export type WatchdogTrip = 'minor' | 'major';

export interface WatchdogEvents {
  /** A trip: count it (statistics) and show the warning. */
  trip(kind: WatchdogTrip, warning: string): void;
  /** The trip counts were reset. */
  warn(text: string): void;
  /** Too many trips: end the run as a fatal error. */
  fatal(text: string): void;
}

export class Watchdog {
  private lastFire: number;
  private lastTrigger: number;
  private minorTrips = 0;
  private majorTrips = 0;
  private failed = false;

  constructor(
    private readonly cfg: WatchdogConfig,
    private readonly now: () => number,
    private readonly events: WatchdogEvents,
  ) {
    this.lastFire = this.lastTrigger = now();
  }

  /** The timer fired: judge the gap since the previous firing. */
  fire(): void {
    if (this.failed) return;
    const cfg = this.cfg;
    const now = this.now();
    const gap = Math.round(now - this.lastFire);
    if (gap > cfg.majorThresholdMs) {
      this.majorTrips++;
      this.lastTrigger = now;
      this.events.trip('major', tripText('major', cfg.majorThresholdMs, gap, this.left('major')));
    } else if (gap > cfg.minorThresholdMs) {
      this.minorTrips++;
      this.lastTrigger = now;
      this.events.trip('minor', tripText('minor', cfg.minorThresholdMs, gap, this.left('minor')));
    }
    const major = cfg.majorMaxTriggers !== -1 && this.majorTrips > cfg.majorMaxTriggers;
    const minor = cfg.minorMaxTriggers !== -1 && this.minorTrips > cfg.minorMaxTriggers;
    if (major || minor) {
      this.failed = true;
      this.events.fatal(this.failureText(major ? 'major' : 'minor'));
      return;
    }
    if (
      cfg.resetMs > 0 &&
      this.majorTrips + this.minorTrips > 0 &&
      now > this.lastTrigger + cfg.resetMs
    ) {
      this.events.warn(
        'Resetting watchdog timer trigger counts, as it has not been triggered in over ' +
          `${Math.round(now - this.lastTrigger)}ms.`,
      );
      this.majorTrips = this.minorTrips = 0;
    }
    this.lastFire = now;
  }

  /** Trips so far (since the last reset). */
  get trips(): { readonly minor: number; readonly major: number } {
    return { minor: this.minorTrips, major: this.majorTrips };
  }

  private left(kind: WatchdogTrip): number {
    return kind === 'major'
      ? this.cfg.majorMaxTriggers - this.majorTrips
      : this.cfg.minorMaxTriggers - this.minorTrips;
  }

  private failureText(kind: WatchdogTrip): string {
    const c = this.cfg;
    const major = { th: c.majorThresholdMs, n: this.majorTrips, max: c.majorMaxTriggers };
    const minor = { th: c.minorThresholdMs, n: this.minorTrips, max: c.minorMaxTriggers };
    const [own, other, otherName] =
      kind === 'major' ? [major, minor, 'minor'] : [minor, major, 'major'];
    return (
      `Overload error: the watchdog timer has tripped the ${kind} threshold of ${own.th}ms too` +
      ` many times (${own.n} out of ${own.max} allowed) (${other.n} out of ${other.max}` +
      ` ${otherName} ${other.th}ms timeouts tripped)`
    );
  }
}

function tripText(kind: WatchdogTrip, thresholdMs: number, gapMs: number, left: number): string {
  return (
    `Overload warning: the ${kind} watchdog timer ${thresholdMs}ms has been tripped` +
    ` (${gapMs}), ${left} trips remaining.`
  );
}

/** Runs a Watchdog on `timers` every `-watchdog_interval`; returns the function that stops it. */
export function startWatchdog(
  cfg: WatchdogConfig,
  timers: Timers,
  now: () => number,
  events: WatchdogEvents,
): () => void {
  if (cfg.intervalMs <= 0) return () => {};
  const watchdog = new Watchdog(cfg, now, events);
  const handle = timers.setInterval(() => watchdog.fire(), cfg.intervalMs);
  return () => timers.clearInterval(handle);
}
