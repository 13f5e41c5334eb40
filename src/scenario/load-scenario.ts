/**
 * SIPp XML scenario → Scenario. All validation happens here (SIPp's load-time rules plus unknown
 * attributes), so a Scenario that exists is runnable; only the checks that must stop a file while
 * it is still being read live in streaming-checks.ts.
 */
import { basename } from 'node:path';
import type { Command, Scenario } from './model.ts';
import { newScenarioBook, type PendingLabels } from './command-bookkeeping.ts';
import {
  parseNop,
  parsePause,
  parseRecv,
  parseRecvCmd,
  parseSend,
  parseSendCmd,
  type CommandContext,
  type ParsedCommand,
} from './command-parsers.ts';
import { parseInit } from './action-init.ts';
import { checkVariableUses, type VariableReference } from './action-variables.ts';
import { didYouMean } from '../did-you-mean.ts';
import { ELEMENT_ATTRIBUTES } from './element-attributes.ts';
import { ElementReader } from './element-reader.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import { readScenarioFile } from './scenario-file.ts';
import { streamingChecks, topLevelError } from './streaming-checks.ts';
import { checkTransactions } from './transaction-check.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

export interface LoadScenarioOptions {
  /** `-key` keyword names defined for the run; any other unknown `[keyword]` fails the load. */
  readonly userKeywords?: ReadonlySet<string>;
  /**
   * `-set` variable names: globals, so (as `<Global>` ones) exempt from the check that a call
   * variable is referenced at least twice.
   */
  readonly globalNames?: ReadonlySet<string>;
}

type CommandParser = (r: ElementReader, index: number, ctx: CommandContext) => ParsedCommand;

const COMMAND_PARSERS: Readonly<Record<string, CommandParser>> = {
  send: parseSend,
  recv: parseRecv,
  pause: parsePause,
  timewait: parsePause,
  nop: parseNop,
  sendCmd: parseSendCmd,
  recvCmd: parseRecvCmd,
};

/** Loads scenario XML text; `fileName` is used in error messages and for `fileStem`. */
export function loadScenarioXml(
  xml: string,
  fileName: string,
  options: LoadScenarioOptions = {},
): Scenario {
  return buildScenario(xml, fileName, basename(fileName).replace(/\.xml$/i, ''), options);
}

/** Reads and loads a scenario file (bytes kept as latin1 so message bytes reach the wire as is). */
export function loadScenarioFile(path: string, options: LoadScenarioOptions = {}): Scenario {
  return loadScenarioXml(readScenarioFile(path), path, options);
}

/** Shared by files and built-ins (whose stem is the built-in name). */
export function buildScenario(
  xml: string,
  fileName: string,
  fileStem: string,
  options: LoadScenarioOptions,
): Scenario {
  // The root's name, each top-level child's name and the size limits were checked while reading.
  const root = parseXmlTree(xml, fileName, { onElement: streamingChecks() });
  const rootReader = new ElementReader(root);
  rootReader.checkAttributes(ELEMENT_ATTRIBUTES.scenario);

  const userKeywords = options.userKeywords ?? new Set<string>();
  const ctx: CommandContext = {
    book: newScenarioBook(userKeywords),
    userKeywords,
    methodsSent: [],
    lastRecvOptional: false,
  };
  const parsed: Array<ParsedCommand & { el: XmlElement }> = [];
  const labels = new Map<string, number>();
  const repartitions = {
    ResponseTimeRepartition: [] as number[],
    CallLengthRepartition: [] as number[],
  };
  const globalVariables: string[] = [];
  // `<User>` variables are per -users slot in SIPp; without -users they act as call variables.
  const userVariables: string[] = [];
  const references: VariableReference[] = [];
  let init: Command[] = [];
  let timewait: XmlElement | undefined;

  for (const el of root.children) {
    const r = new ElementReader(el);
    const parseCommand = Object.hasOwn(COMMAND_PARSERS, el.name)
      ? COMMAND_PARSERS[el.name]
      : undefined;
    if (parseCommand) {
      if (timewait) r.fail(`<timewait> (line ${timewait.pos.line}) must be the last command`);
      parsed.push({ ...parseCommand(r, parsed.length, ctx), el });
      if (el.name === 'timewait') timewait = el;
    } else if (el.name === 'label') {
      r.checkAttributes(ELEMENT_ATTRIBUTES.label);
      const id = r.required('id');
      if (labels.has(id)) r.fail(`duplicate label "${id}"`);
      labels.set(id, parsed.length);
    } else if (el.name === 'ResponseTimeRepartition' || el.name === 'CallLengthRepartition') {
      r.checkAttributes(ELEMENT_ATTRIBUTES[el.name]);
      repartitions[el.name] = parseRepartition(r);
    } else if (el.name === 'Global') {
      r.checkAttributes(ELEMENT_ATTRIBUTES.Global);
      globalVariables.push(
        ...r
          .required('variables')
          .split(',')
          .map((v) => v.trim()),
      );
    } else if (el.name === 'User') {
      r.checkAttributes(ELEMENT_ATTRIBUTES.User);
      userVariables.push(...variableNames(r));
    } else if (el.name === 'init') {
      init = parseInit(el, userKeywords);
    } else if (el.name === 'Reference') {
      r.checkAttributes(ELEMENT_ATTRIBUTES.Reference);
      references.push({ names: variableNames(r), pos: el.pos, commandsBefore: parsed.length });
    } else {
      throw topLevelError(el);
    }
  }
  if (parsed.length === 0) rootReader.fail('the scenario has no commands (send, recv, pause, nop)');

  const commands = parsed.map((p) => resolveLabels(p.command, p.labels, p.el, labels));
  checkVariableUses(
    init,
    commands,
    references,
    new Set([...globalVariables, ...userVariables, ...(options.globalNames ?? [])]),
  );
  checkTransactions(parsed);
  for (const [name, { pos, element }] of ctx.book.rtdStarted) {
    if (!ctx.book.rtdStopped.has(name)) {
      throw scenarioErrorAt(
        pos,
        element,
        `start_rtd="${name}" is never stopped by any rtd="${name}"`,
      );
    }
  }
  return {
    name: root.attrs.name ?? '',
    fileStem,
    commands,
    labels,
    mode: scenarioMode(commands, rootReader),
    ...twinRole(commands),
    responseTimeRepartition: repartitions.ResponseTimeRepartition,
    callLengthRepartition: repartitions.CallLengthRepartition,
    rtdNames: ctx.book.rtdNames,
    counterNames: ctx.book.counterNames,
    totalPauseMs: totalFixedPauseMs(commands),
    globalVariables,
    userVariables,
    init,
    warnings: root.warnings,
  };
}

/** `variables="a, b"` of `<Global>`, `<User>` and `<Reference>`. */
function variableNames(r: ElementReader): string[] {
  return r
    .required('variables')
    .split(',')
    .map((v) => v.trim());
}

function resolveLabels(
  command: Command,
  pending: PendingLabels,
  el: XmlElement,
  labels: Map<string, number>,
): Command {
  const lookup = (attr: string, id: string | undefined): number | undefined => {
    if (id === undefined) return undefined;
    const index = labels.get(id);
    if (index === undefined) {
      throw scenarioErrorAt(
        el.pos,
        el.name,
        `${attr}="${id}" names no <label>${didYouMean(id, labels.keys())}`,
      );
    }
    return index;
  };
  return {
    ...command,
    next: lookup('next', pending.next),
    onTimeout: lookup('ontimeout', pending.onTimeout),
  };
}

/**
 * SIPp: client when the first command that is not a pause or nop sends (a message or a 3PCC
 * command), server when it receives.
 */
function scenarioMode(commands: readonly Command[], root: ElementReader): Scenario['mode'] {
  const first = commands.find((c) => c.kind !== 'pause' && c.kind !== 'nop');
  if (!first)
    return root.fail('cannot tell client from server: the scenario has no <send> or <recv>');
  return first.kind === 'send' || first.kind === 'sendCmd' ? 'client' : 'server';
}

/** SIPp's 3PCC role: the first twin command decides whether this instance connects or listens. */
function twinRole(commands: readonly Command[]): Pick<Scenario, 'twin'> {
  const first = commands.find((c) => c.kind === 'sendCmd' || c.kind === 'recvCmd');
  if (!first) return {};
  return { twin: first.kind === 'sendCmd' ? 'sends-first' : 'receives-first' };
}

/**
 * SIPp sums every pause's duration (as an int) for the default -l; only fixed ones are known here.
 */
function totalFixedPauseMs(commands: readonly Command[]): number {
  let total = 0;
  for (const c of commands) {
    if (c.kind === 'pause' && c.duration.kind === 'fixed') total += Math.trunc(c.duration.ms);
  }
  return total;
}

/**
 * `value="10, 20, 30"`: digits, commas, spaces and tabs only, no empty item (SIPp's isWellFormed).
 */
function parseRepartition(r: ElementReader): number[] {
  const text = r.required('value');
  const items = text.split(',');
  if (!/^[0-9,\t ]*$/.test(text) || items.some((item) => !/[0-9]/.test(item))) {
    r.fail(`value="${text}" must be a comma-separated list of integers (milliseconds)`);
  }
  return items.map((item) => parseInt(item.trim(), 10));
}
