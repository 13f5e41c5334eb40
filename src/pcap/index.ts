/**
 * Reading pcap and pcapng captures down to their UDP datagrams (media replay) and TCP segments
 * (pcap2scenario), and writing small pcap files of UDP datagrams.
 */
export { CaptureError } from './capture-error.ts';
export { LinkType, type CaptureFrame } from './capture-frame.ts';
export { extractUdp, type UdpDatagram } from './udp-extract.ts';
export { extractTcp, type TcpSegment } from './tcp-extract.ts';
export { loadUdpCapture, readCaptureFrames, readUdpDatagrams } from './read-capture.ts';
export { writePcap, type UdpRecord } from './pcap-writer.ts';
