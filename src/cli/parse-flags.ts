/**
 * Turns a SIPp-style argv tail into a RunConfig (or an early exit such as -h). Walks the tokens
 * once, left to right, like SIPp: a flag's value is the next token whatever it looks like, and
 * -h, -v and -sd act as soon as they are reached.
 */
import { FlagError } from '../errors.ts';
import { defaultRunConfig, type RunConfig } from '../config/index.ts';
import type { AvailableFlag, EarlyExit, FlagContext } from './flag-types.ts';
import { FLAG_NAMES, findFlag } from './flag-table.ts';
import { closestName } from '../did-you-mean.ts';
import {
  parseBoolValue,
  parseFloatValue,
  parseHostPort,
  parseStrtolInt,
  parseTimeMs,
} from './value-parsers.ts';

export type ParsedFlags =
  | {
      kind: 'run';
      config: RunConfig;
      notes: readonly string[];
      /** Flag names (without dash) given, for front-ends with defaults of their own (server). */
      seen: ReadonlySet<string>;
    }
  | { kind: 'interactive' }
  | EarlyExit;

const HELP_HINT = "run 'gossipper sipp -h' for the list of flags";
const DEFAULT_STATS_PERIOD_MS = 60_000;

export function parseScenarioFlags(args: readonly string[], cwd: string): ParsedFlags {
  const ctx: FlagContext = {
    config: defaultRunConfig(),
    cwd,
    seen: new Set(),
    statsPeriodMs: DEFAULT_STATS_PERIOD_MS,
    notes: [],
  };
  let remoteToken: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '--help') return { kind: 'help' };
    if (token === '-interactive' || token === '--interactive') return { kind: 'interactive' };
    if (!token.startsWith('-') || token === '-') {
      if (remoteToken !== undefined) {
        throw new FlagError(
          'FLAG_VALUE',
          `unexpected argument "${token}": the remote host is already "${remoteToken}"`,
          'only one remote_host[:port] may be given; flags start with -',
        );
      }
      remoteToken = token;
      ctx.config.remote = parseHostPort('remote host', token);
      continue;
    }
    const flag = lookUp(token);
    const arity = flag.kind === 'none' ? 0 : flag.kind === 'pair' ? 2 : 1;
    const values = args.slice(i + 1, i + 1 + arity);
    if (values.length < arity) throw missingValue(flag);
    i += arity;
    const early = applyFlag(flag, ctx, values);
    if (early) return early;
    ctx.seen.add(flag.name);
  }
  return { kind: 'run', config: finishParse(ctx), notes: ctx.notes, seen: ctx.seen };
}

/** Defaults that depend on other flags, applied once every flag has been read. */
function finishParse(ctx: FlagContext): RunConfig {
  if (!ctx.seen.has('rate_interval')) ctx.config.rate.intervalMs = ctx.statsPeriodMs;
  return ctx.config;
}

function lookUp(token: string): AvailableFlag {
  const isDoubleDash = token.startsWith('--');
  const name = token.slice(isDoubleDash ? 2 : 1);
  const flag = isDoubleDash ? undefined : findFlag(name);
  if (flag === undefined) throw unknownFlag(token, name, isDoubleDash);
  if (!flag.available) {
    throw new FlagError(
      'FLAG_UNAVAILABLE',
      `-${flag.name} is not available in this version of gossipper`,
      "it is a SIPp 3.6.1 flag not implemented yet; 'gossipper sipp -h' lists the ones that work",
    );
  }
  return flag;
}

function unknownFlag(token: string, name: string, isDoubleDash: boolean): FlagError {
  if (isDoubleDash && findFlag(name) !== undefined) {
    return new FlagError(
      'FLAG_UNKNOWN',
      `unknown flag "${token}" (did you mean "-${name}"?)`,
      'scenario flags take a single dash, as in SIPp',
    );
  }
  const suggestion = closestName(name, FLAG_NAMES);
  const mean = suggestion === undefined ? '' : ` (did you mean "-${suggestion}"?)`;
  return new FlagError('FLAG_UNKNOWN', `unknown flag "${token}"${mean}`, HELP_HINT);
}

function missingValue(flag: AvailableFlag): FlagError {
  const argName = flag.kind === 'none' ? '' : flag.argName;
  const what = flag.kind === 'pair' ? `two values: ${argName}` : `a value: ${argName}`;
  return new FlagError('FLAG_MISSING_VALUE', `-${flag.name} needs ${what}`, HELP_HINT);
}

function applyFlag(flag: AvailableFlag, ctx: FlagContext, values: string[]): EarlyExit | void {
  const label = `-${flag.name}`;
  const raw = values[0];
  switch (flag.kind) {
    case 'none':
      return flag.apply(ctx, true);
    case 'string':
      return flag.apply(ctx, raw);
    case 'int':
      return flag.apply(ctx, parseStrtolInt(label, raw));
    case 'float':
      return flag.apply(ctx, parseFloatValue(label, raw));
    case 'time':
      return flag.apply(ctx, parseTimeMs(label, raw, flag.unit));
    case 'bool':
      return flag.apply(ctx, parseBoolValue(label, raw));
    case 'pair':
      return flag.apply(ctx, [raw, values[1]]);
    case 'hostport':
      return flag.apply(ctx, parseHostPort(label, raw));
  }
}
