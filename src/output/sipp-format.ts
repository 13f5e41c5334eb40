/**
 * The small printf-style pieces SIPp's screens and files are built from, so layouts can be
 * written column for column (`%-9lu` → left(n, 9), `%10s` → right(s, 10), `%-22.22s` → cell).
 */

/** `%-Ns`: left-aligned, padded to `width`, never cut. */
export function left(value: string | number, width: number): string {
  return String(value).padEnd(width, ' ');
}

/** `%Ns`: right-aligned, padded to `width`, never cut. */
export function right(value: string | number, width: number): string {
  return String(value).padStart(width, ' ');
}

/** `%-N.Ns`: left-aligned and cut to exactly `width`. */
export function cell(value: string, width: number): string {
  return value.length > width ? value.slice(0, width) : value.padEnd(width, ' ');
}

/** A title bar as SIPp draws them: 79 columns of dashes with the text embedded. */
export function titleBar(dashesBefore: number, text: string): string {
  const head = '-'.repeat(dashesBefore) + ' ' + text + ' ';
  return head + '-'.repeat(Math.max(0, 79 - head.length));
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function splitUs(epochMs: number): { seconds: number; micros: number } {
  const totalUs = Math.round(epochMs * 1000);
  const seconds = Math.floor(totalUs / 1e6);
  return { seconds, micros: totalUs - seconds * 1e6 };
}

/**
 * SIPp's timestamp: `YYYY-MM-DD<TAB>HH:MM:SS.usec<TAB>epoch.usec` in local time
 * (SIPp's docs, "Statistics"), e.g. `2026-11-29\t12:41:50.362718\t1795956110.362718`.
 */
export function formatSippTimestamp(epochMs: number): string {
  const { seconds, micros } = splitUs(epochMs);
  const d = new Date(seconds * 1000);
  const usec = String(micros).padStart(6, '0');
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${usec}`;
  return `${date}\t${time}\t${seconds}.${usec}`;
}

/** SIPp's duration columns: `HH:MM:SS:usec` (hours grow past two digits). */
export function formatSippDuration(ms: number): string {
  const totalUs = Math.max(0, Math.round(ms * 1000));
  const micros = totalUs % 1e6;
  const totalS = (totalUs - micros) / 1e6;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return `${two(h)}:${two(m)}:${two(s)}:${String(micros).padStart(6, '0')}`;
}

/** `HH:MM:SS` (the stat CSV's elapsed-time columns). */
export function formatSippElapsed(ms: number): string {
  const totalS = Math.max(0, Math.floor(ms / 1000));
  return `${two(Math.floor(totalS / 3600))}:${two(Math.floor((totalS % 3600) / 60))}:${two(totalS % 60)}`;
}

/**
 * How SIPp writes a pause length on the scenario screen (checked against sipp 3.6.1):
 * `999ms`, `9999ms`, `10.0s`, `60.0s` (below a minute), `1:00`, `59:59`, `1:00:00`, `100:00:00`.
 */
export function formatPauseLength(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalS = Math.floor(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h === 0) return `${m}:${two(s)}`;
  return `${h}:${two(m)}:${two(s)}`;
}

/** `%8.3f` and friends. */
export function fixed(value: number, decimals: number, width: number): string {
  return right(Number.isFinite(value) ? value.toFixed(decimals) : (0).toFixed(decimals), width);
}
