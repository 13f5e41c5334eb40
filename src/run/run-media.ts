/**
 * A run's media, when it has any (src/media/): opened before the engine (the bound
 * `[media_port]` is folded into its templates), ticked by the engine's own ticker, closed with
 * the run's sockets. Without media actions or -rtp_echo nothing here runs: no socket, and the
 * ticker calls the engine alone.
 */
import { dirname } from 'node:path';
import type { RunConfig } from '../config/index.ts';
import type { Engine, Rng } from '../engine/index.ts';
import { checkMediaFiles, openMedia, scenarioUsesMedia } from '../media/index.ts';
import type { MediaReporting, OpenedMedia, RtcpTap } from '../media/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { RemoteAddress } from '../transport/index.ts';

export interface RunMediaDeps {
  readonly config: RunConfig;
  readonly scenario: Scenario;
  /** `-mi`, else the local IP. */
  readonly mediaIp: string;
  readonly clock: { now(): number };
  /** Hand stream packets to the addon's pacer thread (media/stream-pacing.ts) when it can. */
  readonly paceStreams?: boolean;
  /** For RTCP's NTP times. */
  readonly wallClockMs?: () => number;
  readonly rng: Rng;
  readonly count: (counter: CounterId, n?: number) => void;
  readonly reportError: (text: string) => void;
  readonly onPacket?: (port: number, from: RemoteAddress, buf: Buffer) => void;
  /** Sees every RTCP packet of the calls (`-hep_raw_rtcp`). */
  readonly rtcpTap?: RtcpTap;
  /** `-send_media_report` (src/export/). */
  readonly mediaReport?: MediaReporting;
}

/** Media files the scenario names, read before any socket is bound (SIPp reads them at load). */
export function checkRunMediaFiles(c: RunConfig, scenario: Scenario): void {
  checkMediaFiles(scenario, scenarioDirOf(c), c.rtp.payloadType);
}

function scenarioDirOf(c: RunConfig): string | undefined {
  return c.scenario.kind === 'file' ? dirname(c.scenario.path) : undefined;
}

/** The run's media, or null when the scenario plays none, -rtp_echo is off, nothing recorded. */
export async function openRunMedia(d: RunMediaDeps): Promise<OpenedMedia | null> {
  const c = d.config;
  const recordDir = c.rtp.recordWavDir;
  if (!c.rtp.echo && recordDir === undefined && !scenarioUsesMedia(d.scenario)) return null;
  return openMedia({
    scenario: d.scenario,
    scenarioDir: scenarioDirOf(c),
    ip: d.mediaIp,
    family: d.mediaIp.includes(':') ? 6 : 4,
    mediaPort: c.mediaPort,
    echo: c.rtp.echo,
    srtpPolicy: c.rtp.srtpPolicy,
    bufferBytes: c.rtp.socketBufferBytes,
    defaultPayloadType: c.rtp.payloadType,
    rtcpIntervalMs: c.rtp.rtcpIntervalMs,
    wallClockMs: d.wallClockMs,
    clock: d.clock,
    paceStreams: d.paceStreams,
    random: () => d.rng.next(),
    stats: { count: d.count },
    onError: d.reportError,
    onPacket: d.onPacket,
    rtcpTap: d.rtcpTap,
    mediaReport: d.mediaReport,
    recording:
      recordDir === undefined ? undefined : { dir: recordDir, duplex: c.rtp.recordWavDuplex },
  });
}

/** What the ticker calls: the engine, and the media streams when there are any. */
export function tickFunction(engine: Engine, media: OpenedMedia | null): () => number {
  if (media === null) return () => engine.tick();
  const session = media.session;
  return () => {
    const engineInMs = engine.tick();
    const mediaInMs = session.tick();
    return mediaInMs < engineInMs ? Math.max(1, Math.floor(mediaInMs)) : engineInMs;
  };
}
