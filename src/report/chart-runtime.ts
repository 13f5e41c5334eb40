/**
 * The report's chart script: it turns the JSON specs the page embeds (chart-spec.ts) into uPlot
 * charts. uPlot itself is inlined beside it (uplot-assets.ts). This function's source text is
 * inlined too (Function.prototype.toString), so it is type-checked here yet needs no bundler at
 * run time; it must be self-contained: no imports, no module-level names. The DOM and uPlot
 * types below are the few members it uses (the project compiles without lib.dom).
 */
import type { BarChartSpec, ChartSpec, LineChartSpec } from './chart-spec.ts';

interface HolderEl {
  readonly clientWidth: number;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

interface UPlotChart {
  destroy(): void;
  setSize(size: { width: number; height: number }): void;
}

/** uPlot's constructor, with the bars path builder the distributions use. */
export interface UPlotCtor {
  new (opts: object, data: Array<Array<number | null>>, target: HolderEl): UPlotChart;
  paths: { bars?: (opts: { size: [number, number]; align: number }) => unknown };
}

export interface ChartDocument {
  getElementById(id: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<HolderEl>;
  readonly documentElement: object;
}

export interface ChartWindow {
  getComputedStyle(el: object): { getPropertyValue(name: string): string };
  matchMedia(query: string): { addEventListener(type: 'change', fn: () => void): void };
  addEventListener(type: 'resize' | 'beforeprint', fn: () => void): void;
}

/** Draws every `[data-chart="i"]` holder from spec i of `#gossipper-chart-data`. */
export function chartRuntime(doc: ChartDocument, win: ChartWindow, U: UPlotCtor): void {
  const dataEl = doc.getElementById('gossipper-chart-data');
  if (dataEl === null) return;
  const specs = JSON.parse(dataEl.textContent ?? '[]') as ChartSpec[];
  const HEIGHT = 220;
  let live: Array<{ el: HolderEl; chart: UPlotChart }> = [];

  const num = (v: number): string => {
    const a = Math.abs(v);
    if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
    if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
    if (a >= 100 || a === 0) return String(Math.round(v));
    return String(+v.toPrecision(3));
  };

  const clock = (s: number, span: number): string => {
    if (span < 120) return `${+s.toFixed(1)}s`;
    const m = Math.floor(s / 60);
    const sec = Math.round(s - m * 60);
    return `${m}:${sec < 10 ? '0' : ''}${sec}`;
  };

  const axis = (color: (n: string) => string, extra: object): object => ({
    stroke: color('muted'),
    grid: { stroke: color('grid'), width: 1 },
    ticks: { stroke: color('grid'), width: 1 },
    ...extra,
  });

  /** Series of a line chart share one x axis in uPlot: the union of their x, gaps as null. */
  const lineChart = (spec: LineChartSpec, color: (n: string) => string) => {
    const xs = Array.from(new Set(spec.series.flatMap((s) => s.x))).sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const ys = spec.series.map((s) => {
      const y: Array<number | null> = xs.map(() => null);
      s.x.forEach((x, i) => {
        y[at.get(x) ?? 0] = s.y[i] ?? null;
      });
      return y;
    });
    const span = xs.length > 1 ? xs[xs.length - 1] - xs[0] : 1;
    const opts = {
      scales: { x: { time: false } },
      axes: [
        axis(color, { values: (_u: unknown, v: number[]) => v.map((t) => clock(t, span)) }),
        axis(color, { label: spec.unit, values: (_u: unknown, v: number[]) => v.map(num) }),
      ],
      series: [
        {
          label: 'time',
          value: (_u: unknown, t: number | null) => (t === null ? '--' : clock(t, span)),
        },
        ...spec.series.map((s, k) => ({
          label: s.label,
          stroke: color(s.color),
          width: 2,
          ...(s.dashed === true ? { dash: [6, 4] } : {}),
          // A lone point draws no line: show the dot instead.
          points: { show: ys[k].filter((v) => v !== null).length === 1 },
        })),
      ],
    };
    return { opts, data: [xs, ...ys] };
  };

  /** Grouped bars: one slot per label; two series sit left and right of it. */
  const barChart = (spec: BarChartSpec, color: (n: string) => string) => {
    const n = spec.series.length;
    const xs = spec.labels.map((_l, i) => i);
    const every = Math.max(1, Math.ceil(spec.labels.length / 12));
    const opts = {
      scales: { x: { time: false, range: [-0.5, spec.labels.length - 0.5] } },
      axes: [
        axis(color, {
          splits: () => xs.filter((i) => i % every === 0),
          values: (_u: unknown, v: number[]) => v.map((i) => spec.labels[i] ?? ''),
        }),
        axis(color, { label: spec.unit, values: (_u: unknown, v: number[]) => v.map(num) }),
      ],
      series: [
        { label: 'bucket', value: (_u: unknown, i: number) => spec.labels[i] ?? '' },
        ...spec.series.map((s, k) => ({
          label: s.label,
          stroke: color(s.color),
          fill: color(s.color),
          width: 1,
          points: { show: false },
          paths: U.paths.bars?.({
            size: [n === 1 ? 0.8 : 0.4, Infinity],
            align: n === 2 ? (k === 0 ? -1 : 1) : 0,
          }),
        })),
      ],
    };
    return { opts, data: [xs, ...spec.series.map((s) => s.values)] };
  };

  const drawAll = (): void => {
    for (const c of live) c.chart.destroy();
    live = [];
    const style = win.getComputedStyle(doc.documentElement);
    const color = (name: string): string => style.getPropertyValue(`--${name}`).trim() || '#888';
    const holders = doc.querySelectorAll('[data-chart]');
    for (let i = 0; i < holders.length; i++) {
      const el = holders[i];
      const spec = specs[Number(el.getAttribute('data-chart'))];
      if (spec === undefined) continue;
      el.textContent = '';
      const { opts, data } = spec.kind === 'line' ? lineChart(spec, color) : barChart(spec, color);
      const size = { width: el.clientWidth || 600, height: HEIGHT };
      live.push({ el, chart: new U({ ...size, ...opts }, data, el) });
    }
  };

  const resize = (): void => {
    for (const c of live) c.chart.setSize({ width: c.el.clientWidth || 600, height: HEIGHT });
  };

  drawAll();
  win.addEventListener('resize', resize);
  win.addEventListener('beforeprint', resize);
  win.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawAll);
}

/**
 * The script text for the page, run after uPlot's. `__name` is defined because a build with
 * esbuild's keepNames (tsx does that) wraps the function's inner functions in calls to it.
 */
export function chartScript(): string {
  const source = chartRuntime.toString();
  return `(function(){var __name=function(f){return f};(${source})(document,window,uPlot);})();`;
}
