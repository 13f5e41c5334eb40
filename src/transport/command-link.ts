/**
 * The 3PCC command connections (SIPp's twin sockets): plain TCP carrying commands, each ended by
 * an ESC byte (0x1b). Classic mode (`-3pcc`): the instance whose first twin command is a sendCmd
 * connects, its twin listens and accepts it; commands go both ways on that one connection.
 * Extended mode (`-master`/`-slave`): every instance listens on its own address, reads the
 * commands that arrive on the connections it accepted and writes its own on connections it opens
 * to the peers its sendCmd elements name (the master at start, a slave once the master came).
 */
import net from 'node:net';
import { GossipperError } from '../errors.ts';
import type { RemoteAddress } from './transport.ts';

const DELIMITER = 0x1b;
/** A command larger than this without its delimiter is no 3PCC traffic: the connection drops. */
const MAX_COMMAND_BYTES = 1 << 20;
/** How long close() leaves accepted connections to be closed by their side (see close()). */
const ACCEPTED_CLOSE_WAIT_MS = 500;

export interface CommandLinkEvents {
  /** One command, without its delimiter; lent for the duration of the call. */
  onCommand(command: Buffer): void;
  /** A connection of the link closed or failed (`what` says which one and why). */
  onClosed(what: string): void;
}

/** Splits a byte stream at each delimiter. */
class CommandSplitter {
  private pending: Buffer | null = null;
  constructor(private readonly onCommand: (command: Buffer) => void) {}

  /** Returns false when a command grew past MAX_COMMAND_BYTES. */
  push(chunk: Buffer): boolean {
    let data = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    let at = data.indexOf(DELIMITER);
    while (at >= 0) {
      this.onCommand(data.subarray(0, at));
      data = data.subarray(at + 1);
      at = data.indexOf(DELIMITER);
    }
    if (data.length > MAX_COMMAND_BYTES) return false;
    if (data.length > 0) this.pending = Buffer.from(data);
    return true;
  }
}

function hostLabel(a: RemoteAddress): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

export class CommandLink {
  /** Where classic-mode commands are written: the connection we opened or accepted. */
  private twin: net.Socket | null = null;
  /** Extended mode: our connection to each peer, by name. */
  private readonly peers = new Map<string, net.Socket>();
  private readonly accepted = new Set<net.Socket>();
  private server: net.Server | null = null;
  private closed = false;

  private constructor(private readonly events: CommandLinkEvents) {}

  /** Classic mode, sendCmd first (controller A): connect to the twin. */
  static async connect(to: RemoteAddress, events: CommandLinkEvents): Promise<CommandLink> {
    const link = new CommandLink(events);
    link.twin = await link.open(to, 'the 3PCC twin');
    return link;
  }

  /** Classic mode, recvCmd first (controller B): listen; the twin's connection is the link. */
  static async listen(on: RemoteAddress, events: CommandLinkEvents): Promise<CommandLink> {
    const link = new CommandLink(events);
    await link.startServer(on, (sock) => {
      link.twin = sock;
    });
    return link;
  }

  /**
   * Extended mode: listen on `on`; `peers` are the names (and addresses) sendCmd writes to.
   * `connectNow` (the master) opens them at once; otherwise (a slave) when the first connection
   * comes in.
   */
  static async extended(
    on: RemoteAddress,
    peers: ReadonlyMap<string, RemoteAddress>,
    connectNow: boolean,
    events: CommandLinkEvents,
  ): Promise<CommandLink> {
    const link = new CommandLink(events);
    let connecting: Promise<void> | null = null;
    const connectAll = async (): Promise<void> => {
      for (const [name, address] of peers) {
        link.peers.set(name, await link.open(address, `3PCC peer "${name}"`));
      }
    };
    await link.startServer(on, () => {
      if (connecting !== null) return;
      connecting = connectAll().catch((err: Error) => link.lost(err.message));
    });
    if (connectNow) {
      try {
        await connectAll();
      } catch (err) {
        await link.close();
        throw err;
      }
    }
    return link;
  }

  /** Writes one framed command; false when the connection is missing. */
  send(command: Buffer, dest: string | undefined): boolean {
    const sock = dest === undefined ? this.twin : this.peers.get(dest);
    if (sock === null || sock === undefined || sock.destroyed) return false;
    sock.write(command);
    return true;
  }

  /**
   * Closes what we opened at once, then leaves the connections we accepted to their side for up
   * to ACCEPTED_CLOSE_WAIT_MS: SIPp 3.6.1 in extended mode, seeing two of its twin connections
   * end in one poll round, fails an assertion (socket.cpp pollset_process) and dies.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.twin !== null && !this.accepted.has(this.twin)) this.twin.destroy();
    for (const s of this.peers.values()) s.destroy();
    const server = this.server;
    const serverClosed =
      server === null
        ? Promise.resolve()
        : new Promise<void>((resolve) => server.close(() => resolve()));
    const accepted = [...this.accepted];
    if (accepted.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const allClosed = Promise.all(
        accepted.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve()))),
      );
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ACCEPTED_CLOSE_WAIT_MS);
      });
      await Promise.race([allClosed, waited]);
      clearTimeout(timer);
      for (const s of accepted) s.destroy();
    }
    await serverClosed;
  }

  private lost(what: string): void {
    if (!this.closed) this.events.onClosed(what);
  }

  /** Reads commands from `sock` and reports its end. */
  private attach(sock: net.Socket, label: string): void {
    sock.setNoDelay(true);
    const splitter = new CommandSplitter((c) => this.events.onCommand(c));
    sock.on('data', (chunk: Buffer) => {
      if (!splitter.push(chunk)) {
        sock.destroy();
        this.lost(`${label}: a command of more than ${MAX_COMMAND_BYTES} bytes`);
      }
    });
    sock.on('error', () => {
      // 'close' follows and reports it.
    });
    sock.on('close', () => this.lost(`${label} closed the connection`));
  }

  private open(to: RemoteAddress, label: string): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: to.address, port: to.port });
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(
          new GossipperError(
            'RUN_FATAL',
            `cannot connect to ${label} at ${hostLabel(to)}: ${err.code ?? err.message}`,
            'start the instance that listens first (3PCC controller B, the slaves)',
          ),
        );
      };
      sock.once('error', onError);
      sock.once('connect', () => {
        sock.off('error', onError);
        this.attach(sock, label);
        resolve(sock);
      });
    });
  }

  private startServer(on: RemoteAddress, onAccept: (sock: net.Socket) => void): Promise<void> {
    const server = net.createServer((sock) => {
      this.accepted.add(sock);
      sock.once('close', () => this.accepted.delete(sock));
      this.attach(sock, 'the 3PCC twin');
      onAccept(sock);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new GossipperError(
            'BIND_FAILED',
            `cannot listen for 3PCC commands on ${hostLabel(on)}: ${err.code ?? err.message}`,
          ),
        );
      });
      server.listen({ host: on.address, port: on.port }, () => resolve());
    });
  }
}
