/**
 * The recordings of an engine's calls (`-record_wav_dir`): one CallRecording per call, made at
 * the call's first SDP, finished when the call ends (or when the run stops with calls still
 * up). A scenario with `<exec rtp_record="on|off"/>` chooses what is recorded: its calls start
 * unrecorded. Payload types that cannot be recorded are reported once per run, not per packet.
 */
import { mkdirSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { GossipperError } from '../errors.ts';
import type { MediaCall } from '../engine/index.ts';
import type { CallMedia } from './call-media.ts';
import { CallRecording, recordingFileName } from './call-recording.ts';

export interface RecordingOptions {
  /** `-record_wav_dir`. */
  readonly dir: string;
  /** `-record_wav_duplex`: stereo, left what the call sent, right what it received. */
  readonly duplex: boolean;
  /** The scenario has `rtp_record` actions: calls start unrecorded, the scenario says when. */
  readonly scenarioSwitches: boolean;
  readonly clock: { now(): number };
  readonly warn: (text: string) => void;
}

export class CallRecordings {
  private readonly active = new Set<CallRecording>();
  private readonly reportedTypes = new Set<string>();

  /** Makes the folder (and checks it is writable) before traffic. */
  constructor(private readonly o: RecordingOptions) {
    try {
      mkdirSync(o.dir, { recursive: true });
      accessSync(o.dir, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new GossipperError(
        'FILE_IO',
        `-record_wav_dir ${o.dir}: cannot write there (${code})`,
        'give a folder this user can create files in',
      );
    }
  }

  /** The call's recording, made on its first SDP. */
  attach(call: MediaCall, state: CallMedia): void {
    if (state.recording === null) state.recording = this.make(call, !this.o.scenarioSwitches);
  }

  /** `<exec rtp_record="on|off"/>`. */
  switch(call: MediaCall, state: CallMedia, arg: string): void {
    const verb = arg.trim().toLowerCase();
    if (verb !== 'on' && verb !== 'off')
      throw new GossipperError('MEDIA_INVALID', `rtp_record="${arg}": expected on or off`);
    (state.recording ??= this.make(call, false)).setOn(verb === 'on');
  }

  /** The call ended: its WAV is completed under its final name. */
  end(state: CallMedia): void {
    const rec = state.recording;
    if (rec === null) return;
    state.recording = null;
    this.active.delete(rec);
    rec.finish();
  }

  /** The run stops: recordings of calls still up are completed as they are. */
  finishAll(): void {
    for (const rec of this.active) rec.finish();
    this.active.clear();
  }

  private make(call: MediaCall, isOn: boolean): CallRecording {
    const label = `call ${call.callNumber} (${call.callId})`;
    const rec = new CallRecording({
      path: join(this.o.dir, recordingFileName(call.callNumber, call.callId)),
      duplex: this.o.duplex,
      isOn,
      clock: this.o.clock,
      onUnsupported: (pt, sent) => {
        const key = `${sent ? 'sent' : 'received'} ${pt}`;
        if (this.reportedTypes.has(key)) return;
        this.reportedTypes.add(key);
        this.o.warn(
          `${label}: rtp_record: ${key.replace(' ', ' payload type ')} is not G.711 (0, 8): ` +
            'its packets are not recorded (said once per run)',
        );
      },
      onFailure: (text) => {
        this.active.delete(rec);
        this.o.warn(`${label}: rtp_record: ${text}`);
      },
    });
    this.active.add(rec);
    return rec;
  }
}
