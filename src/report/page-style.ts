/** The reports' stylesheet, inlined: light by default, dark when the reader's system is. */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1c2230; --muted: #5f6b7d; --grid: #e3e7ee; --card: #f4f6fa;
  --border: #d5dbe5; --good: #1a7f37; --bad: #c62828; --good-bg: #e3f4e8; --bad-bg: #fbe4e4;
  --c1: #2563eb; --c2: #0d9488; --c3: #dc2626; --c4: #d97706; --c5: #7c3aed; --c6: #db2777;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12151b; --fg: #e4e8ef; --muted: #98a2b3; --grid: #2a303b; --card: #1b2029;
    --border: #333b48; --good: #4ade80; --bad: #f87171; --good-bg: #15331f; --bad-bg: #3b1818;
    --c1: #60a5fa; --c2: #2dd4bf; --c3: #f87171; --c4: #fbbf24; --c5: #a78bfa; --c6: #f472b6;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 12px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.verdict { display: inline-block; padding: 4px 12px; border-radius: 4px; font-weight: 600; }
.pass { color: var(--good); background: var(--good-bg); }
.fail { color: var(--bad); background: var(--bad-bg); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.figure { background: var(--card); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; }
.figure .label { color: var(--muted); font-size: 12px; }
.figure .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure .sub { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }
figure.chart { margin: 0; background: var(--card); border: 1px solid var(--border); border-radius: 6px; padding: 8px; break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin: 0 0 4px 4px; }
figure.chart .plot { width: 100%; min-height: 240px; }
.uplot { font-family: inherit; color: var(--fg); }
.u-legend { font-size: 12px; }
table { border-collapse: collapse; min-width: 50%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 12px; border-bottom: 1px solid var(--grid); text-align: right; }
th { color: var(--muted); font-weight: 600; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.better { color: var(--good); background: var(--good-bg); }
td.worse { color: var(--bad); background: var(--bad-bg); }
.muted { color: var(--muted); }
ul.findings { margin: 0; padding-left: 20px; }
footer { color: var(--muted); margin-top: 32px; font-size: 12px; }
@media print {
  main { max-width: none; padding: 0; }
  .charts { grid-template-columns: 1fr; }
  h2 { break-after: avoid; }
  tr, .figure { break-inside: avoid; }
}
`;
