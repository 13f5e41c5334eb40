/**
 * How figures read in the reports. A value that is absent or not finite (a summary from an older
 * or the reference tool may lack a field) reads "—".
 */

export const MISSING = '—';

function finite(v: number | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Integer nanoseconds as milliseconds, 3 significant digits at least. */
export function nsAsMs(ns: number | undefined): string {
  if (!finite(ns)) return MISSING;
  const ms = ns / 1e6;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Integer nanoseconds as a run length: `12.3 s`, `5 min 03 s`, `2 h 01 min`. */
export function nsAsDuration(ns: number | undefined): string {
  if (!finite(ns)) return MISSING;
  const s = ns / 1e9;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function count(v: number | undefined): string {
  return finite(v) ? Math.round(v).toLocaleString('en-US') : MISSING;
}

/** A 0..1 ratio as a percentage with two decimals. */
export function ratio(v: number | undefined): string {
  return finite(v) ? `${(v * 100).toFixed(2)} %` : MISSING;
}

export function rate(v: number | undefined): string {
  return finite(v) ? `${v.toFixed(2)}/s` : MISSING;
}

export function plain(v: number | undefined, digits = 2): string {
  return finite(v) ? String(+v.toFixed(digits)) : MISSING;
}
