/**
 * The two captures SIPp's `uac_pcap` plays, made here (SIPp's own come with its sources, not
 * with Debian's package): pcap/g711a.pcap, 8 s of a 440 Hz tone in G.711 A-law (PT 8, 20 ms
 * packets), and pcap/dtmf_2833_1.pcap, the digit 1 as RFC 4733 telephone-events (PT 101 as in
 * uac_pcap's SDP): 250 ms of event packets, the end packet sent three times (§2.5.1.4).
 */
import { writePcap, type UdpRecord } from '../pcap/index.ts';
import { linearToAlaw } from './g711.ts';

const SRC = '192.0.2.1';
const DST = '192.0.2.2';
const SRC_PORT = 4000;
const DST_PORT = 6000;
const START_US = 1_000_000_000 * 1e6;

function rtp(
  pt: number,
  marker: boolean,
  seq: number,
  ts: number,
  ssrc: number,
  body: Buffer,
): Buffer {
  const b = Buffer.alloc(12 + body.length);
  b[0] = 0x80;
  b[1] = (marker ? 0x80 : 0) | pt;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE(ssrc, 8);
  body.copy(b, 12);
  return b;
}

function record(i: number, payload: Buffer, offsetUs = 0): UdpRecord {
  return {
    timeUs: START_US + offsetUs + i * 20_000,
    src: SRC,
    dst: DST,
    srcPort: SRC_PORT,
    dstPort: DST_PORT,
    payload,
  };
}

/** 8 s of a 440 Hz tone at -10 dBFS, A-law, 400 packets. */
export function g711aToneCapture(): Buffer {
  const records: UdpRecord[] = [];
  const amplitude = 32767 * 10 ** (-10 / 20);
  for (let i = 0; i < 400; i++) {
    const frame = Buffer.alloc(160);
    for (let k = 0; k < 160; k++) {
      const n = i * 160 + k;
      frame[k] = linearToAlaw(Math.round(amplitude * Math.sin((2 * Math.PI * 440 * n) / 8000)));
    }
    records.push(record(i, rtp(8, i === 0, 1000 + i, 160 * i, 0x5ea1a1a1, frame)));
  }
  return writePcap(records);
}

/** RFC 4733 event 1, volume 10, 250 ms, then three end packets. */
export function dtmf2833DigitOneCapture(): Buffer {
  const records: UdpRecord[] = [];
  const event = (duration: number, end: boolean): Buffer =>
    Buffer.from([1, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
  // One event: every packet carries the event's start timestamp; duration grows by 160.
  for (let i = 0; i < 12; i++)
    records.push(
      record(i, rtp(101, i === 0, 2000 + i, 0, 0x5ea1d7f1, event(160 * (i + 1), false))),
    );
  for (let k = 0; k < 3; k++)
    records.push(record(12, rtp(101, false, 2012 + k, 0, 0x5ea1d7f1, event(2000, true)), k * 1000));
  return writePcap(records);
}
