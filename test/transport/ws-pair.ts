/** A WebSocket client connection to a WebSocket listener on 127.0.0.1, as ws or wss. */
import { TRANSPORT_REGISTRY } from '../../src/transport/index.ts';
import type { StreamHandlers, Transport } from '../../src/transport/index.ts';
import type { StreamLimits } from '../../src/transport/stream-limits.ts';
import { clientTls, serverTls } from '../peers/lab-cert.ts';

export interface WsPairOptions {
  maxFrameBytes?: number;
  pingIntervalMs?: number;
  path?: string;
  streamLimits?: StreamLimits;
}

/** Opens a listener (server handlers) and one connection to it (client handlers). */
export async function webSocketPair(
  secure: boolean,
  clientHandlers: StreamHandlers,
  serverHandlers: StreamHandlers,
  o: WsPairOptions = {},
): Promise<[Transport, Transport]> {
  const listener = await webSocketListener(secure, serverHandlers, o);
  const conn = await webSocketClient(secure, clientHandlers, listener.localAddress.port, o);
  return [conn, listener];
}

export function webSocketListener(
  secure: boolean,
  handlers: StreamHandlers,
  o: WsPairOptions = {},
): Promise<Transport> {
  return TRANSPORT_REGISTRY[secure ? 'wss' : 'ws']
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      maxStreamBufferBytes: 1 << 25,
      tls: secure ? serverTls() : undefined,
      webSocketPath: o.path,
      webSocketMaxFrameBytes: o.maxFrameBytes,
      webSocketPingIntervalMs: o.pingIntervalMs,
      streamLimits: o.streamLimits,
      handlers,
    })
    .listen(0);
}

export function webSocketClient(
  secure: boolean,
  handlers: StreamHandlers,
  port: number,
  o: WsPairOptions = {},
): Promise<Transport> {
  return TRANSPORT_REGISTRY[secure ? 'wss' : 'ws']
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      remote: { address: '127.0.0.1', port },
      maxStreamBufferBytes: 1 << 25,
      tls: secure ? clientTls() : undefined,
      webSocketPath: o.path,
      webSocketMaxFrameBytes: o.maxFrameBytes,
      webSocketPingIntervalMs: o.pingIntervalMs,
      handlers,
    })
    .openCallSocket();
}
