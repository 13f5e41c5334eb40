export { Run } from './run.ts';
export type { RunDeps } from './run.ts';
export { sippExitCode } from './run-handle.ts';
export type { RunHandle, RunResult, RunState, RunStatus, SocketBuffers } from './run-handle.ts';
export { loadScenarioFor } from './scenario-source.ts';
export { NO_ERRORS, mergeErrorSummaries } from './error-tally.ts';
export type { ErrorSummary } from './error-tally.ts';
export { startTicker } from './ticker.ts';
export type { Ticker } from './ticker.ts';
