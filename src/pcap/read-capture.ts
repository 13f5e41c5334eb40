import { readFile } from 'node:fs/promises';
import { CaptureError } from './capture-error.ts';
import type { CaptureFrame } from './capture-frame.ts';
import { isPcapMagic, readPcapFrames } from './pcap-file.ts';
import { isPcapngMagic, readPcapngFrames } from './pcapng-file.ts';
import { extractUdp, type UdpDatagram } from './udp-extract.ts';

/** Every frame of a pcap or pcapng capture, told apart by the magic number. */
export function readCaptureFrames(bytes: Uint8Array, file: string): CaptureFrame[] {
  if (isPcapMagic(bytes)) return readPcapFrames(bytes, file);
  if (isPcapngMagic(bytes)) return readPcapngFrames(bytes, file);
  throw new CaptureError(file, 0, 'not a pcap or pcapng capture (unknown magic number)');
}

/** The UDP datagrams of a capture, in file order; other packets are left out. */
export function readUdpDatagrams(bytes: Uint8Array, file: string): UdpDatagram[] {
  const out: UdpDatagram[] = [];
  for (const frame of readCaptureFrames(bytes, file)) {
    const udp = extractUdp(frame, file);
    if (udp !== null) out.push(udp);
  }
  return out;
}

/** Reads a capture file from disk; an unreadable file is a CaptureError naming it. */
export async function loadUdpCapture(file: string): Promise<UdpDatagram[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CaptureError(file, 0, `cannot read: ${(err as Error).message}`);
  }
  return readUdpDatagrams(bytes, file);
}
