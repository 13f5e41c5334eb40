/** The frame every report page shares: one standalone document, its CSS and script inlined. */
import type { ChartSpec } from './chart-spec.ts';
import { chartScript } from './chart-runtime.ts';
import { escapeHtml, jsonForScript } from './html-escape.ts';
import { PAGE_CSS } from './page-style.ts';
import { uplotAssets } from './uplot-assets.ts';

/** Collects a page's charts; `figure(spec)` returns the markup that shows one. */
export class ChartSet {
  readonly specs: ChartSpec[] = [];

  figure(spec: ChartSpec): string {
    const index = this.specs.push(spec) - 1;
    return (
      `<figure class="chart"><figcaption>${escapeHtml(spec.title)}</figcaption>` +
      `<div class="plot" data-chart="${index}" role="img" aria-label="${escapeHtml(spec.title)}"></div>` +
      `</figure>`
    );
  }
}

export function pageHtml(title: string, body: string, charts: ChartSet): string {
  const uplot = uplotAssets();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gossipper">
<title>${escapeHtml(title)}</title>
<style>${uplot.css}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script type="application/json" id="gossipper-chart-data">${jsonForScript(charts.specs)}</script>
<script>${uplot.js}</script>
<script>${chartScript()}</script>
</body>
</html>
`;
}

/**
 * A table from header texts and rows of cells made by td(). A header's column is left-aligned
 * when the column's first cell is (class text).
 */
export function table(head: readonly string[], rows: readonly string[][]): string {
  const first = rows[0] ?? [];
  const th = head
    .map(
      (h, i) =>
        `<th${first[i]?.startsWith('<td class="text') === true ? ' class="text"' : ''}>${escapeHtml(h)}</th>`,
    )
    .join('');
  const body = rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A table cell holding escaped text; `cls` adds a class (text, better, worse). */
export function td(text: string, cls?: string): string {
  return cls === undefined
    ? `<td>${escapeHtml(text)}</td>`
    : `<td class="${cls}">${escapeHtml(text)}</td>`;
}
