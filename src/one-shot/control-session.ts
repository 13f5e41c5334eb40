/**
 * Runtime control of one one-shot run: the keyboard (a terminal without `-nostdin`/`-bg`) and
 * the UDP control socket (`-cp`/`-ci`, always open as in SIPp) feed one RunController, whose
 * warnings go where SIPp puts them: the screen's last-error line, the `-trace_err` log, and
 * stderr when there is no screen to show them.
 */
import type { RunConfig } from '../config/index.ts';
import type { Io } from '../io.ts';
import type { ErrorLog } from '../output/index.ts';
import type { RunHandle } from '../run/index.ts';
import { RunController } from './control-apply.ts';
import type { ControlHooks } from './control-apply.ts';
import { parseDatagram } from './control-commands.ts';
import { openControlSocket } from './control-socket.ts';
import type { DisplayControl } from './display.ts';
import { attachKeyboard } from './keyboard.ts';

export interface ControlSessionDeps {
  readonly run: RunHandle;
  readonly config: RunConfig;
  readonly io: Io;
  /** The screen; absent with `-bg`. */
  readonly display?: DisplayControl;
  /** True when the display draws SIPp's screens (a terminal). */
  readonly tty: boolean;
  /** The `-trace_err` log, when there is one. */
  readonly errorLog?: ErrorLog;
  /** `trace <log> on|off`, when the front-end can switch trace files (tracing wiring). */
  readonly trace?: ControlHooks['trace'];
  /** `s`: dump the screens to the `-trace_screen` file, when there is one. */
  readonly dumpScreens?: ControlHooks['dumpScreens'];
}

/** Starts keyboard and socket control; resolves with the function that ends both. */
export async function startRuntimeControl(deps: ControlSessionDeps): Promise<() => void> {
  const { run, config, io, display, tty, errorLog } = deps;
  const onScreen = tty ? display : undefined;
  const say = (text: string): void => {
    if (onScreen) onScreen.notice(text);
    else io.stderr.write(`gossipper: ${text}\n`);
  };
  const hooks: ControlHooks = {
    warn(text) {
      errorLog?.warning(text);
      say(text);
    },
    report(lines) {
      if (errorLog) {
        for (const line of lines) errorLog.warning(line);
        onScreen?.notice(`${lines[0]} (written to the error log)`);
      } else if (onScreen) onScreen.notice(lines.join(' | '));
      else io.stderr.write(lines.map((l) => `gossipper: ${l}\n`).join(''));
    },
    showScreen: onScreen ? (n) => onScreen.showScreen(n) : undefined,
    setHide: onScreen ? (hide) => onScreen.setHide(hide) : undefined,
    setIndex: onScreen ? (index) => onScreen.setIndex(index) : undefined,
    dumpScreens: deps.dumpScreens,
    trace: deps.trace,
    tasks: () => watchdogTask(config, display !== undefined),
  };
  const controller = new RunController(run, hooks, config.rateScale);
  const cleanups: Array<() => void> = [];
  if (onScreen && io.stdin && !config.noStdin) {
    cleanups.push(
      attachKeyboard(io.stdin, {
        apply: (action) => controller.apply(action),
        commandLine: (text) => onScreen.setCommandLine(text),
      }),
    );
  }
  const socket = await openControlSocket({
    host: config.controlIp,
    port: config.controlPort,
    onDatagram: (text) => controller.apply(parseDatagram(text)),
  }).catch((err: unknown) => {
    // An explicit -cp that cannot be bound is fatal (SIPp too): end what was started first.
    for (const c of cleanups.splice(0)) c();
    run.stop();
    throw err;
  });
  if (typeof socket === 'string') hooks.warn(socket);
  else cleanups.push(() => socket.close());
  return () => {
    for (const c of cleanups.splice(0)) c();
  };
}

/** `dump tasks` lines for the periodic tasks besides calls, worded like SIPp's. */
function watchdogTask(config: RunConfig, hasScreen: boolean): string[] {
  const w = config.watchdog;
  const lines = hasScreen ? ['Screen update task.'] : [];
  if (w.intervalMs > 0) {
    lines.push(
      `Watchdog Task: interval = ${w.intervalMs}, major_threshold = ${w.majorThresholdMs}` +
        ` (${w.majorMaxTriggers} triggers allowed), minor_threshold = ${w.minorThresholdMs}` +
        ` (${w.minorMaxTriggers} triggers allowed)`,
    );
  }
  return lines;
}
