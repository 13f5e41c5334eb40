import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, summarize, verdictOf } from '../../bench/report.ts';
import type { TrialRecord } from '../../bench/trial.ts';
import type { Impl } from '../../bench/commands.ts';
import type { Measure } from '../../bench/options.ts';

function rec(
  measure: Measure,
  metric: string,
  impl: Impl,
  trial: number,
  value: number,
  clean = true,
): TrialRecord {
  return { measure, metric, impl, trial, value, unit: '', clean, problems: [], detail: {} };
}

test('efficiency: medians per implementation, ratio, and a ≤ 1.0 target', () => {
  const records = [
    rec('efficiency', 'uac', 'gossipper', 1, 0.3),
    rec('efficiency', 'uac', 'sipp', 1, 0.1),
    rec('efficiency', 'uac', 'gossipper', 2, 0.2),
    rec('efficiency', 'uac', 'sipp', 2, 0.1),
    rec('efficiency', 'uac', 'gossipper', 3, 0.9, false),
    rec('efficiency', 'uac', 'sipp', 3, 0.3),
    rec('efficiency', 'uas', 'gossipper', 1, 0.1),
    rec('efficiency', 'uas', 'sipp', 1, 0.2),
  ];
  const rows = summarize(records, new Set<Measure>(['efficiency']));
  assert.equal(rows.length, 2);
  const [uac, uas] = rows;
  assert.equal(uac?.gossipper, 0.3);
  assert.equal(uac?.sipp, 0.1);
  assert.ok(Math.abs((uac?.ratio ?? 0) - 3) < 1e-9);
  assert.equal(uac?.verdict, 'missed');
  assert.match(uac?.note ?? '', /gossipper: 1\/3 trials had errors/);
  assert.equal(uas?.verdict, 'met');
});

test("TCP ceilings: ours per pairing, SIPp's one sipp-vs-sipp climb in both rows", () => {
  const records = [
    rec('ceiling', 'tcp-uac', 'sipp', 1, 8000),
    rec('ceiling', 'tcp-uac', 'gossipper', 1, 4000),
    rec('ceiling', 'tcp-uas', 'gossipper', 1, 12000),
  ];
  const rows = summarize(records, new Set<Measure>(['ceiling']));
  const [uac, uas] = rows.filter((r) => r.label.includes('TCP'));
  assert.equal(uac.label, 'UAC ceiling, TCP');
  assert.equal(uac.gossipper, 4000);
  assert.equal(uac.sipp, 8000);
  assert.equal(uac.verdict, 'missed');
  assert.equal(uas.label, 'UAS ceiling, TCP');
  assert.equal(uas.gossipper, 12000);
  assert.equal(uas.sipp, 8000);
  assert.equal(uas.ratio, 1.5);
  assert.equal(uas.verdict, 'met');
});

test('fidelity: SIPp below its 1 ms resolution gives a lower-bound ratio', () => {
  const records = [rec('fidelity', 'p99', 'gossipper', 1, 6), rec('fidelity', 'p99', 'sipp', 1, 0)];
  const p99 = summarize(records, new Set<Measure>(['fidelity'])).find((r) =>
    r.label.includes('p99'),
  );
  assert.equal(p99?.sipp, '< 1 ms');
  assert.equal(p99?.ratio, 6);
  assert.equal(p99?.ratioIsLowerBound, true);
  assert.equal(p99?.verdict, 'missed');
  assert.match(renderMarkdown(p99 ? [p99] : [], 1), /≥ 6\.00×/);
});

test('a lower bound can prove a ≤ target missed but never met', () => {
  assert.equal(verdictOf(1.1, true, { op: '<=', ratio: 1.2 }, false), 'n/a');
  assert.equal(verdictOf(1.1, false, { op: '<=', ratio: 1.2 }, false), 'met');
  assert.equal(verdictOf(0.9, false, { op: '>=', ratio: 1 }, false), 'missed');
  assert.equal(verdictOf(NaN, false, { op: '>=', ratio: 1 }, false), 'n/a');
});

test("shards rows: -threads 2 against SIPp with a >= 1.6x ceiling target; -threads 1 reuses SIPp's climb", () => {
  const records = [
    rec('shards', 'efficiency-t2', 'gossipper', 1, 0.4),
    rec('shards', 'efficiency-t2', 'sipp', 1, 0.2),
    rec('shards', 'ceiling-t2', 'gossipper', 1, 8000),
    rec('shards', 'ceiling-t2', 'sipp', 1, 4000),
    rec('shards', 'ceiling-t1', 'gossipper', 1, 6000),
  ];
  const rows = summarize(records, new Set<Measure>(['shards']));
  assert.deepEqual(
    rows.map((r) => r.label),
    [
      'UAC CPU/1000 calls, -threads 2',
      'UAC ceiling, -threads 2',
      'UAC ceiling, -threads 1 (same UAS)',
    ],
  );
  const [efficiency, t2, t1] = rows;
  assert.equal(efficiency.ratio, 2);
  assert.equal(efficiency.verdict, '');
  assert.equal(t2.ratio, 2);
  assert.deepEqual(t2.target, { op: '>=', ratio: 1.6 });
  assert.equal(t2.verdict, 'met');
  assert.equal(t1.sipp, 4000);
  assert.equal(t1.ratio, 1.5);
  const md = renderMarkdown(rows, 3);
  assert.match(md, /^\| measure \| Gossipper \| SIPp 3\.6\.1 \|/);
  assert.match(
    md,
    /Medians of 3 alternating trial\(s\) per implementation\.$/,
    'no fidelity note without fidelity rows',
  );
  const withFidelity = renderMarkdown([...rows, { ...rows[0], measure: 'fidelity' }], 3, 5);
  assert.match(
    withFidelity,
    /Medians of 3 alternating trial\(s\) per implementation \(fidelity: 5\)\.$/,
  );
  assert.equal(
    summarize(records, new Set<Measure>(['ceiling'])).some((r) => r.measure === 'shards'),
    false,
  );
});

test('efficiency start-up excluded: the CPU between a short and a long run, per 1000 calls', async () => {
  const { marginal } = await import('../../bench/measure-efficiency.ts');
  const long: TrialRecord = {
    ...rec('efficiency', 'uac', 'gossipper', 1, 0.08),
    detail: { calls: 40000, cpuS: 3.2 },
  };
  const short: TrialRecord = {
    ...rec('efficiency', 'uac', 'gossipper', 1, 0.12),
    detail: { calls: 8000, cpuS: 0.96 },
  };
  const m = marginal(long, short);
  assert.equal(m.metric, 'uac-marginal');
  assert.ok(Math.abs(m.value - 0.07) < 1e-9, `${m.value}`);
  const rows = summarize(
    [long, m, { ...m, impl: 'sipp', value: 0.07 }, { ...long, impl: 'sipp' }],
    new Set<Measure>(['efficiency']),
  );
  assert.deepEqual(
    rows.map((r) => r.label),
    ['UAC CPU per 1000 calls (UDP)', 'UAC CPU/1000 calls, start-up excluded'],
  );
  assert.equal(rows[1].verdict, '', 'informational: no target');
});

test('hostile: peak RSS as a ratio; pass/fail rows judge our worst trial against a bound, without a ratio', () => {
  const withDetail = (r: TrialRecord, detail: TrialRecord['detail']): TrialRecord => ({
    ...r,
    detail,
  });
  const records = [
    rec('hostile', 'udp-peak-rss', 'gossipper', 1, 70 * 1024),
    rec('hostile', 'udp-peak-rss', 'sipp', 1, 56 * 1024),
    rec('hostile', 'udp-rss-slope', 'gossipper', 1, 0.4),
    rec('hostile', 'udp-rss-slope', 'gossipper', 2, 1.5),
    rec('hostile', 'udp-rss-slope', 'sipp', 1, 0.1),
    rec('hostile', 'udp-calls-lost', 'gossipper', 1, 0),
    rec('hostile', 'udp-calls-lost', 'gossipper', 2, 3, false),
    rec('hostile', 'udp-calls-lost', 'sipp', 1, 0),
    rec('hostile', 'tcp-peak-rss', 'gossipper', 1, 96 * 1024),
    withDetail(rec('hostile', 'tcp-peak-rss', 'sipp', 1, 6 * 1024, false), {
      died: true,
      diedAfterS: 0.25,
    }),
    withDetail(rec('hostile', 'tcp-calls-lost', 'sipp', 1, 5000, false), {
      died: true,
      diedAfterS: 0.25,
    }),
    rec('hostile', 'tcp-calls-lost', 'gossipper', 1, 0),
  ];
  const rows = summarize(records, new Set<Measure>(['hostile']));
  const byLabel = new Map(rows.map((r) => [r.label, r]));
  const peak = byLabel.get('UAS peak RSS under UDP flood');
  assert.equal(peak?.gossipper, 70);
  assert.equal(peak?.ratio, 1.25);
  assert.equal(peak?.verdict, '', 'informational');
  const slope = byLabel.get('UAS RSS growth, 2nd half, UDP');
  assert.equal(slope?.gossipper, 1.5, 'the worst trial, not the median');
  assert.ok(Number.isNaN(slope?.ratio));
  assert.equal(slope?.verdict, 'met');
  const lost = byLabel.get('Calls lost under UDP flood');
  assert.equal(lost?.gossipper, 3);
  assert.equal(lost?.verdict, 'missed');
  // SIPp's peak before it died compares with nothing; its lost calls are the result.
  const tcpPeak = byLabel.get('UAS peak RSS under TCP flood');
  assert.equal(tcpPeak?.sipp, 'died');
  assert.ok(Number.isNaN(tcpPeak?.ratio));
  assert.match(tcpPeak?.note ?? '', /sipp UAS died under attack in 1\/1 trials \(after 0\.3 s\)/);
  assert.equal(byLabel.get('Calls lost under TCP flood')?.sipp, 5000);
  const md = renderMarkdown(rows, 3, 5, 1);
  assert.match(
    md,
    /\| Calls lost under UDP flood \| 3 calls \| 0 calls \| – \| ours ≤ 0 calls \| missed \|/,
  );
  assert.match(
    md,
    /per implementation \(hostile: 1\)\. Rows judged against "ours ≤" take the worst trial\.$/,
  );
});

test('hostile: a run too short to judge the plateau reads n/a and says why', () => {
  const short: TrialRecord = {
    ...rec('hostile', 'udp-rss-slope', 'gossipper', 1, 60),
    detail: { notJudged: 'second half starts at 6 s' },
  };
  const [row] = summarize(
    [short, rec('hostile', 'udp-rss-slope', 'sipp', 1, 200)],
    new Set<Measure>(['hostile']),
  );
  assert.equal(row?.verdict, 'n/a');
  assert.match(row?.note ?? '', /not judged: second half starts at 6 s/);
});

test('efficiency with result files: our uac-results row against SIPp plain uac figure', () => {
  const rows = summarize(
    [
      rec('efficiency', 'uac', 'gossipper', 1, 0.05),
      rec('efficiency', 'uac', 'sipp', 1, 0.05),
      rec('efficiency', 'uac-results', 'gossipper', 1, 0.06),
    ],
    new Set<Measure>(['efficiency']),
  );
  const row = rows.find((r) => r.label === 'UAC CPU/1000 calls, summary JSON and call records on');
  assert.ok(row);
  assert.equal(row.gossipper, 0.06);
  assert.equal(row.sipp, 0.05);
  assert.equal(row.verdict, 'missed');
});
