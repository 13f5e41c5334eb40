/**
 * Which sockets a run opens, by RunConfig's transport (SIPp's docs, "Transport mode"), so Run
 * only asks for "the main transport" and "a socket per call". What each protocol opens comes
 * from transport/'s registry; the socket mode picks which of its openers a run uses:
 *   shared    client: one socket (UDP) or connection (TCP) from the SIP port for every call;
 *   per-call  client: one socket or connection per call, the main transport receiving on the
 *             SIP port (a UDP socket, a TCP listener);
 *   server (either mode): the main transport receives on the SIP port; a connection transport
 *             replies on the connection each request came in on.
 * The SIP port is `-p`, else the first free of SIPp's 5060..5119, else any.
 */
import type { RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import {
  TRANSPORT_REGISTRY,
  hasBufferSizes,
  hasConnectionCount,
  hasDatagramIo,
} from '../transport/index.ts';
import type {
  RemoteAddress,
  StreamHandlers,
  Transport,
  TransportHandlers,
} from '../transport/index.ts';

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
  config: Pick<
    RunConfig,
    | 'transport'
    | 'localPort'
    | 'socketBufferBytes'
    | 'maxStreamBufferBytes'
    | 'tls'
    | 'webSocket'
  >;
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
  /** The main socket moves datagrams through node:dgram (the batched addon is not loaded). */
  readonly isDgramIo: boolean;
  closeAll(): Promise<void>;
}

export async function openTransports(req: TransportRequest): Promise<RunTransports> {
  const set = new TransportSet();
  const { protocol, sockets } = req.config.transport;
  const opener = TRANSPORT_REGISTRY[protocol].opener({
    bindIp: req.bindIp ?? (req.family === 6 ? '::' : '0.0.0.0'),
    family: req.family,
    remote: req.remote,
    localIp: req.localIp,
    sipPortBufferBytes: req.config.socketBufferBytes ?? DEFAULT_LOAD_BUFFER_BYTES,
    callBufferBytes: req.config.socketBufferBytes,
    maxStreamBufferBytes: req.config.maxStreamBufferBytes,
    webSocketPath: req.config.webSocket.path,
    handlers: set.handlers(req.events),
  });
  const isSharedClient = req.isClient && sockets === 'shared';
  set.main = await onSipPort(req.config.localPort, (port) =>
    isSharedClient ? opener.connect(port) : opener.listen(port),
  );
  if (req.isClient && sockets === 'per-call') {
    set.openCallSocket = () => set.track(opener.openCallSocket());
  }
  return set;
}

class TransportSet implements RunTransports {
  main!: Transport;
  openCallSocket?: () => Promise<Transport>;
  private readonly extra = new Set<Transport>();

  get openCount(): number {
    const accepted = hasConnectionCount(this.main) ? this.main.connectionCount : 0;
    return 1 + accepted + this.extra.size;
  }

  get bufferBytes(): { recv: number; send: number } | undefined {
    return hasBufferSizes(this.main) ? this.main.effectiveBufferBytes : undefined;
  }

  get isDgramIo(): boolean {
    return hasDatagramIo(this.main) && this.main.io === 'node:dgram';
  }

  /** Counts a per-call socket until it is closed (handlers' onClosed). */
  async track(opening: Promise<Transport>): Promise<Transport> {
    const t = await opening;
    this.extra.add(t);
    return t;
  }

  /** The handlers every socket of the run reports to. */
  handlers(events: TransportEvents): StreamHandlers {
    return {
      onMessage: events.handlers.onMessage,
      onError: events.handlers.onError,
      onClosed: (via) => this.extra.delete(via),
      onMalformed: (raw, from, reason) => events.onMalformed(raw, from, reason),
      // Only a shared client connection is ever both the main transport and lost: a listener's
      // losses name the accepted connection, and datagram sockets have no connection to lose.
      onConnectionLost: (via, reason) => events.onConnectionLost(via, reason, via === this.main),
    };
  }

  closeAll(): Promise<void> {
    return Promise.all([this.main.close(), ...[...this.extra].map((s) => s.close())]).then(
      () => undefined,
    );
  }
}

/** `-p` if given, else the first of SIPp's ports that binds, else an OS-chosen one. */
async function onSipPort<T>(
  localPort: number | undefined,
  open: (port: number) => Promise<T>,
): Promise<T> {
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
