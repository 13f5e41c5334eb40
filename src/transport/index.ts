export { UdpTransport } from './udp.ts';
export type { UdpIo, UdpOptions } from './udp-options.ts';
export { udpBatchAddon } from './udp-native.ts';
export type {
  RemoteAddress,
  SocketMode,
  Transport,
  TransportHandlers,
  TransportName,
  TransportProtocol,
} from './transport.ts';
export { InProcessTransport, inProcessPair } from './in-process.ts';
export { DEFAULT_STREAM_LIMITS, StreamFramer } from './stream-framer.ts';
export type { StreamFramerLimits, StreamFramerSink } from './stream-framer.ts';
export type { StreamHandlers } from './stream-handlers.ts';
export { StreamBufferBudget } from './stream-buffer-budget.ts';
export { TcpConnection } from './tcp-connection.ts';
export type { TcpConnectOptions } from './tcp-connection.ts';
export { TcpListener } from './tcp-listener.ts';
export type { TcpListenOptions } from './tcp-listener.ts';
export {
  hasBufferSizes,
  hasConnectionCount,
  hasDatagramIo,
  hasReadPacing,
  hasTimedSend,
} from './transport-capabilities.ts';
export type {
  WithBufferSizes,
  WithConnectionCount,
  WithDatagramIo,
  WithReadPacing,
  WithTimedSend,
} from './transport-capabilities.ts';
export { TRANSPORT_REGISTRY } from './transport-registry.ts';
export type { SocketOpener, SocketOptions, TransportKind } from './transport-registry.ts';
export type { TlsSocketOptions } from './tls-options.ts';
export { CommandLink } from './command-link.ts';
export type { CommandLinkEvents } from './command-link.ts';
