/**
 * Sends HEP3 packets to one collector over UDP without ever holding up a call: the message
 * hooks encode into a bounded queue, and the queue leaves once per event-loop turn
 * (setImmediate), one datagram per packet on a connected socket. A collector that is down
 * (ICMP unreachable comes back as ECONNREFUSED on a connected socket), a full queue or too many
 * sends still in the kernel's hands each drop packets and count them; none is retried.
 */
import type { Socket } from 'node:dgram';
import type { HostPort } from '../../config/index.ts';
import { GossipperError } from '../../errors.ts';
import { encodeHep } from './hep-encoder.ts';
import type { HepPacket } from './hep-encoder.ts';

/** What the exporter did, for the end-of-run line and the summary. */
export interface HepCounts {
  /** Packets the kernel accepted. */
  sent: number;
  /** Packets dropped before sending: queue full, too many in flight, or over 64 KiB. */
  dropped: number;
  /** Sends that failed (collector unreachable, socket error). */
  sendErrors: number;
}

export interface HepExporterOptions {
  /**
   * Packets waiting for the next flush. 8192 holds one turn of a run at several thousand
   * calls/s (each call is ~7 messages, a turn a few ms) with room to spare.
   */
  readonly maxQueued?: number;
  /** Sends handed to libuv and not yet completed; past it the rest of a flush is dropped. */
  readonly maxInFlight?: number;
}

const DEFAULT_MAX_QUEUED = 8192;
const DEFAULT_MAX_IN_FLIGHT = 16384;

export class HepExporter {
  private queue: Buffer[] = [];
  private isFlushArmed = false;
  private inFlight = 0;
  private isClosed = false;
  private readonly counts: HepCounts = { sent: 0, dropped: 0, sendErrors: 0 };
  private readonly maxQueued: number;
  private readonly maxInFlight: number;
  private readonly flushNow = (): void => this.flush();
  private readonly onSent = (err: Error | null): void => {
    this.inFlight--;
    if (err) this.counts.sendErrors++;
    else this.counts.sent++;
  };

  private constructor(
    private readonly socket: Socket,
    readonly collector: string,
    options: HepExporterOptions,
  ) {
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    // A connected socket also reads: an ICMP error can surface there as an 'error' event. The
    // packet it is about was already counted sent (its send had succeeded); the event is only
    // kept from throwing. Failed sends are counted through their callbacks.
    socket.on('error', () => undefined);
  }

  /** Resolves `addr` and connects a UDP socket to it; FLAG_VALUE names -hep_addr on failure. */
  static async open(addr: HostPort, options: HepExporterOptions = {}): Promise<HepExporter> {
    const dgram = process.getBuiltinModule('node:dgram') as typeof import('node:dgram');
    const { address, family, shown } = await resolveCollector(addr);
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(addr.port, address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      socket.close();
      throw new GossipperError(
        'FLAG_VALUE',
        `-hep_addr ${shown}: cannot open a UDP socket to it (${(err as Error).message})`,
      );
    }
    socket.unref();
    return new HepExporter(socket, shown, options);
  }

  /** Encodes and queues one packet; drops (and counts) it when the queue is full. */
  export(packet: HepPacket): void {
    if (this.isClosed || this.queue.length >= this.maxQueued) {
      this.counts.dropped++;
      return;
    }
    const bytes = encodeHep(packet);
    if (bytes === null) {
      this.counts.dropped++;
      return;
    }
    this.queue.push(bytes);
    if (!this.isFlushArmed) {
      this.isFlushArmed = true;
      setImmediate(this.flushNow);
    }
  }

  /** The counts so far (a copy). */
  snapshot(): HepCounts {
    return { ...this.counts };
  }

  /** Sends what is queued, waits for the sends in flight (at most `waitMs`), closes. */
  async close(waitMs = 1000): Promise<HepCounts> {
    if (!this.isClosed) {
      this.flush();
      this.isClosed = true;
      const deadline = Date.now() + waitMs;
      while (this.inFlight > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    }
    return this.snapshot();
  }

  private flush(): void {
    this.isFlushArmed = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    for (let i = 0; i < batch.length; i++) {
      if (this.inFlight >= this.maxInFlight) {
        this.counts.dropped += batch.length - i;
        return;
      }
      this.inFlight++;
      this.socket.send(batch[i], this.onSent);
    }
  }
}

/** A resolved collector: its address and family, and `host:port` as the user gave it. */
export interface ResolvedCollector {
  readonly address: string;
  readonly family: number;
  readonly shown: string;
}

/** Resolves the collector's host once; FLAG_VALUE names -hep_addr when it does not resolve. */
export async function resolveCollector(addr: HostPort): Promise<ResolvedCollector> {
  const dns = process.getBuiltinModule('node:dns') as typeof import('node:dns');
  const shown = addr.host.includes(':')
    ? `[${addr.host}]:${addr.port}`
    : `${addr.host}:${addr.port}`;
  try {
    const { address, family } = await dns.promises.lookup(addr.host);
    return { address, family, shown };
  } catch (err) {
    throw new GossipperError(
      'FLAG_VALUE',
      `-hep_addr: cannot resolve "${addr.host}" (${(err as Error).message})`,
      'give the HEP collector as ip:port or a host name that resolves',
    );
  }
}
