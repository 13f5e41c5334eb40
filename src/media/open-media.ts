/**
 * Starting a run's media: whether it needs any, the files read before traffic, and the run's
 * `[media_port]` block bound (RTP and RTCP for audio, then video at +2/+3). As SIPp, the port
 * moves up by 2 while it is taken, at most 100 times; the bound one is what `[media_port]`
 * prints.
 */
import { pacerPacing } from './stream-pacing.ts';
import { GossipperError, ScenarioError } from '../errors.ts';
import type { Action, Scenario } from '../scenario/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { RemoteAddress } from '../transport/index.ts';
import type { RtcpTap } from './rtcp-reporter.ts';
import type { MediaReporting } from './media-report.ts';
import { parseStreamArgs } from './file-stream.ts';
import { MediaFiles } from './media-files.ts';
import { planMedia } from './media-plan.ts';
import { MediaPorts } from './media-ports.ts';
import { MediaSession } from './media-session.ts';
import type { SrtpPolicy } from '../config/index.ts';
import { scenarioSendsCrypto } from './srtp-keyword-use.ts';
import { scenarioUsesWebRtc } from '../scenario/index.ts';
import { loadWerift } from './webrtc/index.ts';
import { CallRecordings } from './call-recordings.ts';
import { parseSendDtmf } from './rfc4733-dtmf.ts';
import { parseRtpCheck } from './rtp-check.ts';
import { isSynthetic, parseSyntheticArgs } from './synthetic-audio.ts';

const MEDIA_EXEC = [
  'play_pcap_audio',
  'play_pcap_video',
  'play_pcap_image',
  'play_dtmf',
  'rtp_stream',
  'rtp_record',
  'send_dtmf',
  'rtpcheck',
];
const PORT_TRIES = 100;

/**
 * True when the scenario has a media action (an `exec` that plays, or `rtp_echo`) or renders
 * WebRTC SDP (`[webrtc_offer]`, `[webrtc_answer]`).
 */
export function scenarioUsesMedia(scenario: Scenario): boolean {
  if (scenarioSendsCrypto(scenario)) return true;
  if (scenarioUsesWebRtc(scenario)) return true;
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
  /** `-media_srtp` / `-media_reject_srtp`; default 'ask' (docs/media.md, "SRTP"). */
  readonly srtpPolicy?: SrtpPolicy;
  readonly bufferBytes: number;
  readonly defaultPayloadType: number;
  readonly clock: { now(): number };
  /** Hand stream packets to the addon's pacer thread when it can (stream-pacing.ts). */
  readonly paceStreams?: boolean;
  readonly random: () => number;
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** A socket error on a media port (counted by the caller as it likes). */
  readonly onError: (text: string) => void;
  /** `-rtcp_interval` (ms; 0: no RTCP). */
  readonly rtcpIntervalMs?: number;
  /** Wall clock for RTCP's NTP times. */
  readonly wallClockMs?: () => number;
  /** Each RTP datagram received (lent: read it during the call), for tests and recorders. */
  readonly onPacket?: (port: number, from: RemoteAddress, buf: Buffer) => void;
  /** `-record_wav_dir` (and `-record_wav_duplex`): WAV recordings of the calls. */
  readonly recording?: { readonly dir: string; readonly duplex: boolean };
  /** Sees every RTCP packet of the calls (`-hep_raw_rtcp`). */
  readonly rtcpTap?: RtcpTap;
  /** `-send_media_report`: periodic media reports (media-report.ts). */
  readonly mediaReport?: MediaReporting;
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
  if (o.srtpPolicy === 'reject' && scenarioSendsCrypto(o.scenario))
    throw new GossipperError(
      'MEDIA_INVALID',
      `${o.scenario.fileStem}: the scenario sends [srtp_crypto] (it requires SRTP) and -media_reject_srtp refuses SRTP`,
      'drop -media_reject_srtp, or the [srtp_crypto] line from the SDP',
    );
  // Only for a scenario that asks for it (webrtc/werift-loader.ts), and before any port is
  // bound, so that a missing werift leaves nothing open.
  const webrtc = scenarioUsesWebRtc(o.scenario) ? { werift: loadWerift(), ip: o.ip } : undefined;
  const recordings = openRecordings(o);
  const files = new MediaFiles(o.scenarioDir);
  preload(o.scenario, files, o.defaultPayloadType, o.onError);
  let session: MediaSession | null = null;
  const ports = new MediaPorts({
    ip: o.ip,
    family: o.family,
    bufferBytes: o.bufferBytes,
    isEchoOn: () => session?.isEchoOn ?? o.echo,
    traffic: {
      onReceived: (port, from, buf, isRtcp) => {
        if (isRtcp) {
          o.stats.count(Counter.RtcpPacketsReceived);
          session?.onRtcp(port, from, buf);
          return;
        }
        o.stats.count(Counter.RtpPacketsReceived);
        // An SRTP call's packet is handed on decrypted, and not at all when refused.
        const plain = session === null ? buf : session.onPacket(port, from, buf);
        if (plain !== null) o.onPacket?.(port, from, plain);
      },
      echoReply: (buf) => (session === null ? buf : session.takeEcho(buf)),
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
      pacing: o.paceStreams === true ? pacerPacing(() => o.clock.now()) : null,
      random: o.random,
      stats: o.stats,
      srtpPolicy: o.srtpPolicy,
      warn: o.onError,
      webrtc,
      recordings,
      rtcpIntervalMs: o.rtcpIntervalMs,
      wallClockMs: o.wallClockMs,
      rtcpTap: o.rtcpTap,
      mediaReport: o.mediaReport,
    },
    o.echo,
  );
  return { session, ports, mediaPort };
}

/** The recordings, when asked for; a scenario switching them without a folder is refused. */
function openRecordings(o: MediaOptions): CallRecordings | undefined {
  const switches = o.scenario.commands.some((cmd) =>
    cmd.actions.some((a) => a.name === 'exec' && a.attrs.rtp_record !== undefined),
  );
  if (o.recording === undefined) {
    if (!switches) return undefined;
    throw new GossipperError(
      'CONFIG_INVALID',
      'the scenario has <exec rtp_record=...> but no -record_wav_dir says where to write',
      'add -record_wav_dir <folder>',
    );
  }
  return new CallRecordings({
    ...o.recording,
    scenarioSwitches: switches,
    clock: o.clock,
    warn: o.onError,
  });
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
/**
 * Reads the files the scenario names literally (a load error, as SIPp's, when one cannot be
 * read) and, given `warn`, names literal arguments that will fail each call running them.
 */
function preload(
  scenario: Scenario,
  files: MediaFiles,
  defaultPayloadType: number,
  warn?: (text: string) => void,
): void {
  for (const cmd of scenario.commands) {
    for (const a of cmd.actions) {
      if (a.name !== 'exec') continue;
      const bad = warn === undefined ? null : checkLiteralArguments(a.attrs);
      if (bad !== null && warn !== undefined)
        warn(
          `${a.pos.file}:${a.pos.line}:${a.pos.column} <exec>: ${bad} (each call running it will fail)`,
        );
      for (const k of ['play_pcap_audio', 'play_pcap_video', 'play_pcap_image']) {
        const f = a.attrs[k];
        if (f === undefined || f.includes('[')) continue;
        const got = files.capture(f);
        if (got instanceof GossipperError) throw unreadable(a, got);
      }
      const stream = a.attrs.rtp_stream;
      if (stream === undefined || stream.includes('[')) continue;
      if (['pause', 'resume'].includes(stream.split(',')[0].trim())) continue;
      // Synthetic streams read no file; their arguments were checked above.
      if (isSynthetic(stream)) continue;
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

/** The argument errors of send_dtmf, rtpcheck and synthetic streams written without keywords. */
function checkLiteralArguments(attrs: Readonly<Record<string, string>>): string | null {
  const checks: Array<[string | undefined, (text: string) => unknown]> = [
    [attrs.send_dtmf, parseSendDtmf],
    [attrs.rtpcheck, parseRtpCheck],
    [
      attrs.rtp_stream !== undefined && isSynthetic(attrs.rtp_stream)
        ? attrs.rtp_stream
        : undefined,
      (text) => parseSyntheticArgs(text, 8),
    ],
  ];
  for (const [text, parse] of checks) {
    if (text === undefined || text.includes('[')) continue;
    try {
      parse(text);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
  return null;
}

/** A load error, as SIPp's (exit 1), at the `<exec>` that names the file. */
function unreadable(a: Action, err: GossipperError): ScenarioError {
  const { file, line, column } = a.pos;
  return new ScenarioError(`${file}:${line}:${column} <exec>: ${err.message}`, err.hint);
}
