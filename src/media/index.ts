/** RTP media of a run: sockets, SDP, pcap replay, file streams, echo (docs/media.md). */
export { checkMediaFiles, openMedia, scenarioUsesMedia } from './open-media.ts';
export { mediaFileNames } from './media-file-names.ts';
export type { MediaFileName } from './media-file-names.ts';
export type { MediaOptions, OpenedMedia } from './open-media.ts';
export type { MediaSession } from './media-session.ts';
export type { RtcpTap } from './rtcp-reporter.ts';
export type {
  DtmfReport,
  MediaReporting,
  MediaReportTap,
  MediaStreamReport,
} from './media-report.ts';
export type { DtmfEvent } from './rfc4733-dtmf.ts';
export { parseRtcp } from './rtcp-packets.ts';
export { parseRemoteMedia, sdpBody } from './sdp-media.ts';
export type { RemoteMedia } from './sdp-media.ts';
export { planMedia, localMediaPort } from './media-plan.ts';
export { encodeAudioFile, MediaFileError } from './audio-file.ts';
export { linearToAlaw, linearToUlaw, alawToLinear, ulawToLinear } from './g711.ts';
export { StreamScheduler } from './stream-scheduler.ts';
export type { ScheduledStream } from './stream-scheduler.ts';
export { dtmf2833DigitOneCapture, g711aToneCapture } from './sipp-captures.ts';
export { PACING_LEAD_MS, pacerPacing } from './stream-pacing.ts';
export type { StreamPacing } from './stream-pacing.ts';
