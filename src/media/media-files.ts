/**
 * The files media actions name, read once and kept for the run: captures prepared for replay,
 * audio encoded per payload type. A file that fails to read or parse is remembered as its error,
 * so every call that names it fails the same way (and cheaply) while other calls go on.
 * Files named literally in the scenario are read before traffic; one named through a keyword
 * is read on its first use (synchronously: once per file, not per call).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { existsSync } from 'node:fs';
import { GossipperError } from '../errors.ts';
import { readUdpDatagrams } from '../pcap/index.ts';
import { encodeAudioFile } from './audio-file.ts';
import { prepareCapture, type PreparedCapture } from './capture-playback.ts';

export class MediaFiles {
  private readonly captures = new Map<string, PreparedCapture | GossipperError>();
  private readonly audio = new Map<string, Buffer | GossipperError>();

  /** `baseDir`: the scenario's folder, tried after the working directory (as SIPp's find_file). */
  constructor(private readonly baseDir: string | undefined) {}

  /** The capture, or the error that names the file. */
  capture(file: string): PreparedCapture | GossipperError {
    let got = this.captures.get(file);
    if (got === undefined) {
      got = attempt(() => {
        const path = this.resolve(file);
        const prepared = prepareCapture(file, readUdpDatagrams(readBytes(path, file), file));
        if (prepared.payloads.length === 0)
          throw new GossipperError('CAPTURE_INVALID', `${file}: no UDP datagram in the capture`);
        return prepared;
      });
      this.captures.set(file, got);
    }
    return got;
  }

  /** The file's audio as payload bytes of `payloadType`, or the error that names the file. */
  encodedAudio(file: string, payloadType: number): Buffer | GossipperError {
    const key = `${payloadType}\u0000${file}`;
    let got = this.audio.get(key);
    if (got === undefined) {
      got = attempt(() => {
        const bytes = encodeAudioFile(readBytes(this.resolve(file), file), file, payloadType);
        if (bytes.length === 0) throw new GossipperError('MEDIA_INVALID', `${file}: no audio`);
        return bytes;
      });
      this.audio.set(key, got);
    }
    return got;
  }

  private resolve(file: string): string {
    if (isAbsolute(file) || this.baseDir === undefined || existsSync(file)) return file;
    const beside = join(this.baseDir, file);
    return existsSync(beside) ? beside : file;
  }
}

function readBytes(path: string, file: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new GossipperError('MEDIA_INVALID', `${file}: cannot read (${code})`);
  }
}

function attempt<T>(load: () => T): T | GossipperError {
  try {
    return load();
  } catch (err) {
    if (err instanceof GossipperError) return err;
    return new GossipperError('MEDIA_INVALID', String(err));
  }
}
