/**
 * The pcapng format: a sequence of blocks (type, total length, body, total length again). A
 * Section Header Block starts each section and fixes its byte order; Interface Description
 * Blocks give each interface's link type and timestamp resolution; packets come in Enhanced
 * (EPB), Simple (SPB) or the obsolete Packet blocks. Other blocks are skipped.
 */
import { CaptureError } from './capture-error.ts';
import type { CaptureFrame } from './capture-frame.ts';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OBSOLETE_PB = 0x00000002;
const SPB = 0x00000003;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface Interface {
  readonly linkType: number;
  readonly snapLen: number;
  /** Timestamp units per second. */
  readonly unitsPerSecond: bigint;
  /** Seconds added to every timestamp (if_tsoffset). */
  readonly offsetSeconds: bigint;
}

export function isPcapngMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) === SHB;
}

export function readPcapngFrames(bytes: Uint8Array, file: string): CaptureFrame[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: CaptureFrame[] = [];
  let le = true;
  let interfaces: Interface[] = [];
  let sectionSeen = false;
  let lastTimeUs = 0;
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 12) {
      throw new CaptureError(file, at, `truncated block header (${bytes.length - at} bytes left)`);
    }
    const rawType = view.getUint32(at, le);
    if (rawType === SHB || view.getUint32(at, !le) === SHB) {
      // The byte-order magic sits after the type and length, and decides how both read.
      const magicLe = view.getUint32(at + 8, true);
      if (magicLe === BYTE_ORDER_MAGIC) le = true;
      else if (view.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else
        throw new CaptureError(
          file,
          at + 8,
          'section header without the byte-order magic 0x1A2B3C4D',
        );
      sectionSeen = true;
      interfaces = [];
    } else if (!sectionSeen) {
      throw new CaptureError(file, at, 'pcapng file does not start with a section header block');
    }
    const type = view.getUint32(at, le);
    const length = view.getUint32(at + 4, le);
    if (length < 12 || length % 4 !== 0 || length > bytes.length - at) {
      throw new CaptureError(
        file,
        at + 4,
        `block length ${length} is invalid (must be a multiple of 4, at least 12, within the ${bytes.length - at} bytes left)`,
      );
    }
    if (view.getUint32(at + length - 4, le) !== length) {
      throw new CaptureError(
        file,
        at + length - 4,
        `block trailing length does not repeat ${length}`,
      );
    }
    const body = at + 8;
    const bodyEnd = at + length - 4;
    if (type === IDB) {
      interfaces.push(readInterface(view, body, bodyEnd, le, file));
    } else if (type === EPB || type === OBSOLETE_PB) {
      const enhanced = type === EPB;
      if (bodyEnd - body < 20)
        throw new CaptureError(file, at, `packet ${frames.length + 1}: packet block too short`);
      const id = enhanced ? view.getUint32(body, le) : view.getUint16(body, le);
      const ifc = interfaces[id];
      if (ifc === undefined) {
        throw new CaptureError(file, body, `packet names interface ${id}, which was not described`);
      }
      const high = BigInt(view.getUint32(body + 4, le));
      const low = BigInt(view.getUint32(body + 8, le));
      const captured = view.getUint32(body + 12, le);
      const wireLength = view.getUint32(body + 16, le);
      if (captured > bodyEnd - body - 20) {
        throw new CaptureError(
          file,
          body + 12,
          `packet ${frames.length + 1}: captured length ${captured} runs past the end of its block`,
        );
      }
      lastTimeUs = toMicros((high << 32n) | low, ifc);
      const data = bytes.subarray(body + 20, body + 20 + captured);
      frames.push({
        timeUs: lastTimeUs,
        linkType: ifc.linkType,
        data,
        wireLength,
        offset: at,
        number: frames.length + 1,
      });
    } else if (type === SPB) {
      const ifc = interfaces[0];
      if (ifc === undefined)
        throw new CaptureError(file, at, 'simple packet block before any interface');
      const wireLength = view.getUint32(body, le);
      let captured = Math.min(wireLength, bodyEnd - body - 4);
      if (ifc.snapLen > 0) captured = Math.min(captured, ifc.snapLen);
      // A simple packet block carries no timestamp: it takes the previous packet's time.
      const data = bytes.subarray(body + 4, body + 4 + captured);
      frames.push({
        timeUs: lastTimeUs,
        linkType: ifc.linkType,
        data,
        wireLength,
        offset: at,
        number: frames.length + 1,
      });
    }
    at += length;
  }
  return frames;
}

function readInterface(
  view: DataView,
  body: number,
  end: number,
  le: boolean,
  file: string,
): Interface {
  if (end - body < 8) throw new CaptureError(file, body, 'interface description block too short');
  const linkType = view.getUint16(body, le);
  const snapLen = view.getUint32(body + 4, le);
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0n;
  let at = body + 8;
  while (at + 4 <= end) {
    const code = view.getUint16(at, le);
    const len = view.getUint16(at + 2, le);
    if (code === OPT_END) break;
    if (at + 4 + len > end)
      throw new CaptureError(file, at, `interface option ${code} runs past its block`);
    if (code === OPT_IF_TSRESOL && len >= 1) {
      const v = view.getUint8(at + 4);
      // High bit clear: 10^-v seconds; set: 2^-v seconds.
      unitsPerSecond = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
    } else if (code === OPT_IF_TSOFFSET && len >= 8) {
      offsetSeconds = view.getBigInt64(at + 4, le);
    }
    at += 4 + ((len + 3) & ~3);
  }
  return { linkType, snapLen, unitsPerSecond, offsetSeconds };
}

function toMicros(units: bigint, ifc: Interface): number {
  const seconds = units / ifc.unitsPerSecond + ifc.offsetSeconds;
  const rest = units % ifc.unitsPerSecond;
  return Number(seconds) * 1e6 + (Number(rest) * 1e6) / Number(ifc.unitsPerSecond);
}
