/** Title bars and the footer every SIPp screen ends with. */
import type { ScreenInfo } from './screen-info.ts';

export const TITLE_SCENARIO =
  '------------------------------ Scenario Screen -------- [1-9]: Change Screen --';
export const TITLE_STATISTICS =
  '----------------------------- Statistics Screen ------- [1-9]: Change Screen --';
export const TITLE_REPARTITION =
  '---------------------------- Repartition Screen ------- [1-9]: Change Screen --';

/** Screens 6-9: "Repartition 2 Screen" etc., one per further RTD. */
export function repartitionTitle(rtdNumber: number): string {
  return `--------------------------- Repartition ${rtdNumber} Screen ------ [1-9]: Change Screen --`;
}

const FOOTER_TERMINATED =
  '------------------------------ Test Terminated --------------------------------';
const FOOTER_DRAINING =
  '------- Waiting for active calls to end. Press [q] again to force exit. -------';
const FOOTER_PAUSED =
  '----------------- Traffic Paused - Press [p] again to resume ------------------';
const FOOTER_CLIENT_KEYS =
  '------ [+|-|*|/]: Adjust rate ---- [q]: Soft exit ---- [p]: Pause traffic -----';
const FOOTER_SERVER =
  '------------------------------ SIPp Server Mode -------------------------------';

export function footer(info: ScreenInfo): string {
  switch (info.state) {
    case 'terminated':
      return FOOTER_TERMINATED;
    case 'draining':
      return FOOTER_DRAINING;
    case 'paused':
      return FOOTER_PAUSED;
    case 'running':
      return info.scenario.mode === 'server' ? FOOTER_SERVER : FOOTER_CLIENT_KEYS;
  }
}

/** SIPp cuts the last error to 60 characters plus `...`; we also stop at a line break. */
export function lastErrorLine(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0];
  const cut = firstLine.length < text.length;
  if (firstLine.length > 60) return `Last Error: ${firstLine.slice(0, 60)}...`;
  return `Last Error: ${firstLine}${cut ? '...' : ''}`;
}

/** Appends the "Last Error" line (when there is one) and the footer to a screen body. */
export function framed(body: string[], info: ScreenInfo): string[] {
  if (info.lastError) body.push(lastErrorLine(info.lastError));
  body.push(footer(info));
  return body;
}
