/** Builds the output layer's ScreenInfo from a run and its status (what is not in the snapshot). */
import type { ScreenInfo, ScreenState } from '../output/index.ts';
import type { RunHandle, RunStatus } from '../run/index.ts';
import { shardTickMs } from '../shard/index.ts';

export function screenInfoFor(run: RunHandle, status: RunStatus, warnings: string[]): ScreenInfo {
  const state: ScreenState =
    run.state === 'done'
      ? 'terminated'
      : run.state === 'draining'
        ? 'draining'
        : status.paused
          ? 'paused'
          : 'running';
  return {
    scenario: run.scenario,
    rate: status.rate,
    ratePeriodMs: run.config.rate.periodMs,
    callLengthMs: run.config.defaultPauseMs,
    localPort: run.transport.localAddress.port,
    // Bare, as SIPp 3.6.1 draws it even for IPv6: `::1:5060(UDP)`.
    remoteHost: run.remote?.ip ?? '',
    remotePort: run.remote?.port ?? 0,
    transport: run.transport.protocol,
    state,
    maxCalls: run.config.maxCalls,
    callLimit: status.limit,
    // -threads N: each shard ticks every N ms (shard/load-split.ts).
    schedulerResolutionMs: run.config.threads > 1 ? shardTickMs(run.config.threads) : 1,
    currentCalls: status.currentCalls,
    peakCalls: status.peakCalls,
    peakAfterS: Math.floor(status.peakAtMs / 1000),
    openSockets: status.openSockets,
    lastError: status.lastError || undefined,
    warnings,
    showFailureCauses: true,
    seed: status.seed,
  };
}
