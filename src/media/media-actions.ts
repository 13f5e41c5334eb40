/**
 * The media `exec` actions of a call: play_pcap_audio/video/image, play_dtmf, rtp_stream (a
 * file, a synthetic signal, pause, resume), rtp_record, send_dtmf and rtpcheck. Each starts its
 * stream on the session's scheduler; a failure is returned as the action's message.
 */
import { GossipperError } from '../errors.ts';
import type { MediaCall, MediaExecKind } from '../engine/index.ts';
import { callMediaOf, type CallMedia } from './call-media.ts';
import type { RtpExtras } from './call-rtp-extras.ts';
import { CapturePlayback, type PreparedCapture } from './capture-playback.ts';
import { DTMF_FIRST_SSRC, prepareDtmf } from './dtmf-play.ts';
import { FileStream, parseStreamArgs } from './file-stream.ts';
import type { MediaKind } from './media-plan.ts';
import type { MediaSessionDeps } from './media-session-deps.ts';
import { parseSendDtmf } from './rfc4733-dtmf.ts';
import type { StreamOutputs } from './stream-outputs.ts';
import type { StreamScheduler } from './stream-scheduler.ts';
import { isSynthetic, parseSyntheticArgs, SyntheticAudioCache } from './synthetic-audio.ts';
import { SyntheticStream } from './synthetic-stream.ts';

export type MediaActionsDeps = Pick<
  MediaSessionDeps,
  'files' | 'defaultPayloadType' | 'clock' | 'random' | 'recordings'
>;

const KIND_OF: Readonly<
  Record<
    Exclude<MediaExecKind, 'rtp_stream' | 'play_dtmf' | 'rtp_record' | 'send_dtmf' | 'rtpcheck'>,
    MediaKind
  >
> = {
  play_pcap_audio: 'audio',
  play_pcap_video: 'video',
  play_pcap_image: 'image',
};

export class MediaActions {
  /** SIPp numbers each play_dtmf's SSRC one up from the last, run-wide. */
  private dtmfSsrc = DTMF_FIRST_SSRC;
  private readonly syntheticLoops = new SyntheticAudioCache();

  constructor(
    private readonly deps: MediaActionsDeps,
    private readonly scheduler: StreamScheduler,
    private readonly outputs: StreamOutputs,
    private readonly extras: RtpExtras,
    /** A stream started: the run's ticker must tick again soon. */
    private readonly onWork: () => void,
  ) {}

  /** MediaHost.exec: null when the action ran, else why not, naming the call and the action. */
  exec(call: MediaCall, kind: MediaExecKind, arg: string, where = ''): string | null {
    try {
      const refusal = (call.media as CallMedia | null)?.refusal ?? '';
      if (refusal !== '') throw new GossipperError('MEDIA_INVALID', refusal);
      if (kind === 'rtp_stream') this.stream(call, arg);
      else if (kind === 'play_dtmf') this.dtmf(call, arg);
      else if (kind === 'rtp_record') this.record(call, arg);
      else if (kind === 'send_dtmf') this.sendDtmf(call, arg);
      else if (kind === 'rtpcheck') this.extras.rtpCheck(call, callMediaOf(call), arg, where);
      else this.play(call, KIND_OF[kind], arg);
      return null;
    } catch (err) {
      const what = err instanceof Error ? err.message : String(err);
      return `call ${call.callNumber} (${call.callId}): ${kind}: ${what}${where === '' ? '' : ` (${where})`}`;
    }
  }

  /** The call ended: its plays and its stream leave the scheduler. */
  stopStreams(state: CallMedia): void {
    for (const play of Object.values(state.plays)) this.scheduler.remove(play);
    if (state.fileStream !== null) this.scheduler.remove(state.fileStream);
  }

  /** As SIPp: the events play as the call's audio capture, replacing one still playing. */
  private dtmf(call: MediaCall, arg: string): void {
    const state = callMediaOf(call);
    const events = prepareDtmf(arg, state.dtmfSeq, this.dtmfSsrc);
    this.dtmfSsrc = (this.dtmfSsrc + 1) >>> 0;
    state.dtmfSeq = events.nextSeq;
    this.playCapture(call, state, 'audio', events);
  }

  private record(call: MediaCall, arg: string): void {
    const recordings = this.deps.recordings;
    if (recordings === undefined)
      throw new GossipperError(
        'MEDIA_INVALID',
        'rtp_record needs -record_wav_dir (where to write)',
      );
    recordings.switch(call, callMediaOf(call), arg);
  }

  private play(call: MediaCall, kind: MediaKind, file: string): void {
    const capture = this.deps.files.capture(file);
    if (capture instanceof GossipperError) throw capture;
    this.playCapture(call, callMediaOf(call), kind, capture);
  }

  private playCapture(
    call: MediaCall,
    state: CallMedia,
    kind: MediaKind,
    capture: PreparedCapture,
  ): void {
    const out = this.outputs.output(call, state, kind);
    const previous = state.plays[kind];
    // As SIPp: a new play of the same kind replaces the one still playing.
    if (previous !== undefined) this.scheduler.remove(previous);
    const play = new CapturePlayback(capture, out, this.deps.clock.now());
    state.plays[kind] = play;
    this.start(play);
  }

  private stream(call: MediaCall, arg: string): void {
    const state = callMediaOf(call);
    const verb = arg.trim();
    if (verb === 'pause' || verb === 'resume') {
      const s = state.fileStream;
      if (s === null) throw new GossipperError('MEDIA_INVALID', `${verb} with no stream playing`);
      if (verb === 'pause') {
        s.pause();
        this.scheduler.remove(s);
      } else if (s.isPaused) {
        s.resume(this.deps.clock.now());
        this.start(s);
      }
      return;
    }
    if (isSynthetic(verb)) {
      this.synthetic(call, state, arg);
      return;
    }
    const args = parseStreamArgs(arg, this.deps.defaultPayloadType);
    const audio = this.deps.files.encodedAudio(args.file, args.payloadType);
    if (audio instanceof GossipperError) throw audio;
    const out = this.outputs.output(call, state, 'audio');
    if (state.fileStream !== null) this.scheduler.remove(state.fileStream);
    const stream = new FileStream(
      audio,
      args,
      out,
      this.deps.clock.now(),
      this.deps.random,
      this.outputs.isBatched(call),
    );
    state.fileStream = stream;
    this.start(stream);
  }

  /** `rtp_stream="synthetic,..."` (src/media/synthetic-stream.ts), as the call's audio stream. */
  private synthetic(call: MediaCall, state: CallMedia, arg: string): void {
    const args = parseSyntheticArgs(arg, this.deps.defaultPayloadType);
    const out = this.outputs.output(call, state, 'audio');
    if (state.fileStream !== null) this.scheduler.remove(state.fileStream);
    const audio = this.syntheticLoops.get(args);
    state.sentClockRate = audio.clockRate;
    const stream = new SyntheticStream(
      audio,
      args.payloadType,
      args.durationMs,
      args.periodMs,
      out,
      this.deps.clock.now(),
      this.deps.random,
      this.outputs.isBatched(call),
    );
    state.fileStream = stream;
    this.start(stream);
  }

  /** RFC 4733 events on the call's audio, in the SSRC of its running stream if any. */
  private sendDtmf(call: MediaCall, arg: string): void {
    // Arguments first: a bad one must not start the call's RTCP.
    parseSendDtmf(arg);
    const state = callMediaOf(call);
    const out = this.outputs.output(call, state, 'audio');
    const running = state.fileStream;
    const audio = running !== null && !running.isPaused && running.heapAt >= 0 ? running : null;
    this.extras.sendDtmf(state, arg, out, audio);
  }

  private start(stream: CapturePlayback | FileStream | SyntheticStream): void {
    this.scheduler.add(stream);
    this.onWork();
  }
}
