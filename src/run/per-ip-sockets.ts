/**
 * `-t ui`: one UDP socket per local IP, the IP of a client call being its injection line's
 * `-ip_field` column. As in SIPp 3.6.1 (observed on loopback): the SIP-port socket is bound to
 * the first line's IP and serves that IP; each other IP gets a socket bound to it on the same
 * port, opened by the first call from it and kept until the run ends. `[local_ip]` stays the
 * `-i` address, as in SIPp: a scenario puts the call's IP in its headers with `[fieldN]`.
 */
import { GossipperError } from '../errors.ts';
import type { InjectionSet } from '../injection/index.ts';
import type { Transport } from '../transport/index.ts';
import { CallSocketLease } from './call-socket-pool.ts';

export class PerIpSockets {
  private readonly byIp = new Map<string, Promise<Transport>>();

  constructor(
    /** Opens the socket of `ip` on the SIP port. */
    private readonly openOn: (ip: string) => Promise<Transport>,
    private readonly main: Transport,
    mainIp: string,
  ) {
    this.byIp.set(mainIp, Promise.resolve(main));
  }

  /**
   * The socket of `ip`, as a lease whose close() keeps it open (the engine closes a call's own
   * socket when the call ends; these outlive their calls). The SIP-port socket itself is
   * returned as is: the engine never closes its main transport.
   */
  async socketFor(ip: string | undefined): Promise<Transport> {
    if (ip === undefined || ip === '') {
      throw new GossipperError(
        'CONFIG_INVALID',
        "-t ui: the call's injection line has no local IP in its -ip_field column",
      );
    }
    let opening = this.byIp.get(ip);
    if (opening === undefined) {
      opening = this.openOn(ip);
      this.byIp.set(ip, opening);
      // A failed bind is not remembered: the next call from that IP tries again.
      opening.catch(() => this.byIp.delete(ip));
    }
    const socket = await opening;
    return socket === this.main ? socket : new CallSocketLease(socket, () => {});
  }
}

export interface PerIpChoice {
  /** The first line's IP: the SIP-port socket binds to it. */
  firstIp: string;
  /** Every IP of the file, in order: an answering run listens on each (SIPp's server sockets). */
  ips: readonly string[];
  ipOf(injectionLines: Int32Array | null): string | undefined;
}

/** Where `-t ui` reads each call's IP: the first injection file's `-ip_field` column. */
export function perIpChoice(injection: InjectionSet | undefined, ipField: number): PerIpChoice {
  const file = injection?.files[0];
  const firstIp = file?.field(0, ipField);
  if (file === undefined || firstIp === undefined || firstIp === '') {
    throw new GossipperError(
      'CONFIG_INVALID',
      `-t ui needs an injection file (-inf) whose field ${ipField} (-ip_field) holds each call's local IP`,
      'e.g. a line "127.0.0.2;alice" with -ip_field 0',
    );
  }
  const ips = new Set<string>();
  for (let line = 0; line < file.lineCount; line++) {
    const ip = file.field(line, ipField);
    if (ip !== undefined && ip !== '') ips.add(ip);
  }
  return {
    firstIp,
    ips: [...ips],
    ipOf: (lines) =>
      lines === null || lines.length === 0 ? undefined : file.field(lines[0], ipField),
  };
}
