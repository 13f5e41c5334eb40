/**
 * `gossipper report-html`: a summary JSON (or two, with -compare) to one standalone HTML file,
 * and writeSummaryHtml, which a run calls for `-summary_html`.
 */
import { basename, resolve } from 'node:path';
import { FlagError } from '../errors.ts';
import type { Io } from '../io.ts';
import { writeFileAtomic } from '../output/index.ts';
import type { Summary } from '../stats/index.ts';
import { renderCompareHtml } from './compare-page.ts';
import { renderReportHtml } from './report-page.ts';
import { readSummaryFile } from './summary-file.ts';

export const REPORT_HTML_HELP = `Usage: gossipper report-html -in summary.json [-out report.html]
       gossipper report-html -compare a.json b.json [-out comparison.html]

Writes one standalone HTML file (no network needed to open it) from a run summary written
with -summary_json: key figures, charts over time, latency distributions, the message table,
failure classes and gate results. With -compare, two runs side by side, each change marked
better or worse. Light or dark follows the reader's system.

  -in <file>           summary JSON of one run
  -compare <a> <b>     summary JSONs of two runs (A is the reference, B the new run)
  -out <file>          HTML file to write (default: the input's name with .html, or
                       comparison.html)
`;

export interface ReportHtmlOptions {
  input?: string;
  compare?: [string, string];
  out?: string;
}

export function parseReportHtmlArgs(args: readonly string[]): ReportHtmlOptions | 'help' {
  const o: ReportHtmlOptions = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].replace(/^--/, '-');
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v === '') {
        throw new FlagError('FLAG_MISSING_VALUE', `report-html: ${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '-h':
      case '-help':
        return 'help';
      case '-in':
        o.input = value();
        break;
      case '-out':
        o.out = value();
        break;
      case '-compare': {
        const a = value();
        o.compare = [a, value()];
        break;
      }
      default:
        throw new FlagError(
          'FLAG_UNKNOWN',
          `report-html: unknown option "${args[i]}"`,
          'see gossipper report-html -h',
        );
    }
  }
  if ((o.input === undefined) === (o.compare === undefined)) {
    throw new FlagError(
      'FLAG_MISSING_VALUE',
      'report-html: give either -in summary.json or -compare a.json b.json',
      'see gossipper report-html -h',
    );
  }
  return o;
}

/** Runs `gossipper report-html`; returns the exit code. */
export async function runReportHtmlCommand(args: readonly string[], io: Io): Promise<number> {
  const o = parseReportHtmlArgs(args);
  if (o === 'help') {
    io.stdout.write(REPORT_HTML_HELP);
    return 0;
  }
  let html: string;
  let out: string;
  if (o.compare !== undefined) {
    const [a, b] = o.compare.map((p) => resolve(io.cwd, p));
    html = renderCompareHtml(
      { name: basename(a), summary: readSummaryFile(a) },
      { name: basename(b), summary: readSummaryFile(b) },
    );
    out = resolve(io.cwd, o.out ?? 'comparison.html');
  } else {
    const input = resolve(io.cwd, o.input ?? '');
    html = renderReportHtml(readSummaryFile(input));
    out = resolve(io.cwd, o.out ?? input.replace(/(\.json)?$/i, '.html'));
  }
  await writeFileAtomic(out, html);
  io.stdout.write(`wrote ${out}\n`);
  return 0;
}

/** `-summary_html FILE`: the run's report, written atomically beside (or instead of) the JSON. */
export async function writeSummaryHtml(summary: Summary, path: string): Promise<void> {
  await writeFileAtomic(path, renderReportHtml(summary));
}
