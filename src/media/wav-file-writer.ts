/**
 * A 16-bit PCM WAV written in chunks as a call goes on, so a long call costs a bounded buffer,
 * never its whole audio in memory. The file grows under a temporary name beside the final one
 * (same folder, so the rename cannot cross file systems) with a placeholder header; `finish`
 * writes the real RIFF sizes at offset 0 and renames it into place, so a reader never sees a
 * half-written WAV under the final name. Writes are synchronous: a chunk is a few kilobytes
 * into the page cache (microseconds), and the file is whole the moment the call ends.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GossipperError } from '../errors.ts';

const HEADER_BYTES = 44;
const WAVE_PCM = 1;
/** RIFF sizes are 32-bit: the data chunk stops growing before its size would overflow. */
const MAX_DATA_BYTES = 0xffffffff - HEADER_BYTES;

/** The canonical 44-byte header of a 16-bit PCM WAV holding `dataBytes` of samples. */
export function wavHeader(channels: number, sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  const blockAlign = channels * 2;
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(WAVE_PCM, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export class WavFileWriter {
  private fd = -1;
  private dataBytes = 0;
  private readonly tempPath: string;

  constructor(
    readonly path: string,
    private readonly channels: number,
    private readonly sampleRate = 8000,
  ) {
    this.tempPath = join(dirname(path), `.${basename(path)}.part`);
  }

  /** Appends interleaved samples (the temporary file is created on the first write). */
  write(samples: Int16Array): void {
    if (this.fd < 0) {
      this.fd = this.io('create', () => openSync(this.tempPath, 'w'));
      this.io('write', () => writeSync(this.fd, wavHeader(this.channels, this.sampleRate, 0)));
    }
    const bytes = Math.min(samples.length * 2, MAX_DATA_BYTES - this.dataBytes);
    if (bytes <= 0) return;
    const view = Buffer.from(samples.buffer, samples.byteOffset, bytes);
    this.io('write', () => writeSync(this.fd, view));
    this.dataBytes += bytes;
  }

  /** Fixes the header and renames the file into place; returns false when nothing was written. */
  finish(): boolean {
    if (this.fd < 0) return false;
    const fd = this.fd;
    this.fd = -1;
    try {
      this.io('write', () =>
        writeSync(
          fd,
          wavHeader(this.channels, this.sampleRate, this.dataBytes),
          0,
          HEADER_BYTES,
          0,
        ),
      );
    } finally {
      closeSync(fd);
    }
    this.io('rename', () => renameSync(this.tempPath, this.path));
    return true;
  }

  /** Drops the temporary file (a failed write): no partial WAV is left behind. */
  abandon(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    try {
      unlinkSync(this.tempPath);
    } catch {
      // Already gone: nothing is left behind either way.
    }
  }

  private io<T>(what: string, op: () => T): T {
    try {
      return op();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new GossipperError('FILE_IO', `${this.path}: cannot ${what} (${code})`);
    }
  }
}
