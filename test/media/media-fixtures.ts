/** Files and scenarios the media tests share: a UAC scenario with chosen media actions. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LINK, g711Capture, pcapFile } from '../peers/capture-writer.ts';

export interface UacOptions {
  /** Action elements, e.g. `<exec play_pcap_audio="a.pcap"/>`. */
  readonly actions: string;
  readonly pauseMs: number;
  /** `media_port` or `auto_media_port`. */
  readonly portKeyword?: string;
}

/** A folder with the scenario and the media files tests play. */
export function mediaFolder(o: UacOptions): { dir: string; scenario: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-media-'));
  const xml = readFileSync(path.join(import.meta.dirname, 'fixtures/uac-media.xml'), 'latin1')
    .replace('MEDIA_ACTIONS', o.actions)
    .replace('PAUSE_MS', String(o.pauseMs))
    .replace('MEDIA_PORT_KEYWORD', o.portKeyword ?? 'media_port');
  const scenario = path.join(dir, 'uac-media.xml');
  writeFileSync(scenario, xml);
  // 50 packets, 1 s of PCMA.
  writeFileSync(path.join(dir, 'g711a.pcap'), pcapFile(LINK.ETHERNET, g711Capture(50, 8)));
  // 0.5 s of A-law as a raw file: 25 frames of 160 bytes.
  writeFileSync(path.join(dir, 'tone.alaw'), Buffer.alloc(4000, 0x55));
  writeFileSync(path.join(dir, 'broken.pcap'), Buffer.from('this is no capture'));
  writeFileSync(path.join(dir, 'stereo.wav'), stereoWav());
  return { dir, scenario };
}

/** A WAV rtp_stream refuses: two channels. */
function stereoWav(): Buffer {
  const b = Buffer.alloc(44 + 320);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + 320, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(2, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(32000, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(320, 40);
  return b;
}
