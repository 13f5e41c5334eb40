/** Reading pcap and pcapng captures down to their UDP datagrams (media replay). */
export { CaptureError } from './capture-error.ts';
export { LinkType, type CaptureFrame } from './capture-frame.ts';
export { extractUdp, type UdpDatagram } from './udp-extract.ts';
export { loadUdpCapture, readCaptureFrames, readUdpDatagrams } from './read-capture.ts';
export { writePcap, type UdpRecord } from './pcap-writer.ts';
