/** Builds the output layer's ScreenInfo from a live Run (what is not in the stats snapshot). */
import type { RunState as ScreenRunState, ScreenInfo } from '../output/index.ts';
import type { RunHandle } from './run-handle.ts';

export function screenInfoFor(run: RunHandle, warnings: string[]): ScreenInfo {
  const e = run.engine;
  const state: ScreenRunState = run.state === 'done' ? 'terminated'
    : run.state === 'draining' ? 'draining' : e.paused ? 'paused' : 'running';
  return {
    scenario: run.scenario,
    rate: e.rate,
    ratePeriodMs: run.config.rate.periodMs,
    callLengthMs: run.config.defaultPauseMs,
    localPort: run.transport.localAddress.port,
    remoteHost: run.remote?.ip.includes(':') ? `[${run.remote.ip}]` : run.remote?.ip ?? '',
    remotePort: run.remote?.port ?? 0,
    transport: run.transport.protocol,
    state,
    maxCalls: run.config.maxCalls,
    callLimit: e.limit,
    schedulerResolutionMs: 1,
    currentCalls: e.currentCalls,
    peakCalls: e.peakCalls,
    peakAfterS: Math.floor(e.peakAtMs / 1000),
    openSockets: run.openSockets,
    lastError: e.lastError || undefined,
    warnings,
    showFailureCauses: true,
  };
}
