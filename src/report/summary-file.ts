/**
 * Reading a summary JSON for a report. The pages take a `ReportSummary`: our Summary with the
 * parts a summary from an older version or from the reference tool may lack made optional, so
 * such a file still gives a report (missing figures read "—") instead of an error.
 */
import { readFileSync } from 'node:fs';
import { GossipperError } from '../errors.ts';
import type { GeneratorHealth, LatencySummary, Summary } from '../stats/index.ts';

export type ReportLatency = Partial<LatencySummary>;

export type ReportSummary = Omit<Summary, 'call_length' | 'rtd' | 'generator'> & {
  call_length?: ReportLatency;
  rtd: Record<string, ReportLatency>;
  generator?: Partial<GeneratorHealth>;
};

const SCHEMA_PREFIX = 'gossipper_summary_';

export function readSummaryFile(path: string): ReportSummary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new GossipperError('FILE_IO', `cannot read summary ${path}: ${why}`);
  }
  return parseSummaryJson(text, path);
}

/** A summary from its JSON text; `source` names it in errors. */
export function parseSummaryJson(text: string, source: string): ReportSummary {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new GossipperError('FILE_IO', `${source} is not JSON: ${why}`);
  }
  return normalizeSummary(raw, source);
}

/** Checks that `raw` is a run summary and fills the collections it may lack with empty ones. */
export function normalizeSummary(raw: unknown, source: string): ReportSummary {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw notSummary(source, 'the top level is not an object');
  }
  const o = raw as Record<string, unknown>;
  const schema = o.schema_version;
  if (schema !== undefined && (typeof schema !== 'string' || !schema.startsWith(SCHEMA_PREFIX))) {
    throw notSummary(source, `schema_version is ${JSON.stringify(schema)}`);
  }
  if (typeof o.total_calls !== 'number') throw notSummary(source, 'total_calls is missing');
  const obj = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    ...(o as unknown as ReportSummary),
    tool_version: str(o.tool_version),
    run_id: str(o.run_id),
    scenario: str(o.scenario),
    transport: str(o.transport),
    started_at: str(o.started_at),
    finished_at: str(o.finished_at),
    command_line: arr(o.command_line).map(String),
    rtd: obj(o.rtd) as ReportSummary['rtd'],
    counters: obj(o.counters) as ReportSummary['counters'],
    failure_classes: obj(o.failure_classes) as ReportSummary['failure_classes'],
    failure_causes: obj(o.failure_causes) as ReportSummary['failure_causes'],
    messages: arr(o.messages) as ReportSummary['messages'],
    series: arr(o.series) as ReportSummary['series'],
    findings: arr(o.findings).map(String),
  };
}

function notSummary(source: string, why: string): GossipperError {
  return new GossipperError(
    'FILE_IO',
    `${source} is not a Gossipper run summary (${why})`,
    'give the file a run wrote with -summary_json',
  );
}
