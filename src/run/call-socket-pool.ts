/**
 * The sockets of per-call client modes (`-t un`, `-t tn`, later `ln`/`wn`) under `-max_socket`.
 * Below the cap each call opens its own socket; at the cap a new call shares an open one, taken
 * round-robin, as SIPp 3.6.1 does (observed: `-t un -max_socket 5` opened three call sockets
 * and spread the later calls over them). A shared socket closes when its last call ends.
 *
 * A call holds a lease (CallSocketLease), not the socket: the engine closes its call's socket
 * when the call ends, and a lease's close() only gives the socket back.
 */
import type { RemoteAddress, Transport } from '../transport/index.ts';

/**
 * Sockets SIPp counts against -max_socket besides the call sockets: the one on the SIP port and
 * the remote-control one (`-max_socket 3` leaves one call socket, as observed).
 */
export const SIPP_FIXED_SOCKETS = 2;

interface PoolEntry {
  /** Resolves to the socket; shared by every call waiting for it to open. */
  readonly opening: Promise<Transport>;
  socket: Transport | null;
  /** Leases not yet closed. */
  refs: number;
  /** Lost (connection closed by the peer) or closing: never handed to a new call. */
  retired: boolean;
  /** Its place in `entries` while not retired (removal swaps the last entry in: O(1)). */
  slot: number;
}

export class CallSocketPool {
  private readonly entries: PoolEntry[] = [];
  private readonly bySocket = new Map<Transport, PoolEntry>();
  private readonly leases = new Map<PoolEntry, Set<CallSocketLease>>();
  private cursor = 0;

  /** `cap`: call sockets open at once (at least 1). */
  constructor(
    private readonly openSocket: () => Promise<Transport>,
    private readonly cap: number,
  ) {}

  /** Call sockets open or opening now. */
  get size(): number {
    return this.entries.length;
  }

  /** A socket for one call: a new one below the cap, else the next open one in turn. */
  lease(): Promise<Transport> {
    if (this.entries.length < this.cap) return this.leaseOf(this.openEntry());
    for (let tried = 0; tried < this.entries.length; tried++) {
      if (this.cursor >= this.entries.length) this.cursor = 0;
      const entry = this.entries[this.cursor++];
      if (!entry.retired) return this.leaseOf(entry);
    }
    // Every socket at the cap was lost and is still being closed: open past the cap for now.
    return this.leaseOf(this.openEntry());
  }

  /** The leases on `socket` (to fail their calls when it is lost); retires it. */
  lost(socket: Transport): CallSocketLease[] {
    const entry = this.bySocket.get(socket);
    if (entry === undefined) return [];
    const leases = [...(this.leases.get(entry) ?? [])];
    this.retire(entry);
    return leases;
  }

  private openEntry(): PoolEntry {
    const entry: PoolEntry = {
      opening: this.openSocket(),
      socket: null,
      refs: 0,
      retired: false,
      slot: this.entries.length,
    };
    this.entries.push(entry);
    entry.opening.then(
      (socket) => {
        entry.socket = socket;
        this.bySocket.set(socket, entry);
        // Every call waiting for it ended (or failed) before it opened.
        if (entry.refs === 0) this.release(entry);
      },
      () => this.retire(entry),
    );
    return entry;
  }

  private async leaseOf(entry: PoolEntry): Promise<Transport> {
    entry.refs++;
    let socket: Transport;
    try {
      socket = await entry.opening;
    } catch (err) {
      entry.refs--;
      throw err;
    }
    const lease = new CallSocketLease(socket, () => {
      this.leases.get(entry)?.delete(lease);
      entry.refs--;
      if (entry.refs === 0) this.release(entry);
    });
    let set = this.leases.get(entry);
    if (set === undefined) this.leases.set(entry, (set = new Set()));
    set.add(lease);
    return lease;
  }

  /** No call uses the socket any more: it closes (SIPp closes a call socket with its last call). */
  private release(entry: PoolEntry): void {
    this.retire(entry);
    if (entry.socket !== null) void entry.socket.close();
  }

  private retire(entry: PoolEntry): void {
    if (entry.retired) return;
    entry.retired = true;
    const last = this.entries.pop() as PoolEntry;
    if (last !== entry) {
      last.slot = entry.slot;
      this.entries[entry.slot] = last;
    }
    if (entry.socket !== null) this.bySocket.delete(entry.socket);
    this.leases.delete(entry);
  }
}

/** One call's use of a pooled socket: sends go through; close() gives the socket back. */
export class CallSocketLease implements Transport {
  private released = false;

  constructor(
    readonly socket: Transport,
    private readonly onRelease: () => void,
  ) {}

  get protocol(): Transport['protocol'] {
    return this.socket.protocol;
  }

  get isReliable(): boolean {
    return this.socket.isReliable;
  }

  get localAddress(): RemoteAddress {
    return this.socket.localAddress;
  }

  send(buf: Buffer, to: RemoteAddress): void {
    this.socket.send(buf, to);
  }

  close(): Promise<void> {
    if (!this.released) {
      this.released = true;
      this.onRelease();
    }
    return Promise.resolve();
  }
}
