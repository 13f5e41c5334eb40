/**
 * SIPp's repartition screens (3 and 6-9): per-bucket counts of response times and call
 * lengths, as in test/output/sipp-samples/uac_screen.log. Screen 3 shows the first RTD and the call
 * length; "Repartition N Screen" shows RTD number N alone. Pure: returns lines.
 */
import type { StatsSnapshot } from '../stats/index.ts';
import { cell, right } from './sipp-format.ts';
import { framed, repartitionTitle, TITLE_REPARTITION } from './screen-frame.ts';
import type { ScreenInfo } from './screen-info.ts';

/** `  %-77.77s` */
function titleRow(text: string): string {
  return `  ${cell(text, 77)}`;
}

/** Rows `0 ms <= n < B1 ms : count` ... `n >= Bn ms : count`; SIPp's own spelling when empty. */
export function repartitionTable(
  bounds: ReadonlyArray<number>,
  counts: ReadonlyArray<number>,
): string[] {
  if (bounds.length === 0) return [titleRow('  <No repartion defined>')];
  const rows: string[] = [];
  for (let i = 0; i < bounds.length; i++) {
    const low = i === 0 ? 0 : bounds[i - 1];
    rows.push(
      `    ${right(low, 10)} ms <= n < ${right(bounds[i], 10)} ms : ${right(counts[i] ?? 0, 10)}`,
    );
  }
  const last = bounds[bounds.length - 1];
  rows.push(
    `    ${' '.repeat(14)} n >= ${right(last, 10)} ms : ${right(counts[bounds.length] ?? 0, 10)}`,
  );
  return rows;
}

/** Number of repartition screens: one per RTD (at least one, for the call length). */
export function repartitionScreenCount(snapshot: StatsSnapshot): number {
  return Math.max(1, snapshot.rtds.length);
}

/** Repartition screen `page` (0 = screen 3: first RTD + call length; k = RTD number k + 1). */
export function repartitionScreen(snapshot: StatsSnapshot, info: ScreenInfo, page = 0): string[] {
  const lines = [page === 0 ? TITLE_REPARTITION : repartitionTitle(page + 1)];
  const rtd = snapshot.rtds[page];
  if (rtd !== undefined) {
    lines.push(titleRow(`Average Response Time Repartition ${rtd.name}`));
    lines.push(...repartitionTable(snapshot.responseTimeRepartition, rtd.repartition));
  }
  if (page === 0) {
    lines.push(titleRow('Average Call Length Repartition'));
    lines.push(
      ...repartitionTable(snapshot.callLengthRepartition, snapshot.callLength.repartition),
    );
  }
  return framed(lines, info);
}
