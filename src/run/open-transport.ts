/**
 * Which sockets a run opens, by transport mode (SIPp's docs, "Transport mode"), so Run only asks for
 * "the main transport" and "a socket per call":
 *   u1  one UDP socket for every call;           un  plus one UDP socket per client call;
 *   t1  client: one TCP connection from the SIP port, shared by every call;
 *       server: a listener, replies on the connection each request came in on;
 *   tn  client: one TCP connection per call (the main transport is a listener on the SIP port);
 *       server: as t1.
 * The SIP port is `-p`, else the first free of SIPp's 5060..5119, else any.
 */
import type { RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import { StreamBufferBudget, TcpConnection, TcpListener, UdpTransport } from '../transport/index.ts';
import type { RemoteAddress, StreamHandlers, Transport, TransportHandlers } from '../transport/index.ts';

/** Socket buffers we ask for when the user gives no -buff_size (SIPp's 64 KB drop first). */
export const DEFAULT_LOAD_BUFFER_BYTES = 4 * 1024 * 1024;
export const SIPP_PORT_RANGE: readonly [number, number] = [5060, 5119];

export interface TransportEvents {
  handlers: TransportHandlers;
  /** A stream stopped being SIP (count and trace it as a malformed message). */
  onMalformed(raw: Buffer, from: RemoteAddress, reason: string): void;
  /**
   * A connection closed under its calls. `isShared`: it was the one `-t t1` client connection,
   * so no later call can be placed either.
   */
  onConnectionLost(via: Transport, reason: string, isShared: boolean): void;
}

export interface TransportRequest {
  config: Pick<RunConfig, 'transport' | 'localPort' | 'socketBufferBytes' | 'maxStreamBufferBytes'>;
  family: 4 | 6;
  isClient: boolean;
  /** Where client connections go (`-rsa`, else the remote host). */
  remote?: RemoteAddress;
  /** Local IP a client binds its TCP connections to (SIPp binds them to -i). */
  localIp?: string;
  /** `-i` as an address: every socket binds to it; undefined = every interface of `family`. */
  bindIp?: string;
  events: TransportEvents;
}

/** The sockets of one run. */
export interface RunTransports {
  /** The engine's shared transport. */
  readonly main: Transport;
  /** Defined for `-t un`/`-t tn` clients: opens a call's own socket or connection. */
  readonly openCallSocket?: () => Promise<Transport>;
  /** Sockets and connections open now (the screen's "open sockets"). */
  readonly openCount: number;
  /** Kernel socket buffers of the main UDP socket; undefined for TCP (the kernel autotunes). */
  readonly bufferBytes: { recv: number; send: number } | undefined;
  closeAll(): Promise<void>;
}

export async function openTransports(req: TransportRequest): Promise<RunTransports> {
  const set = new TransportSet();
  const mode = req.config.transport;
  const isStream = mode === 't1' || mode === 'tn';
  const handlers = streamHandlers(req.events, () => set.main);
  if (!isStream) {
    set.main = await onSipPort(req.config.localPort, (port) => openUdp(req, port, req.config.socketBufferBytes ?? DEFAULT_LOAD_BUFFER_BYTES));
    if (mode === 'un' && req.isClient) set.openCallSocket = () => set.track(openUdp(req, 0, req.config.socketBufferBytes));
    return set;
  }
  const bindIp = bindAddress(req);
  // One cap for every connection of the run, accepted or opened (-max_stream_buffer).
  const budget = new StreamBufferBudget(req.config.maxStreamBufferBytes);
  if (mode === 't1' && req.isClient) {
    const remote = requireRemote(req);
    set.main = await onSipPort(req.config.localPort, (port) =>
      TcpConnection.connect({ remote, localIp: req.localIp, localPort: port, handlers, budget }));
    return set;
  }
  set.main = await onSipPort(req.config.localPort, (port) => TcpListener.listen({ bindIp, port, handlers, budget }));
  if (req.isClient) {
    const remote = requireRemote(req);
    set.openCallSocket = () => set.track(TcpConnection.connect({ remote, localIp: req.localIp, handlers, budget }));
  }
  return set;
}

class TransportSet implements RunTransports {
  main!: Transport;
  openCallSocket?: () => Promise<Transport>;
  private readonly extra = new Set<Transport>();

  get openCount(): number {
    const listening = this.main instanceof TcpListener ? this.main.connectionCount : 0;
    return 1 + listening + this.extra.size;
  }

  get bufferBytes(): { recv: number; send: number } | undefined {
    const m = this.main as Partial<UdpTransport>;
    return m.protocol === 'UDP' ? m.effectiveBufferBytes : undefined;
  }

  /** Counts a per-call socket until the engine closes it. */
  async track(opening: Promise<Transport>): Promise<Transport> {
    const t = await opening;
    this.extra.add(t);
    const close = t.close.bind(t);
    t.close = () => {
      this.extra.delete(t);
      return close();
    };
    return t;
  }

  closeAll(): Promise<void> {
    return Promise.all([this.main.close(), ...[...this.extra].map((s) => s.close())]).then(() => undefined);
  }
}

function openUdp(req: TransportRequest, port: number, bufferBytes: number | undefined): Promise<Transport> {
  return UdpTransport.open({ bindIp: bindAddress(req), port, family: req.family, bufferBytes, handlers: req.events.handlers });
}

function bindAddress(req: TransportRequest): string {
  return req.bindIp ?? (req.family === 6 ? '::' : '0.0.0.0');
}

function streamHandlers(events: TransportEvents, main: () => Transport | undefined): StreamHandlers {
  return {
    onMessage: events.handlers.onMessage,
    onError: events.handlers.onError,
    onMalformed: (raw, from, reason) => events.onMalformed(raw, from, reason),
    onConnectionLost: (via, reason) => events.onConnectionLost(via, reason, via === main() && via instanceof TcpConnection),
  };
}

function requireRemote(req: TransportRequest): RemoteAddress {
  if (req.remote === undefined) throw new GossipperError('REMOTE_MISSING', 'a TCP client needs a remote host', 'add host[:port]');
  return req.remote;
}

/** `-p` if given, else the first of SIPp's ports that binds, else an OS-chosen one. */
async function onSipPort<T>(localPort: number | undefined, open: (port: number) => Promise<T>): Promise<T> {
  if (localPort !== undefined) return open(localPort);
  for (let p = SIPP_PORT_RANGE[0]; p <= SIPP_PORT_RANGE[1]; p++) {
    try {
      return await open(p);
    } catch (err) {
      if (!(err instanceof GossipperError) || err.code !== 'BIND_FAILED') throw err;
    }
  }
  return open(0);
}
