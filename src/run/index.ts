export { loadScenarioFor, runScenario } from './run-scenario.ts';
export { Run } from './run.ts';
export type { RunResult, RunState } from './run.ts';
export { sippExitCode } from './run-handle.ts';
export type { EngineStatus, RunHandle } from './run-handle.ts';
export { startTicker } from './ticker.ts';
export type { Ticker } from './ticker.ts';
