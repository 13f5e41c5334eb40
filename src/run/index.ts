export { runScenario } from './run-scenario.ts';
