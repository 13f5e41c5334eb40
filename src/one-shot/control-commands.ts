/**
 * SIPp's runtime-control language in one place: the hot keys (`+ - * / p q Q s c 1`..`9`) and
 * the command-mode lines (`set rate 10`, `dump tasks`, ...), turned from text into a
 * ControlAction. The keyboard and the UDP control socket (`-cp`) both parse through here, so
 * they accept exactly the same things. Facts from SIPp 3.6.1 (docs "Controlling SIPp" and its
 * command parser): a datagram starting with `c` is a command line, any other datagram is the
 * hot key of its first byte; a bad command is a warning, never an error that ends the run.
 */

/** The logs `trace <log> on|off` switches. */
export type TraceLog = 'error' | 'logs' | 'messages' | 'shortmessages';
const TRACE_LOGS: readonly TraceLog[] = ['error', 'logs', 'messages', 'shortmessages'];

export type ControlAction =
  /** `+ - * /`: the rate changes by steps × rate_scale (`-rate_scale`, `set rate-scale`). */
  | { readonly kind: 'rate-step'; readonly steps: number }
  | { readonly kind: 'toggle-pause' }
  /** `q`: stop placing calls and wait for the open ones; a second `q` aborts them. */
  | { readonly kind: 'soft-quit' }
  /** `Q`: quit now. */
  | { readonly kind: 'quit-now' }
  /** `1`..`9`. */
  | { readonly kind: 'screen'; readonly screen: number }
  /** `s`: dump the screens to the `-trace_screen` file. */
  | { readonly kind: 'dump-screens' }
  /** `c` on the keyboard: start typing a command line. */
  | { readonly kind: 'command-mode' }
  | { readonly kind: 'set-rate'; readonly rate: number }
  | { readonly kind: 'set-rate-scale'; readonly scale: number }
  | { readonly kind: 'set-users'; readonly users: number }
  | { readonly kind: 'set-limit'; readonly limit: number }
  | { readonly kind: 'set-display'; readonly scenario: string }
  | { readonly kind: 'set-hide'; readonly hide: boolean }
  | { readonly kind: 'set-index'; readonly index: boolean }
  | { readonly kind: 'trace'; readonly log: TraceLog; readonly on: boolean }
  | { readonly kind: 'dump-tasks' }
  | { readonly kind: 'dump-variables' }
  | { readonly kind: 'reset-stats' }
  /** A key with no meaning, an empty line: nothing happens (SIPp ignores them silently). */
  | { readonly kind: 'none' }
  /** Not understood: the warning SIPp would print (screen's last-error line and error log). */
  | { readonly kind: 'invalid'; readonly warning: string };

const NONE: ControlAction = { kind: 'none' };

/** One hot key. */
export function parseKey(key: string): ControlAction {
  switch (key) {
    case '+':
      return { kind: 'rate-step', steps: 1 };
    case '-':
      return { kind: 'rate-step', steps: -1 };
    case '*':
      return { kind: 'rate-step', steps: 10 };
    case '/':
      return { kind: 'rate-step', steps: -10 };
    case 'p':
      return { kind: 'toggle-pause' };
    case 'q':
      return { kind: 'soft-quit' };
    case 'Q':
      return { kind: 'quit-now' };
    case 's':
      return { kind: 'dump-screens' };
    case 'c':
      return { kind: 'command-mode' };
    default:
      if (key.length === 1 && key >= '1' && key <= '9') return { kind: 'screen', screen: +key };
      return NONE;
  }
}

/**
 * One datagram of the control socket: `c` + a command line, else the hot key of its first byte
 * (so `echo p` pauses: the newline after it is ignored, as SIPp does).
 */
export function parseDatagram(text: string): ControlAction {
  if (text.length === 0) return NONE;
  if (text[0] === 'c') return parseCommand(text.slice(1));
  // `c` over UDP is a command line, never "enter command mode".
  return parseKey(text[0]!);
}

/** One command-mode line (without the leading `c`). */
export function parseCommand(line: string): ControlAction {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return NONE;
  const [command, ...rest] = words as [string, ...string[]];
  if (rest.length === 0) return invalid(`The ${command} command requires at least one argument`);
  switch (command) {
    case 'set':
      return parseSet(rest);
    case 'trace':
      return parseTrace(rest);
    case 'dump':
      return parseDump(rest.join(' '));
    case 'reset':
      return rest.join(' ') === 'stats'
        ? { kind: 'reset-stats' }
        : invalid(`Unknown reset type: ${rest.join(' ')}`);
    default:
      return invalid(`Unrecognized command: "${command}"`);
  }
}

function parseSet([what, ...valueWords]: string[]): ControlAction {
  const value = valueWords.join(' ');
  if (value === '') return invalid('The set command requires two arguments (attribute and value)');
  switch (what) {
    case 'rate': {
      const rate = parseNumber(value);
      if (rate === undefined) return invalid(`Invalid rate value: "${value}"`);
      return { kind: 'set-rate', rate };
    }
    case 'rate-scale': {
      const scale = parseNumber(value);
      if (scale === undefined) return invalid(`Invalid rate-scale value: "${value}"`);
      return { kind: 'set-rate-scale', scale };
    }
    case 'users': {
      const users = parseWhole(value);
      if (users === undefined) return invalid(`Invalid users value: "${value}"`);
      return { kind: 'set-users', users };
    }
    case 'limit': {
      const limit = parseWhole(value);
      if (limit === undefined) return invalid(`Invalid limit value: "${value}"`);
      return { kind: 'set-limit', limit };
    }
    case 'display':
      return { kind: 'set-display', scenario: value };
    case 'hide':
    case 'index': {
      const on = parseBool(value);
      if (on === undefined) return invalid(`Invalid bool: ${value}`);
      return what === 'hide' ? { kind: 'set-hide', hide: on } : { kind: 'set-index', index: on };
    }
    default:
      return invalid(`Unknown set attribute: ${what}`);
  }
}

function parseTrace([log, ...valueWords]: string[]): ControlAction {
  const value = valueWords.join(' ');
  if (value === '') return invalid('The trace command requires two arguments (log and [on|off])');
  const on =
    value === 'on' || value === 'true'
      ? true
      : value === 'off' || value === 'false'
        ? false
        : undefined;
  if (on === undefined) return invalid("The trace command's second argument must be on or off.");
  const known = TRACE_LOGS.find((l) => l === log);
  if (known === undefined) return invalid(`Unknown log file: ${log}`);
  return { kind: 'trace', log: known, on };
}

function parseDump(what: string): ControlAction {
  if (what === 'tasks') return { kind: 'dump-tasks' };
  if (what === 'variables') return { kind: 'dump-variables' };
  return invalid(`Unknown dump type: ${what}`);
}

function invalid(warning: string): ControlAction {
  return { kind: 'invalid', warning };
}

/** A decimal number as strtod reads a whole word: `10`, `2.5`, `-1`, `1e3`. */
function parseNumber(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A count: digits only (SIPp rejects negative users and limits). */
function parseWhole(text: string): number | undefined {
  if (!/^\+?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function parseBool(text: string): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}
