/**
 * `-trace_counts` (docs/traces.md; test/output/sipp-samples/trace_client_counts.csv): per visible
 * scenario step, its scenario-screen counters, one row every `-fd` and at exit. Header
 * `CurrentTime;ElapsedTime;` then `<index>_<METHOD|code|Pause>_<Kind>` columns:
 *   send  Sent, Retrans (+ Timeout when the step retransmits)
 *   recv  Recv, Retrans, Timeout, Unexp
 *   pause Sessions, Unexp
 * and a `Lost` column on every step when the scenario uses `lost`. Rows:
 * `<SIPp timestamp>;<HH:MM:SS:usec elapsed, ms resolution>;<n>;...;`. Pure.
 */
import type { Command } from '../scenario/index.ts';
import type { StatsSnapshot, StepCounts } from '../stats/index.ts';
import { formatSippDuration, formatSippTimestamp } from './sipp-format.ts';

type Field = keyof StepCounts;

interface CountsColumn {
  readonly index: number;
  readonly name: string;
  readonly field: Field;
}

function stepName(command: Command): string | undefined {
  switch (command.kind) {
    case 'send':
      return command.template.isRequest
        ? command.template.method
        : String(command.template.statusCode);
    case 'recv':
      return command.request ?? String(command.response ?? '');
    case 'pause':
    // sipp 3.6.1 words 3PCC command steps as pauses here, and counts nothing in them.
    case 'sendCmd':
    case 'recvCmd':
      return 'Pause';
    default:
      return undefined;
  }
}

/** The columns after `CurrentTime;ElapsedTime;`, in scenario order. */
export function countsColumns(commands: readonly Command[], globalLost = false): CountsColumn[] {
  const hasLost = globalLost || commands.some((c) => c.lostPercent !== undefined);
  const out: CountsColumn[] = [];
  for (const command of commands) {
    if (command.hide) continue;
    const name = stepName(command);
    if (name === undefined) continue;
    const prefix = `${command.index}_${name}_`;
    const isCommand = command.kind === 'sendCmd' || command.kind === 'recvCmd';
    // Index -1 has no step counts: the row prints 0 there, as sipp does for commands.
    const add = (kind: string, field: Field) =>
      out.push({ index: isCommand ? -1 : command.index, name: prefix + kind, field });
    if (command.kind === 'send') {
      add('Sent', 'message');
      add('Retrans', 'retrans');
      if (command.retransMs !== undefined) add('Timeout', 'timeout');
    } else if (command.kind === 'recv') {
      add('Recv', 'message');
      add('Retrans', 'retrans');
      add('Timeout', 'timeout');
      add('Unexp', 'unexpected');
    } else {
      add('Sessions', 'message');
      add('Unexp', 'unexpected');
    }
    if (hasLost) add('Lost', 'lost');
  }
  return out;
}

export function countsHeader(columns: readonly CountsColumn[]): string {
  return `CurrentTime;ElapsedTime;${columns.map((c) => `${c.name};`).join('')}\n`;
}

export function countsRow(columns: readonly CountsColumn[], s: StatsSnapshot): string {
  const elapsed = formatSippDuration(Math.round(s.takenAtMs - s.startedAtMs));
  let row = `${formatSippTimestamp(s.takenAtMs)};${elapsed};`;
  for (const c of columns) row += `${s.steps[c.index]?.[c.field] ?? 0};`;
  return row + '\n';
}
