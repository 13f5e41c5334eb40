/**
 * The HTML reports as text: what they show, that every value is escaped, that nothing is fetched
 * from the network, the comparison verdicts, the `report-html` command and `-summary_html`.
 * test/report/report-chromium.test.ts opens the same pages in a real browser.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { GossipperError } from '../../src/errors.ts';
import {
  findChromium,
  normalizeSummary,
  renderCompareHtml,
  renderReportHtml,
  verdictOf,
  type ChartSpec,
} from '../../src/report/index.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { fixtureSummary } from './summary-fixture.ts';

function chartSpecs(html: string): ChartSpec[] {
  const m = /<script type="application\/json" id="gossipper-chart-data">(.*?)<\/script>/s.exec(
    html,
  );
  assert.ok(m, 'chart data element');
  return JSON.parse(m[1]) as ChartSpec[];
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'gossipper-report-'));
}

describe('renderReportHtml', () => {
  const s = fixtureSummary({
    gates: [
      {
        gate: 'failed_calls==0',
        pass: false,
        actual: 36,
        message: 'failed_calls==0: broken, measured 36',
      },
      { gate: 'call_length.p99<60s', pass: true, actual: 3600, message: 'held' },
    ],
  });
  const html = renderReportHtml(s);

  it('shows the key figures, findings, gates and the message table', () => {
    assert.match(html, /<div class="label">Calls<\/div><div class="value">900<\/div>/);
    assert.match(html, /<div class="label">Success ratio<\/div><div class="value">96\.00 %<\/div>/);
    assert.match(html, /asked 50\.00\/s/);
    const p99 = `${(s.call_length.p99 / 1e6).toFixed(0)} ms`;
    assert.ok(html.includes(`Call length p99</div><div class="value">${p99}<`), p99);
    assert.match(html, /Gates: FAIL/);
    assert.match(html, /<td class="text">failed_calls==0<\/td><td class="worse">FAIL<\/td>/);
    assert.match(html, /<td>3<\/td><td class="text">recv 200<\/td><td>864<\/td>/);
    assert.match(html, /<td>timeout<\/td><td>18<\/td><td>50\.00 %<\/td>/);
    for (const f of s.findings) assert.ok(html.includes(f), f);
  });

  it('charts the series and the latency distributions from the summary', () => {
    const specs = chartSpecs(html);
    const titles = specs.map((c) => c.title);
    assert.deepEqual(titles.slice(0, 4), [
      'Call rate',
      'Concurrent calls',
      'Failures and retransmissions',
      'Call length over time (calls ending each second)',
    ]);
    const rate = specs[0];
    assert.equal(rate.kind, 'line');
    if (rate.kind !== 'line') return;
    assert.deepEqual(
      rate.series[0].y,
      s.series.map((p) => p.calls_per_second),
    );
    assert.deepEqual(rate.series[1].y, [50, 50], 'the asked rate');
    const dist = specs.find((c) => c.title === 'Distribution: call length');
    assert.ok(dist !== undefined && dist.kind === 'bar');
    if (dist?.kind !== 'bar') return;
    const total = dist.series[0].values.reduce((a, b) => a + b, 0);
    assert.equal(total, s.call_length.count, 'every call in one bin');
    assert.equal(html.match(/<div class="plot" data-chart=/g)?.length, specs.length);
  });

  it('escapes every value taken from the summary', () => {
    const evil = '<script>alert(1)</script>';
    const bad = {
      ...s,
      scenario: `x${evil}`,
      findings: [`f${evil}`],
      command_line: ['-key', `"'&${evil}`],
      messages: s.messages.map((m) => ({ ...m, step: `recv ${evil}` })),
      rtd: { [`r${evil}`]: s.call_length },
    };
    const out = renderReportHtml(bad);
    assert.equal(out.match(/<script/g)?.length, 3, 'only the page own: uPlot, data, chart code');
    assert.ok(out.includes('x&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(out.includes('&quot;&#39;&amp;&lt;script&gt;'));
    // Inside the chart JSON, `<` is \u003c, so the data cannot close its element.
    assert.ok(out.includes('\\u003cscript\\u003e'));
  });

  it('is standalone: no external script, style, image or font', () => {
    assert.doesNotMatch(html, /\s(src|href)=/);
    assert.doesNotMatch(html, /<link|@import|url\(/);
    // uPlot's licence banner names its home page; nothing else may point outside the file.
    assert.doesNotMatch(html.replace('https://github.com/leeoniya/uPlot', ''), /https?:\/\//);
    assert.ok(html.includes('uPlot'), 'uPlot is inlined');
  });

  it('reads a summary that lacks the newer parts (the reference tool writes those)', () => {
    const reference = normalizeSummary(
      {
        schema_version: 'gossipper_summary_v1',
        total_calls: 10,
        success_calls: 9,
        failed_calls: 1,
        success_ratio: 0.9,
        duration: 10e9,
        call_length: {
          count: 9,
          average: 12e6,
          buckets: [
            { label: 'le_10ms', count: 4 },
            { label: 'le_20ms', count: 5 },
          ],
        },
      },
      'ref.json',
    );
    const out = renderReportHtml(reference);
    assert.match(out, /<div class="label">Call length p99<\/div><div class="value">—<\/div>/);
    assert.match(out, /This summary has no per-second series/);
    const dist = chartSpecs(out).find((c) => c.title === 'Distribution: call length');
    assert.deepEqual(dist?.kind === 'bar' ? dist.labels : [], ['≤10ms', '≤20ms']);
  });

  it('refuses a file that is not a run summary, saying why', () => {
    assert.throws(() => normalizeSummary([], 'a.json'), /a\.json is not a Gossipper run summary/);
    assert.throws(
      () => normalizeSummary({ schema_version: 'other_v1', total_calls: 1 }, 'b.json'),
      /schema_version is "other_v1"/,
    );
    assert.throws(() => normalizeSummary({}, 'c.json'), /total_calls is missing/);
  });
});

describe('comparison', () => {
  it('judges a change by the direction that is better, within 1 % as the same', () => {
    assert.equal(verdictOf(100, 120, 'lower'), 'worse');
    assert.equal(verdictOf(100, 80, 'lower'), 'better');
    assert.equal(verdictOf(0.9, 0.99, 'higher'), 'better');
    assert.equal(verdictOf(100, 100.5, 'lower'), 'same');
    assert.equal(verdictOf(0, 1, 'lower'), 'worse');
    assert.equal(verdictOf(10, 20, 'none'), 'changed');
    assert.equal(verdictOf(undefined, 20, 'lower'), 'n/a');
  });

  it('puts the two runs side by side and marks what got worse', () => {
    const a = fixtureSummary({ failEvery: 0 });
    const b = fixtureSummary({ failEvery: 10, slower: 400, scenarioName: 'uac-b' });
    const html = renderCompareHtml({ name: 'a.json', summary: a }, { name: 'b.json', summary: b });
    assert.match(html, /<h1>Gossipper comparison: a\.json vs b\.json<\/h1>/);
    assert.match(
      html,
      /<td class="text">failed calls<\/td><td>0<\/td><td>90<\/td><td class="worse">\+90<\/td><td class="worse">worse<\/td>/,
    );
    const p50a = a.call_length.p50 / 1e6;
    const p50b = b.call_length.p50 / 1e6;
    const row = new RegExp(
      `<td class="text">call length p50</td><td>${p50a.toFixed(0)} ms</td><td>${p50b.toFixed(0)} ms</td><td class="worse">\\+\\d+ ms \\(\\+[\\d.]+ %\\)</td>`,
    );
    assert.match(html, row);
    assert.match(html, /B against A: \d+ better, \d+ worse/);
    const specs = chartSpecs(html);
    const rate = specs[0];
    assert.ok(rate.kind === 'line' && rate.series.some((x) => x.label === 'B: calls/s'));
    const dist = specs.at(-1);
    assert.ok(dist?.kind === 'bar' && dist.series.length === 2);
  });
});

describe('gossipper report-html', () => {
  it('writes the report of a summary file', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify(fixtureSummary()));
    const io = fakeIo(dir);
    assert.equal(await main(['report-html', '-in', 'run.json'], io), 0, io.err());
    const html = readFileSync(path.join(dir, 'run.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(io.out(), /wrote .*run\.html/);
  });

  it('writes a comparison with -compare', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(fixtureSummary()));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(fixtureSummary({ slower: 50 })));
    const io = fakeIo(dir);
    const code = await main(['report-html', '-compare', 'a.json', 'b.json', '-out', 'c.html'], io);
    assert.equal(code, 0, io.err());
    assert.match(readFileSync(path.join(dir, 'c.html'), 'utf8'), /a\.json vs b\.json/);
  });

  it('fails clearly on missing arguments, unknown options and unreadable input', async () => {
    const dir = tmp();
    let io = fakeIo(dir);
    assert.equal(await main(['report-html'], io), 1);
    assert.match(io.err(), /give either -in summary\.json or -compare a\.json b\.json/);
    io = fakeIo(dir);
    assert.equal(await main(['report-html', '-in', 'x.json', '-bogus'], io), 1);
    assert.match(io.err(), /report-html: unknown option "-bogus"/);
    io = fakeIo(dir);
    assert.equal(await main(['report-html', '-in', 'missing.json'], io), 255);
    assert.match(io.err(), /cannot read summary .*missing\.json/);
    io = fakeIo(dir);
    assert.equal(await main(['report-html', '-h'], io), 0);
    assert.match(io.out(), /Usage: gossipper report-html/);
  });
});

describe('-summary_html', () => {
  it('is a run flag that names the report file', () => {
    const parsed = parseScenarioFlags(['-sn', 'uac', '127.0.0.1', '-summary_html', 'r.html'], '/w');
    assert.equal(parsed.kind, 'run');
    if (parsed.kind === 'run') assert.equal(parsed.config.results.summaryHtml, '/w/r.html');
  });
});

describe('findChromium', () => {
  it('takes -chromium, then GOSSIPPER_CHROMIUM, then the usual places and PATH', () => {
    const only = (p: string) => (x: string) => x === p;
    assert.equal(findChromium({ flag: '/opt/c', env: {}, isExecutable: only('/opt/c') }), '/opt/c');
    assert.equal(
      findChromium({ env: { GOSSIPPER_CHROMIUM: '/e/c' }, isExecutable: only('/e/c') }),
      '/e/c',
    );
    assert.equal(
      findChromium({ env: {}, isExecutable: only('/usr/bin/chromium') }),
      '/usr/bin/chromium',
    );
    assert.equal(
      findChromium({ env: { PATH: '/a:/b' }, isExecutable: only('/b/google-chrome') }),
      '/b/google-chrome',
    );
  });

  it('names every place it searched when there is none', () => {
    const none = (): boolean => false;
    assert.throws(
      () => findChromium({ env: { PATH: '/a:/b' }, isExecutable: none }),
      (err: unknown) =>
        err instanceof GossipperError &&
        err.code === 'CHROMIUM_NOT_FOUND' &&
        /GOSSIPPER_CHROMIUM \(not set\)/.test(err.message) &&
        err.message.includes('/usr/bin/chromium, /usr/bin/chromium-browser') &&
        err.message.includes('in PATH (/a:/b)') &&
        /apt-get install chromium/.test(err.hint ?? ''),
    );
    assert.throws(
      () => findChromium({ flag: '/nope/chrome', env: {}, isExecutable: none }),
      /-chromium \/nope\/chrome: no executable there/,
    );
    assert.throws(
      () => findChromium({ env: { GOSSIPPER_CHROMIUM: '/nope' }, isExecutable: none }),
      /GOSSIPPER_CHROMIUM=\/nope: no executable there/,
    );
  });
});
