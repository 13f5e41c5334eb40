/**
 * The one-shot CLI front-end (`gossipper [sipp] -sn/-sf ...`): runs one scenario to its end
 * with SIPp's screen, hot keys, signals and final report. It drives a RunHandle like every
 * front-end; no other folder imports it.
 */
export { runScenario, type RunScenarioHooks } from './run-scenario.ts';
