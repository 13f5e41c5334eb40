/**
 * Two runs side by side (`report-html -compare a.json b.json`): every figure of A and B, the
 * change from A to B, and whether that change is better or worse. A change within 1 % of A's
 * value reads as the same: run-to-run noise, and the histograms' own error is 0.4 %.
 */
import { distributionChart, timeCharts } from './chart-data.ts';
import type { ChartColor } from './chart-spec.ts';
import { count, MISSING, nsAsDuration, nsAsMs, plain, rate, ratio } from './format.ts';
import { escapeHtml } from './html-escape.ts';
import { ChartSet, pageHtml, table, td } from './page-shell.ts';
import { LATENCY_COLUMNS, footer, latencies, section } from './report-page.ts';
import type { ReportLatency, ReportSummary } from './summary-file.ts';

export interface ComparedRun {
  /** How the page names the run: usually its file name. */
  name: string;
  summary: ReportSummary;
}

type Better = 'higher' | 'lower' | 'none';

interface Metric {
  label: string;
  a: number | undefined;
  b: number | undefined;
  show: (v: number | undefined) => string;
  /** The difference B − A as text (with its sign). */
  diff: (d: number) => string;
  better: Better;
}

export type Verdict = 'better' | 'worse' | 'same' | 'changed' | 'n/a';

/** Relative change under which two values count as the same. */
export const SAME_WITHIN = 0.01;

export function verdictOf(a: number | undefined, b: number | undefined, better: Better): Verdict {
  if (
    typeof a !== 'number' ||
    typeof b !== 'number' ||
    !Number.isFinite(a) ||
    !Number.isFinite(b)
  ) {
    return 'n/a';
  }
  const d = b - a;
  if (d === 0 || Math.abs(d) <= SAME_WITHIN * Math.abs(a)) return 'same';
  if (better === 'none') return 'changed';
  return d > 0 === (better === 'higher') ? 'better' : 'worse';
}

const A_COLOR: ChartColor = 'c1';
const B_COLOR: ChartColor = 'c4';

export function renderCompareHtml(runA: ComparedRun, runB: ComparedRun): string {
  const a = runA.summary;
  const b = runB.summary;
  const charts = new ChartSet();
  const groups: Array<[string, Metric[]]> = [
    ['Calls', callMetrics(a, b)],
    ['Latency', latencyMetrics(a, b)],
    ['Failure classes', failureMetrics(a, b)],
    ['Generator', generatorMetrics(a, b)],
  ];
  const all = groups.flatMap(([, ms]) => ms.map((m) => verdictOf(m.a, m.b, m.better)));
  const better = all.filter((v) => v === 'better').length;
  const worse = all.filter((v) => v === 'worse').length;
  const title = `Gossipper comparison: ${runA.name} vs ${runB.name}`;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    runLine('A', runA),
    runLine('B', runB),
    `<p><span class="verdict ${worse > 0 ? 'fail' : 'pass'}">B against A: ${better} better, ${worse} worse</span></p>`,
    ...groups.map(([name, ms]) => section(name, metricsTable(ms))),
    section('Gates', gatesTable(a, b)),
    section('Over time', overTime(runA, runB, charts)),
    section('Call length distribution', distribution(runA, runB, charts)),
    messagesTable(a, b),
    footer(b),
  ].join('\n');
  return pageHtml(title, body, charts);
}

function runLine(letter: string, run: ComparedRun): string {
  const s = run.summary;
  const facts = [
    s.scenario,
    `${s.transport}${s.remote !== undefined ? ` → ${s.remote}` : ''}`,
    `started ${s.started_at}`,
    `ran ${nsAsDuration(s.duration)}`,
    s.tool_version !== '' ? `gossipper ${s.tool_version}` : '',
  ].filter((f) => f !== '');
  return (
    `<p class="meta"><strong>${letter}: ${escapeHtml(run.name)}</strong> · ${facts.map(escapeHtml).join(' · ')}` +
    (s.command_line.length > 0 ? `<br><code>${escapeHtml(s.command_line.join(' '))}</code>` : '') +
    '</p>'
  );
}

const signed = (text: string, d: number): string => `${d > 0 ? '+' : d < 0 ? '−' : '±'}${text}`;
const diffCount = (d: number): string => signed(count(Math.abs(d)), d);
const diffMs = (d: number): string => signed(nsAsMs(Math.abs(d)), d);

function callMetrics(a: ReportSummary, b: ReportSummary): Metric[] {
  const m = (
    label: string,
    pick: (s: ReportSummary) => number | undefined,
    better: Better,
    show: (v: number | undefined) => string = count,
    diff: (d: number) => string = diffCount,
  ): Metric => ({ label, a: pick(a), b: pick(b), better, show, diff });
  return [
    m('calls', (s) => s.total_calls, 'none'),
    m('successful calls', (s) => s.success_calls, 'higher'),
    m('failed calls', (s) => s.failed_calls, 'lower'),
    m(
      'success ratio',
      (s) => s.success_ratio,
      'higher',
      ratio,
      (d) => signed(`${Math.abs(d * 100).toFixed(2)} pp`, d),
    ),
    m(
      'call rate achieved',
      (s) => s.calls_per_second,
      'higher',
      rate,
      (d) => signed(rate(Math.abs(d)), d),
    ),
    m(
      'call rate asked',
      (s) => s.asked_calls_per_second,
      'none',
      rate,
      (d) => signed(rate(Math.abs(d)), d),
    ),
    m(
      'duration',
      (s) => s.duration,
      'none',
      nsAsDuration,
      (d) => signed(nsAsDuration(Math.abs(d)), d),
    ),
    m('retransmissions', (s) => s.retransmits, 'lower'),
    m('timeouts', (s) => s.timeouts, 'lower'),
  ];
}

function latencyMetrics(a: ReportSummary, b: ReportSummary): Metric[] {
  const inB = new Map(latencies(b));
  const timings = latencies(a)
    .filter(([name]) => inB.has(name))
    .map(([name, l]): [string, ReportLatency | undefined, ReportLatency | undefined] => [
      name,
      l,
      inB.get(name),
    ]);
  return timings.flatMap(([name, la, lb]) =>
    LATENCY_COLUMNS.filter(([key]) => key !== 'min').map(([key, head]): Metric => ({
      label: `${name} ${head}`,
      a: la?.[key],
      b: lb?.[key],
      better: 'lower',
      show: nsAsMs,
      diff: diffMs,
    })),
  );
}

function failureMetrics(a: ReportSummary, b: ReportSummary): Metric[] {
  const classes = [
    ...new Set([...Object.keys(a.failure_classes), ...Object.keys(b.failure_classes)]),
  ];
  const get = (s: ReportSummary, c: string): number =>
    (s.failure_classes as Record<string, number>)[c] ?? 0;
  return classes.map((c) => ({
    label: c,
    a: get(a, c),
    b: get(b, c),
    better: 'lower',
    show: count,
    diff: diffCount,
  }));
}

function generatorMetrics(a: ReportSummary, b: ReportSummary): Metric[] {
  return [
    {
      label: 'event-loop utilization',
      a: a.generator?.event_loop_utilization,
      b: b.generator?.event_loop_utilization,
      better: 'lower',
      show: ratio,
      diff: (d) => signed(`${Math.abs(d * 100).toFixed(2)} pp`, d),
    },
  ];
}

function metricsTable(metrics: readonly Metric[]): string {
  const rows = metrics.map((m) => {
    const v = verdictOf(m.a, m.b, m.better);
    const change =
      v === 'n/a' || m.a === undefined || m.b === undefined ? MISSING : changeText(m, m.a, m.b);
    const cls = v === 'better' || v === 'worse' ? v : undefined;
    return [
      td(m.label, 'text'),
      td(m.show(m.a)),
      td(m.show(m.b)),
      td(change, cls),
      td(v === 'n/a' ? '' : v, cls),
    ];
  });
  return table(['', 'A', 'B', 'change', 'B is'], rows);
}

function changeText(m: Metric, a: number, b: number): string {
  const d = b - a;
  if (a === 0) return d === 0 ? '±0' : m.diff(d);
  return `${m.diff(d)} (${d >= 0 ? '+' : '−'}${plain(Math.abs((d / Math.abs(a)) * 100), 1)} %)`;
}

function gatesTable(a: ReportSummary, b: ReportSummary): string {
  const names = [...new Set([...(a.gates ?? []), ...(b.gates ?? [])].map((g) => g.gate))];
  if (names.length === 0) return '<p class="muted">Neither run had gates.</p>';
  const cell = (s: ReportSummary, gate: string): string => {
    const g = s.gates?.find((x) => x.gate === gate);
    if (g === undefined) return td('not set');
    return td(`${g.pass ? 'pass' : 'FAIL'} (${plain(g.actual, 4)})`, g.pass ? 'better' : 'worse');
  };
  return table(
    ['gate', 'A', 'B'],
    names.map((n) => [td(n, 'text'), cell(a, n), cell(b, n)]),
  );
}

function overTime(runA: ComparedRun, runB: ComparedRun, charts: ChartSet): string {
  if (runA.summary.series.length === 0 && runB.summary.series.length === 0) {
    return '<p class="muted">Neither summary has a per-second series.</p>';
  }
  const specs = timeCharts([
    { prefix: 'A: ', summary: runA.summary, palette: new Array<ChartColor>(6).fill(A_COLOR) },
    { prefix: 'B: ', summary: runB.summary, palette: new Array<ChartColor>(6).fill(B_COLOR) },
  ]);
  return `<div class="charts">${specs.map((c) => charts.figure(c)).join('\n')}</div>`;
}

function distribution(runA: ComparedRun, runB: ComparedRun, charts: ChartSet): string {
  const spec = distributionChart('Call length distribution, A and B', [
    { label: `A: ${runA.name}`, color: A_COLOR, latency: runA.summary.call_length },
    { label: `B: ${runB.name}`, color: B_COLOR, latency: runB.summary.call_length },
  ]);
  return `<div class="charts">${charts.figure(spec)}</div>`;
}

/** Per-message counts side by side, when both runs played the same scenario steps. */
function messagesTable(a: ReportSummary, b: ReportSummary): string {
  if (a.messages.length === 0 || b.messages.length === 0) return '';
  const same =
    a.messages.length === b.messages.length &&
    a.messages.every((m, i) => m.step === b.messages[i].step);
  if (!same)
    return section('Messages', '<p class="muted">The runs played different scenario steps.</p>');
  const pair = (x: number, y: number): string[] => {
    const v = verdictOf(x, y, 'lower');
    const cls = v === 'better' || v === 'worse' ? v : undefined;
    return [td(count(x)), td(count(y), cls)];
  };
  const rows = a.messages.map((m, i) => {
    const n = b.messages[i];
    return [
      td(m.step, 'text'),
      td(count(m.messages)),
      td(count(n.messages)),
      ...pair(m.retransmissions, n.retransmissions),
      ...pair(m.timeouts, n.timeouts),
      ...pair(m.unexpected, n.unexpected),
    ];
  });
  return section(
    'Messages',
    table(
      [
        'step',
        'A msgs',
        'B msgs',
        'A retrans',
        'B retrans',
        'A timeouts',
        'B timeouts',
        'A unexp',
        'B unexp',
      ],
      rows,
    ),
  );
}
