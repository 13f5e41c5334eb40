/**
 * Attributes shared by every command (§3.3), read in SIPp's order (getBookKeeping, actions, then
 * the rest), plus the scenario-wide bookkeeping they feed: RTD and counter names in order of first
 * appearance, and the `hiderest` default.
 */
import type { CommandBase, SourcePos } from './model.ts';
import { parseCommandActions } from './actions.ts';
import type { ElementReader } from './element-reader.ts';

/** Loader state that spans commands. Owned by one load, never shared. */
export interface ScenarioBook {
  readonly rtdNames: string[];
  /** First `start_rtd` per RTD name (a started RTD must be stopped somewhere). */
  readonly rtdStarted: Map<string, { readonly pos: SourcePos; readonly element: string }>;
  readonly rtdStopped: Set<string>;
  readonly counterNames: string[];
  /** `-key` names, valid as keywords in action texts too. */
  readonly userKeywords: ReadonlySet<string>;
  hideDefault: boolean;
}

export function newScenarioBook(userKeywords: ReadonlySet<string> = new Set()): ScenarioBook {
  return {
    rtdNames: [],
    rtdStarted: new Map(),
    rtdStopped: new Set(),
    counterNames: [],
    userKeywords,
    hideDefault: false,
  };
}

/** Label ids a command refers to, resolved to indexes once every label is known. */
export interface PendingLabels {
  readonly next?: string;
  readonly onTimeout?: string;
}

type MutableBase = { -readonly [K in keyof CommandBase]: CommandBase[K] };

/** `rtd="true"` names the RTD `1`; `"false"` means none (SIPp's get_rtd). */
function rtdName(value: string): string | undefined {
  if (value === 'false') return undefined;
  return value === 'true' ? '1' : value;
}

function noteRtd(book: ScenarioBook, name: string): void {
  if (!book.rtdNames.includes(name)) book.rtdNames.push(name);
}

export function readCommonAttributes(
  r: ElementReader,
  index: number,
  book: ScenarioBook,
  isTimewait: boolean,
): { base: CommandBase; labels: PendingLabels } {
  // Every field present from the start, in one order: all commands of a kind then share one
  // hidden class, so the engine's property reads stay monomorphic per kind, not megamorphic.
  const base: MutableBase = {
    index,
    pos: r.pos,
    next: undefined,
    test: undefined,
    chance: undefined,
    onTimeout: undefined,
    condExec: undefined,
    condExecInverse: false,
    counter: undefined,
    rtd: undefined,
    startRtd: undefined,
    repeatRtd: false,
    crlf: false,
    ignoreSdp: false,
    lostPercent: undefined,
    hide: false,
    display: undefined,
    actions: [],
  };
  const rtd = r.str('rtd');
  if (rtd !== undefined && rtdName(rtd) !== undefined) {
    base.rtd = rtdName(rtd);
    noteRtd(book, base.rtd as string);
    book.rtdStopped.add(base.rtd as string);
  }
  if (r.has('repeat_rtd')) {
    if (base.rtd === undefined) r.fail('repeat_rtd needs an rtd attribute on the same element');
    base.repeatRtd = r.bool('repeat_rtd', false);
  }
  const startRtd = r.str('start_rtd');
  const started = startRtd === undefined ? undefined : rtdName(startRtd);
  if (started !== undefined) {
    base.startRtd = started;
    noteRtd(book, started);
    if (!book.rtdStarted.has(started))
      book.rtdStarted.set(started, { pos: r.pos, element: r.el.name });
  }
  const counter = r.varName('counter');
  if (counter !== undefined) {
    base.counter = counter;
    if (!book.counterNames.includes(counter)) book.counterNames.push(counter);
  }
  base.actions = parseCommandActions(r.el, book.userKeywords);

  const lost = r.double('lost');
  if (lost !== undefined) base.lostPercent = lost;
  base.crlf = r.has('crlf');
  base.ignoreSdp = r.bool('ignoresdp', false);
  if (r.has('hiderest')) book.hideDefault = r.bool('hiderest', false);
  base.hide = r.bool('hide', book.hideDefault);
  base.display = r.str('display');
  base.condExec = r.varName('condexec');
  base.condExecInverse = r.bool('condexec_inverse', false);

  const labels = readBranching(r, base, isTimewait);
  return { base, labels };
}

function readBranching(r: ElementReader, base: MutableBase, isTimewait: boolean): PendingLabels {
  const next = r.str('next');
  const onTimeout = r.str('ontimeout');
  if (isTimewait && next !== undefined)
    r.fail('next is not allowed on <timewait> (it must end the scenario)');
  if (isTimewait && onTimeout !== undefined) r.fail('ontimeout is not allowed on <timewait>');
  base.test = r.varName('test');
  const chance = r.double('chance');
  if (chance !== undefined) {
    if (!(chance >= 0 && chance <= 1)) r.fail(`chance="${r.str('chance')}" is outside [0, 1]`);
    base.chance = chance;
  }
  return { next, onTimeout };
}
