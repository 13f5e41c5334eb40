export { scenarioScreen, stepLabel } from './scenario-screen.ts';
export { statisticsScreen, failureCauses } from './statistics-screen.ts';
export {
  repartitionScreen,
  repartitionScreenCount,
  repartitionTable,
} from './repartition-screen.ts';
export { finalReport, gossipperExtras, screenDump, summaryLine } from './final-report.ts';
export { footer, lastErrorLine } from './screen-frame.ts';
export { errorSummaryText, type ErrorCounts } from './error-summary.ts';
export type { ScreenInfo, ScreenScenario, ScreenState } from './screen-info.ts';
export { socketBuffersText, type SocketBufferSizes } from './socket-buffers.ts';
export {
  ERROR_LOG_HEADER,
  ErrorLog,
  fileErrorLogTarget,
  printableExcerpt,
  type CancelTimer,
  type ErrorLogOptions,
  type ErrorLogTarget,
} from './error-log.ts';
export {
  formatPauseLength,
  formatSippDuration,
  formatSippElapsed,
  formatSippTimestamp,
} from './sipp-format.ts';
export { TraceFile, type TraceFileOptions } from './trace-file.ts';
export {
  CONTROL_PROTOCOL,
  MessageEvent,
  MessageTrace,
  type TraceTextTarget,
  blockTimestamp,
  messageBlock,
  shortMessageLine,
} from './trace-messages.ts';
export {
  cppDouble,
  statCsvColumns,
  statCsvHeader,
  statCsvRow,
  statCsvShape,
  type StatCsvShape,
} from './trace-stat.ts';
export { countsColumns, countsHeader, countsRow } from './trace-counts.ts';
export {
  TraceSet,
  traceLoadError,
  type ShardTraceFile,
  type TraceLog,
  type TraceRowInput,
  type TraceSetOptions,
} from './trace-set.ts';
export { CallDebugTrace, rawCallId } from './trace-calldebug.ts';
export { screenTraceLines } from './trace-screen.ts';
export { actionInfo, variableDumpLines, variablesScreenLines } from './variables-screen.ts';
export { writeFileAtomic } from './atomic-file.ts';
export { junitXml } from './junit.ts';
export { CALL_RECORD_SCHEMA, CallRecordsWriter } from './call-records.ts';
export {
  RunResults,
  endReasonOf,
  summaryHtmlFromReport,
  type ExportCounts,
  type SummaryHtmlWriter,
} from './run-results.ts';
