/**
 * Reads the final screens SIPp 3.6.1 prints on exit (and Gossipper copies), plus Gossipper's
 * "Gossipper extras" percentile block and SIPp's `-trace_rtt` CSV. Only the last occurrence of a
 * line counts: the final screen comes after any periodic output.
 */

export interface FinalScreen {
  incomingCreated: number;
  outgoingCreated: number;
  successful: number;
  failed: number;
  /** Sum of the scenario screen's Retrans column. */
  retransmissions: number;
  /** "Peak was N calls". */
  peakCalls: number;
  /** Cumulative "Call Rate" in calls per second. */
  callRateCps: number;
}

export interface Percentiles {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

function lastMatch(text: string, re: RegExp): RegExpExecArray | undefined {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  let last: RegExpExecArray | undefined;
  for (let m = global.exec(text); m; m = global.exec(text)) last = m;
  return last;
}

/** The cumulative (last) number on the last statistics line named `label`. */
function cumulative(text: string, label: string): number {
  const m = lastMatch(text, new RegExp(`^\\s*${label}\\s*\\|([^\\n]*)$`, 'm'));
  if (!m) return NaN;
  const numbers = (m[1] ?? '').match(/\d+(?:\.\d+)?/g) ?? [];
  return Number(numbers[numbers.length - 1] ?? NaN);
}

/** Parse a final screen; fields absent from the text are NaN so a caller can tell. */
export function parseFinalScreen(text: string): FinalScreen {
  const peak = lastMatch(text, /Peak was (\d+) calls/);
  return {
    incomingCreated: cumulative(text, 'Incoming calls created'),
    outgoingCreated: cumulative(text, 'Outgoing calls created'),
    successful: cumulative(text, 'Successful call'),
    failed: cumulative(text, 'Failed call'),
    retransmissions: sumRetransmissions(text),
    peakCalls: peak ? Number(peak[1]) : NaN,
    callRateCps: cumulative(text, 'Call Rate'),
  };
}

/**
 * Sum the Retrans column of the last scenario screen. Client rows read
 * `INVITE ---------->  500  0 ...` (counts after the arrow); server rows read
 * `----------> INVITE  500  0 ...` (the name, possibly a numeric code, follows the arrow first).
 */
export function sumRetransmissions(text: string): number {
  const start = text.lastIndexOf('Messages  Retrans');
  if (start < 0) return NaN;
  let sum = 0;
  for (const line of text.slice(start).split('\n').slice(1)) {
    if (line.startsWith('---')) break;
    const arrow = /(-{10}>|<-{10})/.exec(line);
    if (!arrow) continue;
    const isServerRow = line.trim().startsWith(arrow[0]);
    const tokens = line
      .slice(arrow.index + arrow[0].length)
      .trim()
      .split(/\s+/);
    if (isServerRow) tokens.shift();
    const counts = tokens.filter((t) => /^\d+$/.test(t)).map(Number);
    sum += counts[1] ?? 0;
  }
  return sum;
}

/** Percentiles of "Response Time 1" from the Gossipper extras block, in ms. */
export function parseExtrasPercentiles(
  text: string,
  label = 'Response Time 1',
): Percentiles | undefined {
  const block = text.lastIndexOf('Gossipper extras');
  if (block < 0) return undefined;
  const tail = text.slice(block);
  const m = new RegExp(`^\\s*${label}\\s*\\|([^\\n]*)$`, 'm').exec(tail);
  const header = /^\s*Percentiles \(ms\)\s*\|([^\n]*)$/m.exec(tail);
  if (!m || !header) return undefined;
  // Columns by their header, so a column added to the block does not shift the others.
  const names = (header[1] ?? '').trim().split(/[\s|]+/);
  const v = (m[1] ?? '')
    .trim()
    .split(/[\s|]+/)
    .map(Number);
  const at = (name: string): number => v[names.indexOf(name)] ?? Number.NaN;
  const out = { p50Ms: at('p50'), p90Ms: at('p90'), p99Ms: at('p99'), maxMs: at('max') };
  if (Object.values(out).some((n) => !Number.isFinite(n))) return undefined;
  return out;
}

/** Response times (ms) of one rtd from a `-trace_rtt` file: rows `date_ms;rt_ms;rtd`. */
export function parseRttCsv(text: string, rtd = '1'): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const [, rt, name] = line.trim().split(';');
    if (name === rtd && rt !== undefined && rt !== '' && Number.isFinite(Number(rt)))
      out.push(Number(rt));
  }
  return out;
}

/**
 * A single-value row of the Gossipper extras block, e.g. `Out-of-call messages | 1499`, by a
 * label pattern (a row being renamed can be matched by both names); NaN when absent (SIPp).
 */
export function parseExtrasCount(text: string, label: RegExp): number {
  const block = text.lastIndexOf('Gossipper extras');
  if (block < 0) return NaN;
  const m = new RegExp(`^\\s*(?:${label.source})\\s*\\|\\s*(\\d+)\\s*$`, 'm').exec(
    text.slice(block),
  );
  // The count is the last group: the label pattern may hold groups of its own.
  return m ? Number(m[m.length - 1]) : NaN;
}
