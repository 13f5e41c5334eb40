/**
 * What a chart draws, as plain JSON embedded in the report: the page's chart script
 * (chart-runtime.ts) hands it to uPlot, so the pages never deal with a chart library's options.
 */

/** Colours are names of the page's CSS custom properties (`--c1` …), so light and dark work. */
export type ChartColor = 'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'good' | 'bad' | 'muted';

export interface LineSeries {
  label: string;
  color: ChartColor;
  /** Seconds since the run started. */
  x: number[];
  /** null where there is no value (a gap in the line). */
  y: Array<number | null>;
  dashed?: boolean;
}

export interface LineChartSpec {
  kind: 'line';
  title: string;
  /** Unit of the y values, shown on the axis. */
  unit: string;
  series: LineSeries[];
}

export interface BarSeries {
  label: string;
  color: ChartColor;
  values: number[];
}

/** Grouped bars: one group per label, one bar per series. */
export interface BarChartSpec {
  kind: 'bar';
  title: string;
  unit: string;
  labels: string[];
  series: BarSeries[];
}

export type ChartSpec = LineChartSpec | BarChartSpec;
