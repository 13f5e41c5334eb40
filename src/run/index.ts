export { loadScenarioFor, runScenario } from './run-scenario.ts';
export { Run } from './run.ts';
export type { RunResult } from './run.ts';
