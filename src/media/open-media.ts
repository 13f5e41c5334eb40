/**
 * Starting a run's media: whether it needs any, the files read before traffic, and the run's
 * `[media_port]` block bound (RTP and RTCP for audio, then video at +2/+3). As SIPp, the port
 * moves up by 2 while it is taken, at most 100 times; the bound one is what `[media_port]`
 * prints.
 */
import { GossipperError, ScenarioError } from '../errors.ts';
import type { Action, Scenario } from '../scenario/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { RemoteAddress } from '../transport/index.ts';
import { parseStreamArgs } from './file-stream.ts';
import { MediaFiles } from './media-files.ts';
import { planMedia } from './media-plan.ts';
import { MediaPorts } from './media-ports.ts';
import { MediaSession } from './media-session.ts';

const MEDIA_EXEC = [
  'play_pcap_audio',
  'play_pcap_video',
  'play_pcap_image',
  'play_dtmf',
  'rtp_stream',
];
const PORT_TRIES = 100;

/** True when the scenario has a media action (an `exec` that plays, or `rtp_echo`). */
export function scenarioUsesMedia(scenario: Scenario): boolean {
  return scenario.commands.some((cmd) =>
    cmd.actions.some(
      (a) => a.name === 'rtp_echo' || (a.name === 'exec' && MEDIA_EXEC.some((k) => k in a.attrs)),
    ),
  );
}

export interface MediaOptions {
  readonly scenario: Scenario;
  /** The scenario file's folder, if it came from a file. */
  readonly scenarioDir?: string;
  readonly ip: string;
  readonly family: 4 | 6;
  readonly mediaPort: number;
  readonly echo: boolean;
  readonly bufferBytes: number;
  readonly defaultPayloadType: number;
  readonly clock: { now(): number };
  readonly random: () => number;
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** A socket error on a media port (counted by the caller as it likes). */
  readonly onError: (text: string) => void;
  /** Each RTP datagram received (lent: read it during the call), for tests and recorders. */
  readonly onPacket?: (port: number, from: RemoteAddress, buf: Buffer) => void;
}

export interface OpenedMedia {
  readonly session: MediaSession;
  readonly ports: MediaPorts;
  /** The `[media_port]` bound. */
  readonly mediaPort: number;
}

/**
 * Reads the media files the scenario names literally, throwing a load error for the first that
 * cannot be used; a run calls it before it binds any socket.
 */
export function checkMediaFiles(
  scenario: Scenario,
  scenarioDir: string | undefined,
  defaultPayloadType: number,
): void {
  if (scenarioUsesMedia(scenario))
    preload(scenario, new MediaFiles(scenarioDir), defaultPayloadType);
}

export async function openMedia(o: MediaOptions): Promise<OpenedMedia> {
  const files = new MediaFiles(o.scenarioDir);
  preload(o.scenario, files, o.defaultPayloadType);
  let session: MediaSession | null = null;
  const ports = new MediaPorts({
    ip: o.ip,
    family: o.family,
    bufferBytes: o.bufferBytes,
    isEchoOn: () => session?.isEchoOn ?? o.echo,
    traffic: {
      onReceived: (port, from, buf, isRtcp) => {
        if (isRtcp) return;
        o.stats.count(Counter.RtpPacketsReceived);
        session?.onPacket(port, from, buf);
        o.onPacket?.(port, from, buf);
      },
      onEchoed: () => o.stats.count(Counter.RtpPacketsEchoed),
      onError: o.onError,
    },
  });
  const mediaPort = await bindRunBlock(ports, o.mediaPort);
  session = new MediaSession(
    {
      plan: planMedia(o.scenario),
      files,
      ports,
      mediaPort,
      defaultPayloadType: o.defaultPayloadType,
      clock: o.clock,
      random: o.random,
      stats: o.stats,
    },
    o.echo,
  );
  return { session, ports, mediaPort };
}

async function bindRunBlock(ports: MediaPorts, first: number): Promise<number> {
  let lastError: unknown;
  for (let i = 0, port = first; i < PORT_TRIES && port + 3 <= 65535; i++, port += 2) {
    try {
      for (let k = 0; k < 4; k++) await ports.bind(port + k, k % 2 === 1);
      return port;
    } catch (err) {
      lastError = err;
      for (let k = 0; k < 4; k++) await ports.release(port + k);
    }
  }
  const why = lastError instanceof Error ? lastError.message : String(lastError);
  throw new GossipperError(
    'BIND_FAILED',
    `cannot bind the media ports from ${first} (${PORT_TRIES} tries): ${why}`,
    'choose a free block of 4 ports with -mp',
  );
}

/**
 * Reads the files named literally (no keyword) before traffic. As SIPp 3.6.1, which reads them
 * while it loads the scenario ("Can't open PCAP file", "Cannot read/cache rtpstream file"), one
 * that cannot be read stops the run before any call.
 */
function preload(scenario: Scenario, files: MediaFiles, defaultPayloadType: number): void {
  for (const cmd of scenario.commands) {
    for (const a of cmd.actions) {
      if (a.name !== 'exec') continue;
      for (const k of ['play_pcap_audio', 'play_pcap_video', 'play_pcap_image']) {
        const f = a.attrs[k];
        if (f === undefined || f.includes('[')) continue;
        const got = files.capture(f);
        if (got instanceof GossipperError) throw unreadable(a, got);
      }
      const stream = a.attrs.rtp_stream;
      if (stream === undefined || stream.includes('[')) continue;
      if (['pause', 'resume'].includes(stream.split(',')[0].trim())) continue;
      let args;
      try {
        args = parseStreamArgs(stream, defaultPayloadType);
      } catch (err) {
        throw err instanceof GossipperError ? unreadable(a, err) : err;
      }
      const got = files.encodedAudio(args.file, args.payloadType);
      if (got instanceof GossipperError) throw unreadable(a, got);
    }
  }
}

/** A load error, as SIPp's (exit 1), at the `<exec>` that names the file. */
function unreadable(a: Action, err: GossipperError): ScenarioError {
  const { file, line, column } = a.pos;
  return new ScenarioError(`${file}:${line}:${column} <exec>: ${err.message}`, err.hint);
}
