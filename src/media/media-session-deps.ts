/** What a MediaSession is built from (open-media.ts makes it); its parts each take a slice. */
import type { CounterId } from '../stats/index.ts';
import type { SrtpPolicy } from '../config/index.ts';
import type { CallRecordings } from './call-recordings.ts';
import type { MediaFiles } from './media-files.ts';
import type { MediaPlan } from './media-plan.ts';
import type { MediaPorts } from './media-ports.ts';
import type { StreamPacing } from './stream-pacing.ts';
import type { RtcpTap } from './rtcp-reporter.ts';
import type { MediaReporting } from './media-report.ts';
import type { Werift } from './webrtc/index.ts';

export interface MediaSessionDeps {
  readonly plan: MediaPlan;
  readonly files: MediaFiles;
  readonly ports: MediaPorts;
  /** The bound `[media_port]`. */
  readonly mediaPort: number;
  /** `-rtp_payload`. */
  readonly defaultPayloadType: number;
  readonly clock: { now(): number };
  readonly random: () => number;
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** `-media_srtp` / `-media_reject_srtp` (docs/media.md, "SRTP"); default 'ask'. */
  readonly srtpPolicy?: SrtpPolicy;
  /** A warning for the run's error log (SRTP packets of a call with no media action). */
  readonly warn?: (text: string) => void;
  /** werift, loaded when the scenario renders `[webrtc_offer]`/`[webrtc_answer]`; else none. */
  readonly webrtc?: { readonly werift: Werift; readonly ip: string };
  /** `-record_wav_dir`: the calls' WAV recordings; undefined when nothing is recorded. */
  readonly recordings?: CallRecordings;
  /** `-rtcp_interval`: ms between a call's RTCP reports; 0 turns RTCP off (default 5000). */
  readonly rtcpIntervalMs?: number;
  /** Wall clock for RTCP's NTP times (default: the system's). */
  readonly wallClockMs?: () => number;
  /** Streams hand their packets to the addon's pacer thread (stream-pacing.ts); default not. */
  readonly pacing?: StreamPacing | null;
  /** Sees every RTCP packet of the calls (`-hep_raw_rtcp`); absent: none. */
  readonly rtcpTap?: RtcpTap;
  /** `-send_media_report`: periodic per-stream and DTMF reports (media-report.ts). */
  readonly mediaReport?: MediaReporting;
}
