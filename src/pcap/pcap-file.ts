/**
 * The classic libpcap format: a 24-byte file header, then records of a 16-byte header and the
 * captured bytes. The magic number tells the byte order (the writer's) and whether the
 * sub-second field counts microseconds (0xa1b2c3d4) or nanoseconds (0xa1b23c4d).
 */
import { CaptureError } from './capture-error.ts';
import type { CaptureFrame } from './capture-frame.ts';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** Whether the first four bytes are a classic pcap magic number, in either byte order. */
export function isPcapMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  return be === MAGIC_US || be === MAGIC_NS || le === MAGIC_US || le === MAGIC_NS;
}

export function readPcapFrames(bytes: Uint8Array, file: string): CaptureFrame[] {
  if (bytes.length < FILE_HEADER) {
    throw new CaptureError(
      file,
      0,
      `pcap file header needs ${FILE_HEADER} bytes, file has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getUint32(0, true) === MAGIC_US || view.getUint32(0, true) === MAGIC_NS;
  const nanos = view.getUint32(0, le) === MAGIC_NS;
  const major = view.getUint16(4, le);
  if (major !== 2) throw new CaptureError(file, 4, `pcap version ${major} is not supported (2 is)`);
  // The top bits of the link-type field carry FCS information; the type is the low 16 bits.
  const linkType = view.getUint32(20, le) & 0xffff;
  const frames: CaptureFrame[] = [];
  let at = FILE_HEADER;
  while (at < bytes.length) {
    if (bytes.length - at < RECORD_HEADER) {
      throw new CaptureError(
        file,
        at,
        `packet ${frames.length + 1}: truncated record header (${bytes.length - at} of ${RECORD_HEADER} bytes)`,
      );
    }
    const seconds = view.getUint32(at, le);
    const fraction = view.getUint32(at + 4, le);
    const captured = view.getUint32(at + 8, le);
    const wireLength = view.getUint32(at + 12, le);
    if (fraction >= (nanos ? 1e9 : 1e6)) {
      throw new CaptureError(
        file,
        at + 4,
        `packet ${frames.length + 1}: sub-second timestamp ${fraction} out of range`,
      );
    }
    if (captured > bytes.length - at - RECORD_HEADER) {
      throw new CaptureError(
        file,
        at + 8,
        `packet ${frames.length + 1}: record length ${captured} runs past the end of the file (${bytes.length - at - RECORD_HEADER} bytes left)`,
      );
    }
    const timeUs = seconds * 1e6 + (nanos ? fraction / 1000 : fraction);
    const data = bytes.subarray(at + RECORD_HEADER, at + RECORD_HEADER + captured);
    frames.push({ timeUs, linkType, data, wireLength, offset: at, number: frames.length + 1 });
    at += RECORD_HEADER + captured;
  }
  return frames;
}
