export { Engine } from './engine.ts';
export { ScenarioProgram } from './scenario-program.ts';
export type { ProgramContext } from './scenario-program.ts';
export type { EngineConfig, EngineDeps, EngineEvents, EngineState } from './engine-deps.ts';
export { nextRampRate } from './rate-ramp.ts';
export type { RampStep } from './rate-ramp.ts';
export { MONOTONIC_CLOCK, FakeClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { SeededRng, createRng, deriveSeed } from './rng.ts';
export type { Rng } from './rng.ts';
export { NULL_TRACE_SINK } from './trace-sink.ts';
export type { CallResponseTimes, TraceSink } from './trace-sink.ts';
export type { RunContext } from './run-context.ts';
export { warmUpBySelfCalls } from './self-call-warm-up.ts';
export { COMMAND_DELIMITER } from './twin-link.ts';
export type { TwinLink } from './twin-link.ts';
export type {
  CallMediaState,
  MediaCall,
  MediaCallFailure,
  MediaExecKind,
  MediaHost,
  SdpWait,
  WebRtcRole,
} from './media-host.ts';
export { SDP_WAIT_MS } from './media-host.ts';
