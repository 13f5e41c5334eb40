/**
 * `-trace_screen`: the screens as sipp 3.6.1 writes them to `<scenario>_<pid>_screen.log` at
 * exit (test/output/sipp-samples/uac_screen.log, trace_client_screen.log): scenario, statistics and
 * repartition screens, drawn just after a statistics reset (periodic columns at zero, "0.0 s
 * period") and with the footer of a run that is ending ("Waiting for active calls to end").
 */
import { PeriodTracker } from '../stats/index.ts';
import type { StatsSnapshot } from '../stats/index.ts';
import { screenDump } from './final-report.ts';
import type { ScreenInfo } from './screen-info.ts';

export function screenTraceLines(final: StatsSnapshot, info: ScreenInfo): string[] {
  const tracker = new PeriodTracker();
  tracker.startPeriod(final);
  return screenDump(tracker.view(final), {
    ...info,
    state: 'draining',
    lastPeriod: { newCalls: 0, durationMs: 0 },
    // Gossipper's notices (socket buffers...) stay on the terminal.
    warnings: [],
  });
}
