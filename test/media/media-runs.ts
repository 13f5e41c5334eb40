/** In-process runs for the media tests, on loopback, with a tap on what media ports receive. */
import { laneSlice } from '../peers/processes.ts';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { MONOTONIC_CLOCK, NULL_TRACE_SINK } from '../../src/engine/index.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../../src/run/index.ts';
import type { MediaReporting, RtcpTap } from '../../src/media/index.ts';
import type { RemoteAddress } from '../../src/transport/index.ts';

export interface RunTaps {
  /** Warnings and error-log lines. */
  readonly errors?: string[];
  readonly onMediaPacket?: (port: number, from: RemoteAddress, buf: Buffer) => void;
  readonly rtcpTap?: RtcpTap;
  readonly mediaReport?: MediaReporting;
}

export function mediaRun(patch: Partial<RunConfig>, taps: RunTaps = {}): Run {
  const config: RunConfig = {
    ...defaultRunConfig(),
    localIp: '127.0.0.1',
    noStdin: true,
    ...patch,
  };
  const errors = taps.errors ?? [];
  return new Run(config, loadScenarioFor(config), {
    clock: MONOTONIC_CLOCK,
    trace: {
      ...NULL_TRACE_SINK,
      error: (text: string) => errors.push(text),
      warning: (text: string) => errors.push(text),
    },
    pid: process.pid,
    warmUp: false,
    startTicker: (tick, options) => startSystemTicker(tick, 1, options),
    onMediaPacket: taps.onMediaPacket,
    rtcpTap: taps.rtcpTap,
    mediaReport: taps.mediaReport,
  });
}

/**
 * A block of 4 ports at a random place in 20000..50000, in this test lane's part of it
 * (laneSlice); a taken one moves up by itself.
 */
export function mediaBase(): number {
  const lane = laneSlice(0, 7500);
  return 20000 + 4 * (lane.first + Math.floor(Math.random() * lane.count));
}
