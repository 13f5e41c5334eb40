export { Engine } from './engine.ts';
export type { EngineConfig, EngineDeps, EngineEvents, EngineState } from './engine.ts';
export { MONOTONIC_CLOCK, FakeClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { NULL_TRACE_SINK } from './trace-sink.ts';
export type { TraceSink } from './trace-sink.ts';
export type { RunContext } from './run-context.ts';
export { warmUpBySelfCalls } from './self-call-warm-up.ts';
