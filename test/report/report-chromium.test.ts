/**
 * The reports in real headless Chromium (playwright-core with Debian's /usr/bin/chromium): the
 * page opens offline with no console error, every chart canvas is drawn (its pixels read back),
 * in light and dark; screenshots go to test-artifacts/report/. Then `summary-to-pdf`: the PDF
 * has pages and `pdftotext` (poppler-utils) finds the key figures in it. Under CI=true a missing
 * chromium or pdftotext fails these tests instead of skipping them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { main } from '../../src/main.ts';
import { renderCompareHtml, renderReportHtml } from '../../src/report/index.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { fixtureSummary } from './summary-fixture.ts';
import { CHROMIUM, PDFTOTEXT, launch, toolRequirement, viewPage } from './report-browser.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-report-chromium-'));
const summary = fixtureSummary({
  gates: [{ gate: 'failed_calls==0', pass: false, actual: 36, message: 'failed_calls==0: broken' }],
});
const reportFile = path.join(dir, 'report.html');
const summaryFile = path.join(dir, 'summary.json');

/** A chart counts as drawn when a visible share of its pixels is painted (not just a frame). */
function assertChartsDrawn(paintedPixels: number[], canvasPixels: number[], charts: number): void {
  assert.equal(paintedPixels.length, charts, 'canvases');
  paintedPixels.forEach((n, i) => {
    assert.ok(canvasPixels[i] > 0, `canvas ${i} has no size`);
    assert.ok(n / canvasPixels[i] > 0.005, `canvas ${i} is blank: ${n} of ${canvasPixels[i]}`);
  });
}

describe('reports in Chromium', { skip: toolRequirement([CHROMIUM, PDFTOTEXT]) }, () => {
  let browser: Browser | undefined;
  before(async () => {
    writeFileSync(reportFile, renderReportHtml(summary));
    writeFileSync(summaryFile, JSON.stringify(summary));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the run report opens offline, without errors, charts drawn (${scheme})`, async () => {
      assert.ok(browser);
      const view = await viewPage(browser, reportFile, scheme, `report-${scheme}.png`);
      assert.deepEqual(view.errors, []);
      // 4 over time, then a distribution per latency (call length, from schedule, 2 RTDs).
      const latencies = 1 + (summary.call_length_from_schedule !== undefined ? 1 : 0) + 2;
      assertChartsDrawn(view.paintedPixels, view.canvasPixels, 4 + latencies);
      assert.match(view.text, /Success ratio\s+96\.00 %/);
    });
  }

  it('the comparison opens without errors, charts drawn', async () => {
    assert.ok(browser);
    const file = path.join(dir, 'comparison.html');
    const b = fixtureSummary({ failEvery: 10, slower: 300 });
    writeFileSync(
      file,
      renderCompareHtml({ name: 'a.json', summary }, { name: 'b.json', summary: b }),
    );
    const view = await viewPage(browser, file, 'light', 'comparison.png');
    assert.deepEqual(view.errors, []);
    assertChartsDrawn(view.paintedPixels, view.canvasPixels, 5);
    assert.match(view.text, /failed calls\s+36\s+90\s+\+54 \(\+150 %\)\s+worse/);
  });

  it('summary-to-pdf prints the report: pages, and the key figures as text', async () => {
    const pdf = path.join(dir, 'report.pdf');
    const io = fakeIo(dir);
    const code = await main(['summary-to-pdf', '-in', 'report.html', '-out', 'report.pdf'], io);
    assert.equal(code, 0, io.err());
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    assert.ok(pages >= 2, info);
    const text = execFileSync(PDFTOTEXT, ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /Key figures/);
    assert.match(text, /96\.00 %/, 'success ratio');
    assert.match(text, /\b900\b/, 'calls');
    assert.ok(text.includes(`${(summary.call_length.p99 / 1e6).toFixed(0)} ms`), 'p99');
    assert.match(text, /Gates: FAIL/);
    assert.match(text, /recv 180/, 'the message table');
  });

  it('summary-to-pdf also takes the summary JSON, and -chromium', async () => {
    const io = fakeIo(dir);
    const code = await main(['summary-to-pdf', '-in', 'summary.json', '-chromium', CHROMIUM], io);
    assert.equal(code, 0, io.err());
    const text = execFileSync(PDFTOTEXT, [path.join(dir, 'summary.pdf'), '-'], {
      encoding: 'utf8',
    });
    assert.match(text, /Success ratio/);
  });

  it('summary-to-pdf names the Chromium it could not find', async () => {
    const io = fakeIo(dir);
    const code = await main(
      ['summary-to-pdf', '-in', 'report.html', '-chromium', path.join(dir, 'no-chrome')],
      io,
    );
    assert.equal(code, 255);
    assert.match(io.err(), /-chromium .*no-chrome: no executable there/);
    assert.match(io.err(), /hint: install Chromium/);
  });
});
