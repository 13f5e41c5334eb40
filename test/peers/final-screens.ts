/**
 * Reads the final screens that SIPp and Gossipper both print at exit (scenario screen, statistics
 * screen, and our "Gossipper extras" block) into named fields, so interop tests compare the two
 * peers' counts by name. Only the last copy of each screen counts: anything printed before it
 * (periodic summary lines, warnings) is ignored.
 */
import assert from 'node:assert/strict';

export interface PeriodicCumulative {
  periodic: number | undefined;
  cumulative: number | undefined;
}

/** One scenario-screen row: `INVITE ---------->` (uac) or `----------> INVITE` (uas), `Pause`... */
export interface StepRow {
  /** Method, status code or `Pause`, without arrows and RTD markers. */
  name: string;
  /** Which way the row's arrow points; `none` for pauses and nops. */
  arrow: 'right' | 'left' | 'none';
  messages: number;
  retrans: number | undefined;
  timeout: number | undefined;
  unexpected: number | undefined;
}

export interface FinalScreens {
  successful: PeriodicCumulative;
  failed: PeriodicCumulative;
  /** Every numeric row of the statistics screen by its label (`Failed max UDP retrans`, ...). */
  statistics: Map<string, PeriodicCumulative>;
  steps: StepRow[];
  /** `N out-of-call msg (discarded)`: SIPp prints it in client mode only. */
  outOfCall: number | undefined;
  deadCall: number | undefined;
  /** Single-value rows of the `Gossipper extras` block (absent in SIPp's output). */
  extras: Map<string, number>;
}

const SCENARIO_TITLE = ' Scenario Screen ';
const STATISTICS_TITLE = ' Statistics Screen ';
const EXTRAS_TITLE = ' Gossipper extras ';
const COLUMNS = ['Messages', 'Retrans', 'Timeout', 'Unexpected-Msg'] as const;

/** Parses the last final screens in `stdout`; throws when a screen is missing. */
export function parseFinalScreens(stdout: string): FinalScreens {
  const lines = stdout.split(/\r?\n/);
  const scenario = lastBlock(lines, SCENARIO_TITLE);
  const statistics = lastBlock(lines, STATISTICS_TITLE);
  if (scenario === undefined || statistics === undefined) {
    throw new Error(`no final scenario/statistics screen in output:\n${stdout.slice(-2000)}`);
  }
  const stats = statisticsRows(statistics);
  const need = (label: string): PeriodicCumulative => {
    const row = stats.get(label);
    if (row === undefined) throw new Error(`statistics screen has no "${label}" row`);
    return row;
  };
  return {
    successful: need('Successful call'),
    failed: need('Failed call'),
    statistics: stats,
    steps: stepRows(scenario),
    outOfCall: countBefore(scenario, 'out-of-call msg'),
    deadCall: countBefore(scenario, 'dead call msg'),
    extras: extrasRows(lastBlock(lines, EXTRAS_TITLE) ?? []),
  };
}

/** The rows named `name` (in scenario order), e.g. both `200` rows of the uac scenario. */
export function stepsNamed(screens: FinalScreens, name: string): StepRow[] {
  return screens.steps.filter((s) => s.name === name);
}

/** Sum of the Retrans column over every step. */
export function totalRetrans(screens: FinalScreens): number {
  return screens.steps.reduce((n, s) => n + (s.retrans ?? 0), 0);
}

/** Sum of the Unexpected-Msg column over every step. */
export function totalUnexpected(screens: FinalScreens): number {
  return screens.steps.reduce((n, s) => n + (s.unexpected ?? 0), 0);
}

/** Lines after the last title line containing `title`, up to the next title line. */
function lastBlock(lines: string[], title: string): string[] | undefined {
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith('---') && lines[i].includes(title)) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  const block: string[] = [];
  for (let i = start + 1; i < lines.length && !/^-{10,}\s\S/.test(lines[i]); i++)
    block.push(lines[i]);
  return block;
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

function statisticsRows(block: string[]): Map<string, PeriodicCumulative> {
  const rows = new Map<string, PeriodicCumulative>();
  for (const line of block) {
    const cells = line.split('|');
    if (cells.length !== 3) continue;
    const periodic = toNumber(cells[1]);
    const cumulative = toNumber(cells[2]);
    if (periodic === undefined && cumulative === undefined) continue;
    rows.set(cells[0].trim(), { periodic, cumulative });
  }
  return rows;
}

function extrasRows(block: string[]): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of block) {
    const cells = line.split('|');
    const value = cells.length === 2 ? toNumber(cells[1]) : undefined;
    if (value !== undefined) rows.set(cells[0].trim(), value);
  }
  return rows;
}

function countBefore(block: string[], label: string): number | undefined {
  for (const line of block) {
    const m = new RegExp(`(\\d+) ${label}`).exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * Step rows: values are left-aligned under the column titles, and a row leaves a column blank
 * when it does not apply (an ACK has no Timeout, a pause only Messages and Unexpected-Msg).
 */
function stepRows(block: string[]): StepRow[] {
  const headerAt = block.findIndex((l) => COLUMNS.every((c) => l.includes(c)));
  if (headerAt < 0) throw new Error('scenario screen has no Messages/Retrans/Timeout header');
  const header = block[headerAt];
  const at = COLUMNS.map((c) => header.indexOf(c));
  const rows: StepRow[] = [];
  for (const line of block.slice(headerAt + 1)) {
    const messages = toNumber(tokenAt(line, at[0]));
    if (messages === undefined) continue;
    rows.push({
      ...stepLabel(line.slice(0, at[0])),
      messages,
      retrans: toNumber(tokenAt(line, at[1])),
      timeout: toNumber(tokenAt(line, at[2])),
      unexpected: toNumber(tokenAt(line, at[3])),
    });
  }
  return rows;
}

function tokenAt(line: string, column: number): string | undefined {
  if (line.length <= column || line[column - 1] !== ' ') return undefined;
  return /^\S+/.exec(line.slice(column))?.[0];
}

function stepLabel(text: string): Pick<StepRow, 'name' | 'arrow'> {
  const arrow = text.includes('-->') ? 'right' : text.includes('<--') ? 'left' : 'none';
  const words = text
    .replace(/<?-{3,}>?/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/^[BE]-RTD\d+$/.test(w));
  return { name: words.join(' '), arrow };
}

/** Every one of `calls` calls succeeded, none failed, nothing unexpected: the interop baseline. */
export function assertAllSucceeded(calls: number, who: string, s: FinalScreens): void {
  assert.equal(s.successful.cumulative, calls, `${who}: successful calls`);
  assert.equal(s.failed.cumulative, 0, `${who}: failed calls`);
  assert.equal(totalUnexpected(s), 0, `${who}: unexpected messages`);
}
