/**
 * What is left on stderr when a run that reported errors exits, as SIPp 3.6.1's print_errors:
 * the latest error with its timestamp, then where the others are. Checked against sipp (a UAC
 * whose calls time out):
 *   2026-12-07	02:07:25.766585	1796609245.766585: Call-Id: 2-4617@127.0.0.1, receive timeout ...
 *   There were more errors, enable -trace_err to log them.
 */
import { formatSippTimestamp } from './sipp-format.ts';

export interface ErrorCounts {
  readonly count: number;
  readonly last: string;
  /** Wall-clock epoch ms of the latest error. */
  readonly atMs: number;
}

/** The stderr text; '' when the run reported no error. `logPath`: the -trace_err file, if any. */
export function errorSummaryText(errors: ErrorCounts, logPath?: string): string {
  if (errors.count === 0) return '';
  let text = `${formatSippTimestamp(errors.atMs)}: ${errors.last}\n`;
  if (errors.count > 1) {
    text +=
      logPath !== undefined
        ? `There were more errors, see '${logPath}' file\n`
        : 'There were more errors, enable -trace_err to log them.\n';
  }
  return text;
}
