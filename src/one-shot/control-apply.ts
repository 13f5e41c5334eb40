/**
 * Carries out a ControlAction (control-commands.ts) on a running test: the rate, pause and quit
 * on the RunHandle, screens on the display, and SIPp's warnings for what cannot be done. What
 * Gossipper does not have yet (`reset stats`) answers with a one-line warning instead of doing
 * nothing silently.
 */
import { variableDumpLines } from '../output/index.ts';
import type { RunHandle } from '../run/index.ts';
import type { ControlAction, TraceLog } from './control-commands.ts';

/** What a controller drives besides the run; the one-shot front-end fills it. */
export interface ControlHooks {
  /** SIPp's WARNING: the screen's last-error line, and the error log with `-trace_err`. */
  warn(text: string): void;
  /** `dump tasks` output (SIPp writes it to the error log). */
  report(lines: string[]): void;
  /** `1`..`9`; absent without a screen (SIPp ignores the keys then). */
  showScreen?(screen: number): void;
  /** `set hide`: false shows the steps the scenario marks `hide="true"`. */
  setHide?(hide: boolean): void;
  /** `set index`: the step index before the send and recv rows of the scenario screen. */
  setIndex?(index: boolean): void;
  /** `s`: write the screens to the `-trace_screen` file; absent when there is none. */
  dumpScreens?(): void;
  /** `trace <log> on|off`; answers a warning when that log cannot be switched. */
  trace?(log: TraceLog, on: boolean): string | undefined;
  /** Lines `dump tasks` adds for the front-end's own periodic tasks (screen, watchdog). */
  tasks?(): string[];
}

export class RunController {
  /** `-rate_scale`: the step of the `+ - * /` keys, changed by `set rate-scale`. */
  rateScale: number;

  constructor(
    private readonly run: RunHandle,
    private readonly hooks: ControlHooks,
    rateScale = 1,
  ) {
    this.rateScale = rateScale;
  }

  apply(action: ControlAction): void {
    const run = this.run;
    const hooks = this.hooks;
    if (run.state === 'done' || run.state === 'starting') return;
    switch (action.kind) {
      case 'none':
      case 'command-mode':
        return;
      case 'invalid':
        return hooks.warn(action.warning);
      case 'rate-step':
        return this.setRate(run.status().rate + action.steps * this.rateScale);
      case 'set-rate':
        return this.setRate(action.rate);
      case 'set-rate-scale':
        this.rateScale = action.scale;
        return;
      case 'toggle-pause':
        if (run.status().paused) run.resume();
        else run.pause();
        return;
      case 'soft-quit':
        return run.softQuit();
      case 'quit-now':
        return run.stop();
      case 'screen':
        return hooks.showScreen?.(action.screen);
      case 'dump-screens':
        if (hooks.dumpScreens) hooks.dumpScreens();
        else hooks.warn('s: no screen file to dump to (start the run with -trace_screen)');
        return;
      case 'set-users':
        // Every Gossipper run is rate-based: -users is not available yet.
        return hooks.warn('Users can not be changed at run time for a rate-based benchmark.');
      case 'set-limit':
        if (run.setCallLimit) run.setCallLimit(action.limit);
        else hooks.warn('set limit: not available with -threads (each shard has its own limit)');
        return;
      case 'set-display':
        // SIPp's wording when the scenario asked for does not exist: there is no -oocsf yet.
        if (action.scenario !== 'main') hooks.warn(`Unknown display scenario: ${action.scenario}`);
        return;
      case 'set-hide':
        return hooks.setHide?.(action.hide);
      case 'set-index':
        // sipp 3.6.1 accepts it in silence, with or without a screen.
        return hooks.setIndex?.(action.index);
      case 'trace':
        if (hooks.trace) {
          const warning = hooks.trace(action.log, action.on);
          if (warning !== undefined) hooks.warn(warning);
        } else
          hooks.warn(`trace ${action.log}: switching trace files at run time is not available`);
        return;
      case 'dump-tasks':
        return hooks.report(this.taskLines());
      case 'dump-variables':
        // SIPp: one warning per line, the global, user and call variable tables.
        return hooks.report(variableDumpLines(run.scenario));
      case 'reset-stats':
        return hooks.warn('reset stats: not available (statistics stay cumulative)');
    }
  }

  private setRate(rate: number): void {
    // SIPp never lets the keys take the rate below zero.
    this.run.setRate(Math.max(0, rate));
  }

  /** SIPp lists its active tasks (mostly calls); Gossipper keeps calls in timer wheels. */
  private taskLines(): string[] {
    const s = this.run.status();
    const own = this.hooks.tasks?.() ?? [];
    return [
      `---- ${s.currentCalls + own.length} Active Tasks ----`,
      `${s.currentCalls} open calls (peak ${s.peakCalls}), ${s.created} created, rate ${s.rate}` +
        `${s.paused ? ' (paused)' : ''}, limit ${s.limit}, state ${this.run.state}`,
      ...own,
    ];
  }
}
