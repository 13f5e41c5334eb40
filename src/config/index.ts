export type {
  DefaultBehaviors, HostPort, RateConfig, RetransConfig, RunConfig, ScenarioSource, TraceConfig,
  TransportMode,
} from './run-config.ts';
export { defaultRunConfig } from './run-config.ts';
export { validateRunConfig } from './validate-run-config.ts';
