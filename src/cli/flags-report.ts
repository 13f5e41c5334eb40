/**
 * `-summary_html`: the run's HTML report (docs/reports.md), written at exit from the same
 * summary as `-summary_json`, with or without it. Listed with the tracing section.
 */
import { resolve } from 'node:path';
import type { FlagSpec } from './flag-types.ts';

export const REPORT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'summary_html',
    group: 'tracing',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'Gossipper: write the run report as one standalone HTML file at exit (charts, percentiles, messages, gates; docs/reports.md)',
    apply: (ctx, v) => {
      ctx.config.results.summaryHtml = resolve(ctx.cwd, v);
    },
  },
];
