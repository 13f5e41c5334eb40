/**
 * Audio files for `rtp_stream`: SIPp streams a raw file of already-encoded audio as is; a WAV
 * is read from its RIFF chunks and must be 8 kHz mono, either G.711 (format 6 A-law, 7 μ-law:
 * streamed as is) or 8/16-bit PCM (encoded to the stream's payload type, PCMU 0 or PCMA 8).
 * Anything else is refused with the file named, rather than streamed as noise.
 */
import { GossipperError } from '../errors.ts';
import { linearToAlaw, linearToUlaw } from './g711.ts';

const WAVE_PCM = 1;
const WAVE_ALAW = 6;
const WAVE_ULAW = 7;
const WAVE_EXTENSIBLE = 0xfffe;

export class MediaFileError extends GossipperError {
  constructor(
    readonly file: string,
    what: string,
  ) {
    super('MEDIA_INVALID', `${file}: ${what}`);
    this.name = 'MediaFileError';
  }
}

/** A file's audio as the payload bytes of `payloadType`. */
export function encodeAudioFile(bytes: Buffer, file: string, payloadType: number): Buffer {
  if (!(bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF')) return bytes;
  if (bytes.toString('latin1', 8, 12) !== 'WAVE')
    throw new MediaFileError(file, 'RIFF file is not a WAVE file');
  const { format, channels, rate, bits, data } = readWaveChunks(bytes, file);
  if (channels !== 1)
    throw new MediaFileError(file, `WAV has ${channels} channels (1 is streamed)`);
  if (rate !== 8000)
    throw new MediaFileError(file, `WAV sample rate ${rate} Hz (8000 is streamed)`);
  if (format === WAVE_ALAW || format === WAVE_ULAW) {
    const pt = format === WAVE_ALAW ? 8 : 0;
    if (payloadType !== pt) {
      throw new MediaFileError(
        file,
        `WAV holds ${pt === 8 ? 'A-law' : 'μ-law'}, but the stream's payload type is ${payloadType} (use ${pt})`,
      );
    }
    return data;
  }
  if (format !== WAVE_PCM)
    throw new MediaFileError(file, `WAV format ${format} is not supported (PCM, A-law, μ-law are)`);
  if (payloadType !== 0 && payloadType !== 8) {
    throw new MediaFileError(
      file,
      `PCM WAV can be encoded to PCMU (0) or PCMA (8), not payload type ${payloadType}`,
    );
  }
  if (bits !== 8 && bits !== 16)
    throw new MediaFileError(file, `WAV has ${bits}-bit samples (8 or 16 are supported)`);
  const encode = payloadType === 0 ? linearToUlaw : linearToAlaw;
  const count = bits === 16 ? data.length >> 1 : data.length;
  const out = Buffer.allocUnsafe(count);
  for (let i = 0; i < count; i++) {
    // 8-bit WAV samples are unsigned, centred on 128.
    const s = bits === 16 ? data.readInt16LE(i * 2) : (data[i] - 128) << 8;
    out[i] = encode(s);
  }
  return out;
}

interface WaveChunks {
  format: number;
  channels: number;
  rate: number;
  bits: number;
  data: Buffer;
}

function readWaveChunks(bytes: Buffer, file: string): WaveChunks {
  let fmt: Omit<WaveChunks, 'data'> | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new MediaFileError(file, `fmt chunk of ${size} bytes (16 or more)`);
      let format = bytes.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in its sub-format GUID's first bytes.
      if (format === WAVE_EXTENSIBLE && size >= 40) format = bytes.readUInt16LE(body + 24);
      fmt = {
        format,
        channels: bytes.readUInt16LE(body + 2),
        rate: bytes.readUInt32LE(body + 4),
        bits: bytes.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (fmt === null) throw new MediaFileError(file, 'WAV data chunk before its fmt chunk');
      if (body + size > bytes.length)
        throw new MediaFileError(file, `WAV data chunk of ${size} bytes runs past the end`);
      return { ...fmt, data: bytes.subarray(body, body + size) };
    }
    // Chunks are padded to an even size.
    at = body + size + (size & 1);
  }
  throw new MediaFileError(file, 'WAV without a data chunk');
}
