/**
 * A capture's SIP messages (over UDP, and over TCP after reassembly) in the order they were
 * completed, and its other UDP datagrams (the RTP candidates).
 */
import { extractTcp, extractUdp, type CaptureFrame, type UdpDatagram } from '../pcap/index.ts';
import { looksLikeSip, parseSipText, type SipText } from './sip-text.ts';
import { TcpStreams } from './tcp-streams.ts';

export type SipTransport = 'udp' | 'tcp';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface CapturedMessage {
  readonly sip: SipText;
  readonly transport: SipTransport;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly timeUs: number;
  /** The frame that carried (or, over TCP, completed) the message, from 1. */
  readonly packet: number;
}

export interface CaptureContent {
  readonly messages: readonly CapturedMessage[];
  readonly datagrams: readonly UdpDatagram[];
}

/** `sipPort` 0: any packet that starts like SIP is SIP; otherwise only packets to or from it. */
export function readCaptureContent(
  frames: readonly CaptureFrame[],
  file: string,
  sipPort: number,
): CaptureContent {
  const messages: CapturedMessage[] = [];
  const datagrams: UdpDatagram[] = [];
  const streams = new TcpStreams();
  const onSipPort = (a: number, b: number): boolean =>
    sipPort === 0 || a === sipPort || b === sipPort;
  for (const frame of frames) {
    const udp = extractUdp(frame, file);
    if (udp !== null) {
      if (onSipPort(udp.srcPort, udp.dstPort) && looksLikeSip(udp.payload)) {
        const sip = parseSipText(Buffer.from(udp.payload).toString('latin1'));
        if (sip !== null) messages.push(message(sip, 'udp', udp, udp.number));
      } else {
        datagrams.push(udp);
      }
      continue;
    }
    const tcp = extractTcp(frame, file);
    if (tcp === null || !onSipPort(tcp.srcPort, tcp.dstPort)) continue;
    for (const m of streams.add(tcp)) {
      const sip = parseSipText(m.bytes.toString('latin1'));
      if (sip !== null) messages.push(message(sip, 'tcp', m.segment, m.segment.number));
    }
  }
  for (const m of streams.finish()) {
    const sip = parseSipText(m.bytes.toString('latin1'));
    if (sip !== null) messages.push(message(sip, 'tcp', m.segment, m.segment.number));
  }
  // Messages freed from behind a gap come last from finish(): put them back in time order.
  messages.sort((a, b) => a.timeUs - b.timeUs || a.packet - b.packet);
  return { messages, datagrams };
}

function message(
  sip: SipText,
  transport: SipTransport,
  from: {
    srcAddress: string;
    srcPort: number;
    dstAddress: string;
    dstPort: number;
    timeUs: number;
  },
  packet: number,
): CapturedMessage {
  return {
    sip,
    transport,
    src: { address: from.srcAddress, port: from.srcPort },
    dst: { address: from.dstAddress, port: from.dstPort },
    timeUs: from.timeUs,
    packet,
  };
}
