/** The single-run report page (`report-html -in`, `-summary_html`). */
import type { ChartColor } from './chart-spec.ts';
import { distributionChart, timeCharts } from './chart-data.ts';
import { count, MISSING, nsAsDuration, nsAsMs, plain, rate, ratio } from './format.ts';
import { escapeHtml } from './html-escape.ts';
import { ChartSet, pageHtml, table, td } from './page-shell.ts';
import type { ReportLatency, ReportSummary } from './summary-file.ts';

export const PALETTE: readonly ChartColor[] = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];

export function renderReportHtml(s: ReportSummary): string {
  const charts = new ChartSet();
  const title = `Gossipper report: ${s.scenario || 'run'} ${s.started_at}`.trim();
  const body = [
    header(s),
    verdict(s),
    section('Key figures', keyFigures(s)),
    s.findings.length > 0 ? section('Findings', findingsList(s.findings)) : '',
    section(
      'Over time',
      s.series.length > 0
        ? `<div class="charts">${timeCharts([{ prefix: '', summary: s, palette: PALETTE }])
            .map((c) => charts.figure(c))
            .join('\n')}</div>`
        : '<p class="muted">This summary has no per-second series.</p>',
    ),
    section('Latency', latencyTable(s) + distributions(s, charts)),
    s.gates !== undefined && s.gates.length > 0 ? section('Gates', gatesTable(s)) : '',
    section('Failures', failuresTable(s)),
    s.messages.length > 0 ? section('Messages', messagesTable(s)) : '',
    Object.keys(s.counters).length > 0 ? section('Counters', countersTable(s.counters)) : '',
    s.generator !== undefined ? section('Generator health', generatorTable(s)) : '',
    footer(s),
  ].join('\n');
  return pageHtml(title, body, charts);
}

export function section(title: string, html: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${html}\n</section>`;
}

function header(s: ReportSummary): string {
  const where = s.remote !== undefined ? ` → ${s.remote}` : '';
  const meta = [
    `${s.mode ?? ''} ${s.transport}${where}`.trim(),
    `started ${s.started_at}`,
    `ran ${nsAsDuration(s.duration)}`,
    `ended: ${s.end_reason ?? MISSING}, exit code ${s.exit_code ?? MISSING}`,
  ];
  return (
    `<h1>${escapeHtml(s.scenario || 'Gossipper run')}</h1>\n` +
    `<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>\n` +
    (s.command_line.length > 0
      ? `<p class="meta"><code>${escapeHtml(s.command_line.join(' '))}</code></p>`
      : '')
  );
}

function verdict(s: ReportSummary): string {
  if (s.health === undefined) return '';
  return s.health.pass
    ? '<p><span class="verdict pass">Gates: PASS</span></p>'
    : `<p><span class="verdict fail">Gates: FAIL</span> ${escapeHtml(s.health.reasons.join('; '))}</p>`;
}

export function figureCard(label: string, value: string, sub = ''): string {
  return (
    `<div class="figure"><div class="label">${escapeHtml(label)}</div>` +
    `<div class="value">${escapeHtml(value)}</div>` +
    (sub !== '' ? `<div class="sub">${escapeHtml(sub)}</div>` : '') +
    '</div>'
  );
}

function keyFigures(s: ReportSummary): string {
  const cl = s.call_length;
  const asked = s.asked_calls_per_second > 0 ? `asked ${rate(s.asked_calls_per_second)}` : '';
  return (
    '<div class="figures">' +
    [
      figureCard('Calls', count(s.total_calls), `${count(s.active_calls)} still active at end`),
      figureCard('Successful', count(s.success_calls)),
      figureCard('Failed', count(s.failed_calls)),
      figureCard('Success ratio', ratio(s.success_ratio)),
      figureCard('Call rate achieved', rate(s.calls_per_second), asked),
      figureCard('Call length p50', nsAsMs(cl?.p50)),
      figureCard('Call length p95', nsAsMs(cl?.p95)),
      figureCard('Call length p99', nsAsMs(cl?.p99)),
      figureCard('Retransmissions', count(s.retransmits)),
      figureCard('Timeouts', count(s.timeouts)),
    ].join('') +
    '</div>'
  );
}

function findingsList(lines: readonly string[]): string {
  return `<ul class="findings">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

export const LATENCY_COLUMNS = [
  ['min', 'min'],
  ['average', 'avg'],
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
  ['max', 'max'],
] as const;

/**
 * call_length, the same from the calls' scheduled starts (it shows what a saturated generator's
 * own delay adds: coordinated omission), then every named RTD, as (name, latency).
 */
export function latencies(s: ReportSummary): Array<[string, ReportLatency | undefined]> {
  return [
    ['call length', s.call_length],
    ...(s.call_length_from_schedule !== undefined
      ? [['call length from schedule', s.call_length_from_schedule] as [string, ReportLatency]]
      : []),
    ...Object.entries(s.rtd).map(([n, l]): [string, ReportLatency] => [`rtd ${n}`, l]),
  ];
}

function latencyTable(s: ReportSummary): string {
  const rows = latencies(s).map(([name, l]) => [
    td(name),
    td(count(l?.count)),
    ...LATENCY_COLUMNS.map(([key]) => td(nsAsMs(l?.[key]))),
    td(nsAsMs(l?.stddev)),
  ]);
  return table(['', 'count', ...LATENCY_COLUMNS.map(([, h]) => h), 'stddev'], rows);
}

function distributions(s: ReportSummary, charts: ChartSet): string {
  const figures = latencies(s)
    .filter(([, l]) => (l?.count ?? 0) > 0)
    .map(([name, l]) =>
      charts.figure(
        distributionChart(`Distribution: ${name}`, [{ label: 'calls', color: 'c1', latency: l }]),
      ),
    );
  return figures.length > 0
    ? `<div class="charts" style="margin-top:14px">${figures.join('\n')}</div>`
    : '';
}

function gatesTable(s: ReportSummary): string {
  const rows = (s.gates ?? []).map((g) => [
    td(g.gate, 'text'),
    td(g.pass ? 'pass' : 'FAIL', g.pass ? 'better' : 'worse'),
    td(plain(g.actual, 4)),
    td(g.message, 'text'),
  ]);
  return table(['gate', 'result', 'measured', 'detail'], rows);
}

function failuresTable(s: ReportSummary): string {
  const failed = s.failed_calls;
  const rows = Object.entries(s.failure_classes).map(([cls, n]) => [
    td(cls),
    td(count(n)),
    td(failed > 0 ? ratio(n / failed) : MISSING),
  ]);
  const causes = Object.entries(s.failure_causes).map(([c, n]) => [td(c), td(count(n))]);
  return (
    table(['failure class', 'calls', 'share of failed'], rows) +
    (causes.length > 0
      ? `<p class="muted">SIPp's causes:</p>${table(['cause', 'count'], causes)}`
      : '')
  );
}

function messagesTable(s: ReportSummary): string {
  const rows = s.messages.map((m) => [
    td(String(m.index)),
    td(m.step, 'text'),
    td(count(m.messages)),
    td(count(m.retransmissions)),
    td(count(m.timeouts)),
    td(count(m.unexpected)),
    td(count(m.lost)),
  ]);
  return table(['#', 'step', 'messages', 'retrans', 'timeouts', 'unexpected', 'lost'], rows);
}

function countersTable(counters: Record<string, number>): string {
  return table(
    ['counter', 'value'],
    Object.entries(counters).map(([n, v]) => [td(n), td(count(v))]),
  );
}

function generatorTable(s: ReportSummary): string {
  const g = s.generator ?? {};
  const rows: Array<[string, string]> = [
    ['event-loop utilization', ratio(g.event_loop_utilization)],
    ['watchdog trips (major / minor)', `${count(g.watchdog_major)} / ${count(g.watchdog_minor)}`],
    ['malformed messages', count(g.malformed_messages)],
    ['UDP receive buffer errors (host)', count(g.udp_receive_buffer_errors)],
    ['UDP in errors (host)', count(g.udp_in_errors)],
    ['calls skipped by the call limit', count(g.calls_skipped_by_limit)],
  ];
  return table(
    ['', ''],
    rows.map(([k, v]) => [td(k), td(v)]),
  );
}

export function footer(s: ReportSummary): string {
  const version = s.tool_version !== '' ? ` ${s.tool_version}` : '';
  return `<footer>Written by gossipper${escapeHtml(version)} from run ${escapeHtml(s.run_id || MISSING)}. Durations in ms; percentiles within the histogram's 0.4 % error.</footer>`;
}
