export { UdpTransport } from './udp.ts';
export type { UdpOptions } from './udp.ts';
export type { RemoteAddress, Transport, TransportHandlers } from './transport.ts';
export { InProcessTransport, inProcessPair } from './in-process.ts';
