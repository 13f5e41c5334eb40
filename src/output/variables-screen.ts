/**
 * SIPp's screen 4 (the "Variables Screen": every action of every step, one line each) and the
 * `dump variables` command's lines (the variable tables, global, user and call level). Both
 * read only the loaded scenario. Formats observed from sipp 3.6.1 on a terminal (keys `4`, `Q`)
 * and in its error log (`cdump variables` over `-cp`): see test/output/variables-screen.test.ts.
 */
import type { Action, Command, Scenario, Template } from '../scenario/index.ts';
import { distributionText } from '../scenario/index.ts';

/** The slice of a Scenario the two read (a Scenario satisfies it). */
export type VariablesScenario = Pick<
  Scenario,
  'commands' | 'init' | 'globalVariables' | 'userVariables'
>;

/** SIPp formats each line in an 80-byte buffer: 79 characters at most. */
const LINE = 79;

/**
 * SIPp's action type numbers (its CAction::T_ActionType as built in 3.6.1, read off the
 * screen). The actions 3.6.1 does not know (urlencode, urldecode) get the numbers after its
 * last one.
 */
const TYPE: Readonly<Record<string, number>> = {
  ereg: 1,
  assign: 3,
  sample: 4,
  assignstr: 5,
  index: 6,
  gettimeofday: 7,
  jump: 8,
  lookup: 9,
  insert: 10,
  replace: 11,
  pauserestore: 12,
  log: 13,
  warning: 14,
  error: 15,
  exec: 16,
  add: 18,
  subtract: 19,
  multiply: 20,
  divide: 21,
  test: 22,
  todouble: 23,
  strcmp: 24,
  trim: 25,
  verifyauth: 26,
  setdest: 27,
  closecon: 28,
  urldecode: 29,
  urlencode: 30,
};

const COMPARATOR: Readonly<Record<string, string>> = {
  equal: '==',
  not_equal: '!=',
  greater_than: '>',
  less_than: '<',
  greater_than_equal: '>=',
  less_than_equal: '<=',
};

/** The lines under the screen's title bar (the caller adds the title, last error, footer). */
export function variablesScreenLines(scenario: Pick<Scenario, 'commands'>): string[] {
  // SIPp's line count includes the title bar, pushed before these.
  const lines: string[] = ['', 'Action defined Per Message :'];
  let found = false;
  scenario.commands.forEach((command, i) => {
    if (command.actions.length === 0) return;
    const what =
      command.kind === 'recv'
        ? ' (Receive Message)'
        : command.kind === 'recvCmd'
          ? ' (Receive Command Message)'
          : '';
    const n = command.actions.length;
    lines.push(`=> Message[${i}]${what} - [${n}] action(s) defined :`.slice(0, LINE));
    command.actions.forEach((action, j) => {
      lines.push(`   --> action[${j}] = ${actionInfo(action)}`.slice(0, LINE));
      found = true;
    });
  });
  if (!found) lines.push('=> No action found on any messages');
  lines.push('');
  // SIPp pads to the step count + 6 lines, re-reading the growing count each turn (and loops
  // for ever when the list is already longer: sipp 3.6.1 hangs there; we stop).
  for (let i = 0; i < scenario.commands.length + 6 - lines.length; i++) lines.push('');
  return lines.slice(1);
}

/** `dump variables`: one warning per line, level 0 (global), 1 (user), 2 (call). */
export function variableDumpLines(scenario: VariablesScenario): string[] {
  const global = new Set(scenario.globalVariables);
  const user = new Set(scenario.userVariables ?? []);
  const call = new Set<string>();
  const add = (name: string | undefined): void => {
    if (name === undefined || name === '' || global.has(name) || user.has(name)) return;
    call.add(name);
  };
  for (const c of [...scenario.init, ...scenario.commands]) commandNames(c, add);
  const level = (n: number, names: Iterable<string>): string[] => {
    // SIPp's std::map keeps the names in byte order.
    const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return [`${sorted.length} level ${n} variables:`, ...sorted];
  };
  return [...level(0, global), ...level(1, user), ...level(2, call)];
}

function commandNames(c: Command, add: (name: string | undefined) => void): void {
  add(c.test);
  add(c.condExec);
  if (c.kind === 'pause' && c.duration.kind === 'variable') add(c.duration.name);
  if (c.kind === 'send' || c.kind === 'sendCmd') templateNames(c.template, add);
  for (const a of c.actions) {
    if (a.assignTo) for (const n of a.assignTo) add(n);
    else add(a.attrs.assign_to);
    if (a.name !== 'ereg' || a.attrs.search_in === 'var') add(a.attrs.variable);
    add(a.attrs.variable2);
    for (const t of Object.values(a.texts)) templateNames(t, add);
  }
}

function templateNames(t: Template, add: (name: string | undefined) => void): void {
  for (const part of t.parts) {
    if (!Buffer.isBuffer(part) && part.name.startsWith('$')) add(part.name.slice(1));
  }
}

/** C's `%lf`. */
function lf(text: string | undefined): string {
  const n = Number(text ?? 0);
  return (Number.isFinite(n) ? n : 0).toFixed(6);
}

/** C's `%-32.32s`. */
function col32(text: string | undefined): string {
  return (text ?? '').slice(0, 32).padEnd(32);
}

/** C prints a null name as `(null)`. */
function name(text: string | undefined): string {
  return text === undefined || text === '' ? '(null)' : text;
}

/** SIPp's CAction::printInfo, one action's description. */
export function actionInfo(a: Action): string {
  const at = a.attrs;
  const isIntCmd = a.name === 'exec' && at.int_cmd !== undefined;
  const type = isIntCmd ? 17 : (TYPE[a.name] ?? 0);
  const head = `Type[${type}] - `;
  const first = a.assignTo?.[0] ?? at.assign_to;
  switch (a.name) {
    case 'ereg': {
      const where = (at.search_in ?? 'msg') === 'msg' ? 'Full Msg' : `Header-${name(at.header)}`;
      return (
        `${head}regexp[${at.regexp ?? ''}] where[${where}] - checkIt[${flag(at.check_it)}]` +
        ` - checkItInverse[${flag(at.check_it_inverse)}] - $${name(first)}`
      );
    }
    case 'exec':
      if (isIntCmd) return `${head}intcmd[${col32(at.int_cmd)}]`;
      if (at.command !== undefined) return `${head}command[${col32(at.command)}]`;
      break;
    case 'log':
      return `${head}message[${col32(at.message)}]`;
    case 'warning':
      return `${head}warning[${col32(at.message)}]`;
    case 'error':
      return `${head}error[${col32(at.message)}]`;
    case 'sample':
      return a.distribution
        ? `${head}sample varId[${name(first)}] ${distributionText(a.distribution, (v) => v.toFixed(6))}`
        : `${head}sample varId[${name(first)}]`;
    case 'assign':
      return `${head}assign varId[${name(first)}] ${lf(at.value)}`;
    case 'index':
      return `${head}assign index[${name(first)}]`;
    case 'gettimeofday':
      return `${head}assign gettimeofday[${name(a.assignTo?.[0])}, ${name(a.assignTo?.[1])}]`;
    case 'assignstr':
      return `${head}string assign varId[${name(first)}] [${col32(at.value)}]`;
    case 'jump':
      return `${head}jump varInId[${name(at.variable)}] ${lf(at.value)}`;
    case 'pauserestore':
      return `${head}restore pause varInId[${name(at.variable)}] ${lf(at.value)}`;
    case 'add':
    case 'multiply':
    case 'divide':
      return `${head}${a.name} varId[${name(first)}] ${lf(at.value)}`;
    case 'trim':
    case 'urldecode':
    case 'urlencode':
      return `${head}${a.name} varId[${name(first ?? at.variable)}]`;
    case 'test':
      // SIPp's own text says "divide" here.
      return (
        `${head}divide varId[${name(first)}] varInId[${name(at.variable)}] ` +
        `${COMPARATOR[at.compare ?? 'equal'] ?? 'invalid'} ${lf(at.value)}`
      );
    case 'todouble':
      return `${head}toDouble varId[${name(first)}]`;
  }
  return `${head}unknown action type ... `;
}

function flag(text: string | undefined): number {
  return text === 'true' ? 1 : 0;
}
