/**
 * The report's chart script: small canvas line and bar charts, drawn in the browser from the
 * JSON specs the page embeds (chart-spec.ts). It is a TypeScript function whose source text is
 * inlined into the page (Function.prototype.toString), so it is type-checked here yet needs no
 * bundler at run time. It must therefore be self-contained: no imports, no module-level names.
 * The DOM types below are the few members it uses (the project compiles without lib.dom).
 */
import type { BarChartSpec, ChartSpec, LineChartSpec } from './chart-spec.ts';

interface Ctx2D {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  stroke(): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  setLineDash(segments: number[]): void;
}

interface CanvasEl {
  width: number;
  height: number;
  readonly clientWidth: number;
  readonly clientHeight: number;
  getContext(kind: '2d'): Ctx2D | null;
  getAttribute(name: string): string | null;
}

export interface ChartDocument {
  getElementById(id: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<CanvasEl>;
  readonly documentElement: object;
}

export interface ChartWindow {
  readonly devicePixelRatio: number;
  getComputedStyle(el: object): { getPropertyValue(name: string): string };
  matchMedia(query: string): { addEventListener(type: 'change', fn: () => void): void };
  addEventListener(type: 'resize' | 'beforeprint', fn: () => void): void;
}

/** Draws every `<canvas data-chart="i">` from spec i of `#gossipper-chart-data`. */
export function chartRuntime(doc: ChartDocument, win: ChartWindow): void {
  const dataEl = doc.getElementById('gossipper-chart-data');
  if (dataEl === null) return;
  const specs = JSON.parse(dataEl.textContent ?? '[]') as ChartSpec[];
  const PAD = { left: 58, right: 14, top: 30, bottom: 30 };

  const drawAll = (): void => {
    const style = win.getComputedStyle(doc.documentElement);
    const color = (name: string): string => style.getPropertyValue(`--${name}`).trim() || '#888';
    const canvases = doc.querySelectorAll('canvas[data-chart]');
    for (let i = 0; i < canvases.length; i++) {
      const canvas = canvases[i];
      const spec = specs[Number(canvas.getAttribute('data-chart'))];
      if (spec !== undefined) draw(canvas, spec, color);
    }
  };

  const niceStep = (range: number, count: number): number => {
    const raw = range / Math.max(1, count);
    const mag = 10 ** Math.floor(Math.log10(raw));
    const n = raw / mag;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
  };

  const ticks = (min: number, max: number, count: number): number[] => {
    const step = niceStep(max - min, count);
    const out: number[] = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
      out.push(Math.round(v / step) * step);
    }
    return out;
  };

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

  const draw = (canvas: CanvasEl, spec: ChartSpec, color: (n: string) => string): void => {
    const dpr = win.devicePixelRatio || 1;
    const w = canvas.clientWidth || 600;
    const h = canvas.clientHeight || 240;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '12px system-ui, sans-serif';
    legend(ctx, spec, color, w);
    const plot = {
      x: PAD.left,
      y: PAD.top,
      w: w - PAD.left - PAD.right,
      h: h - PAD.top - PAD.bottom,
    };
    if (spec.kind === 'line') line(ctx, spec, color, plot);
    else bars(ctx, spec, color, plot);
  };

  const legend = (ctx: Ctx2D, spec: ChartSpec, color: (n: string) => string, w: number): void => {
    let x = PAD.left;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const s of spec.series) {
      ctx.fillStyle = color(s.color);
      ctx.fillRect(x, 9, 12, 12);
      ctx.fillStyle = color('fg');
      ctx.fillText(s.label, x + 16, 15);
      x += 16 + ctx.measureText(s.label).width + 18;
      if (x > w - 40) break;
    }
    ctx.fillStyle = color('muted');
    ctx.textAlign = 'right';
    ctx.fillText(spec.unit, PAD.left - 6, 15);
  };

  type Plot = { x: number; y: number; w: number; h: number };

  /** Horizontal grid lines and y labels; returns the y scale. */
  const yAxis = (
    ctx: Ctx2D,
    max: number,
    color: (n: string) => string,
    p: Plot,
  ): ((v: number) => number) => {
    const top = max > 0 ? max : 1;
    const ys = ticks(0, top, 5);
    const hi = Math.max(top, ys[ys.length - 1]);
    const scale = (v: number): number => p.y + p.h - (v / hi) * p.h;
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ys) {
      const y = Math.round(scale(v)) + 0.5;
      ctx.strokeStyle = color('grid');
      ctx.beginPath();
      ctx.moveTo(p.x, y);
      ctx.lineTo(p.x + p.w, y);
      ctx.stroke();
      ctx.fillStyle = color('muted');
      ctx.fillText(num(v), p.x - 6, y);
    }
    return scale;
  };

  const noData = (ctx: Ctx2D, color: (n: string) => string, p: Plot): void => {
    ctx.fillStyle = color('muted');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('no data', p.x + p.w / 2, p.y + p.h / 2);
  };

  const line = (ctx: Ctx2D, spec: LineChartSpec, color: (n: string) => string, p: Plot): void => {
    let x0 = Infinity;
    let x1 = -Infinity;
    let yMax = 0;
    for (const s of spec.series) {
      s.x.forEach((x, i) => {
        if (s.y[i] === null) return;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        yMax = Math.max(yMax, s.y[i] ?? 0);
      });
    }
    if (x0 === Infinity) {
      yAxis(ctx, 1, color, p);
      noData(ctx, color, p);
      return;
    }
    if (x1 === x0) x1 = x0 + 1;
    const sx = (x: number): number => p.x + ((x - x0) / (x1 - x0)) * p.w;
    const sy = yAxis(ctx, yMax * 1.05, color, p);
    ctx.fillStyle = color('muted');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks(x0, x1, Math.max(2, Math.floor(p.w / 90)))) {
      ctx.fillText(clock(t, x1 - x0), sx(t), p.y + p.h + 8);
    }
    for (const s of spec.series) {
      ctx.strokeStyle = color(s.color);
      ctx.fillStyle = color(s.color);
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dashed === true ? [6, 4] : []);
      ctx.beginPath();
      let pen = false;
      let drawn = 0;
      s.x.forEach((x, i) => {
        const v = s.y[i];
        if (v === null || v === undefined) {
          pen = false;
          return;
        }
        if (pen) ctx.lineTo(sx(x), sy(v));
        else ctx.moveTo(sx(x), sy(v));
        pen = true;
        drawn++;
      });
      ctx.stroke();
      ctx.setLineDash([]);
      if (drawn === 1) {
        const i = s.y.findIndex((v) => v !== null);
        ctx.beginPath();
        ctx.arc(sx(s.x[i]), sy(s.y[i] ?? 0), 3, 0, Math.PI * 2);
        ctx.fill();
      }
    }
  };

  const bars = (ctx: Ctx2D, spec: BarChartSpec, color: (n: string) => string, p: Plot): void => {
    let yMax = 0;
    for (const s of spec.series) for (const v of s.values) yMax = Math.max(yMax, v);
    const sy = yAxis(ctx, yMax * 1.05, color, p);
    const groups = spec.labels.length;
    if (groups === 0 || yMax === 0) {
      noData(ctx, color, p);
      return;
    }
    const groupW = p.w / groups;
    const barW = Math.max(1, (groupW * 0.8) / spec.series.length);
    spec.series.forEach((s, k) => {
      ctx.fillStyle = color(s.color);
      s.values.forEach((v, i) => {
        const x = p.x + i * groupW + groupW * 0.1 + k * barW;
        const y = sy(v);
        ctx.fillRect(x, y, Math.max(1, barW - 1), p.y + p.h - y);
      });
    });
    ctx.fillStyle = color('muted');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    let widest = 0;
    for (const l of spec.labels) widest = Math.max(widest, ctx.measureText(l).width);
    const every = Math.max(1, Math.ceil((widest + 8) / groupW));
    spec.labels.forEach((l, i) => {
      if (i % every === 0) ctx.fillText(l, p.x + (i + 0.5) * groupW, p.y + p.h + 8);
    });
  };

  drawAll();
  win.addEventListener('resize', drawAll);
  win.addEventListener('beforeprint', drawAll);
  win.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawAll);
}

/**
 * The script text for the page. `__name` is defined because a build with esbuild's keepNames
 * (tsx does that) wraps the function's inner functions in calls to it.
 */
export function chartScript(): string {
  const source = chartRuntime.toString();
  return `(function(){var __name=function(f){return f};(${source})(document,window);})();`;
}
