/**
 * Reports people open: the run summary as a standalone HTML page (`report-html`,
 * `-summary_html`), two runs compared, and the page printed to PDF through Chromium
 * (`summary-to-pdf`). docs/reports.md.
 */
export {
  REPORT_HTML_HELP,
  parseReportHtmlArgs,
  runReportHtmlCommand,
  writeSummaryHtml,
  type ReportHtmlOptions,
} from './report-command.ts';
export { renderReportHtml } from './report-page.ts';
export { renderCompareHtml, verdictOf, type ComparedRun, type Verdict } from './compare-page.ts';
export {
  normalizeSummary,
  parseSummaryJson,
  readSummaryFile,
  type ReportSummary,
} from './summary-file.ts';
export {
  SUMMARY_TO_PDF_HELP,
  findChromium,
  htmlToPdf,
  parseSummaryToPdfArgs,
  runSummaryToPdfCommand,
  type SummaryToPdfOptions,
} from './pdf-command.ts';
export type { ChartSpec } from './chart-spec.ts';
