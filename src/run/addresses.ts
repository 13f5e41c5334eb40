/**
 * Resolving where a run talks: the remote (once, at start, like SIPp's "Resolving remote
 * host..."), the local IP for `[local_ip]`, and the bind address family.
 */
import { isIP } from 'node:net';
import os from 'node:os';
import { GossipperError } from '../errors.ts';
import type { HostPort, RunConfig } from '../config/index.ts';
import type { RemoteAddress } from '../transport/index.ts';

export interface ResolvedRemote {
  host: string;
  ip: string;
  port: number;
  family: 4 | 6;
}

export async function resolveRemote(hp: HostPort): Promise<ResolvedRemote> {
  const literal = isIP(hp.host);
  if (literal) return { host: hp.host, ip: hp.host, port: hp.port, family: literal as 4 | 6 };
  try {
    const r = await process.getBuiltinModule('node:dns/promises').lookup(hp.host);
    return { host: hp.host, ip: r.address, port: hp.port, family: r.family as 4 | 6 };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new GossipperError(
      'REMOTE_UNRESOLVABLE',
      `cannot resolve remote host "${hp.host}" (${code})`,
      'check the name, or give an IP address',
    );
  }
}

/**
 * `-i`: an IP address as given, or a name resolved once, as SIPp does with getaddrinfo. Anything
 * else ends the run before a socket opens (SIPp 3.6.1: "Can't get local IP address", exit 255);
 * it used to go on the wire in Via, From, Contact and Call-ID while the run exited 0.
 */
export async function resolveLocalIp(given: string): Promise<{ ip: string; family: 4 | 6 }> {
  const literal = isIP(given);
  if (literal) return { ip: given, family: literal as 4 | 6 };
  let why = 'not an IP address';
  // Only something shaped like a host name is worth a DNS query (999.1.1.1 is not one).
  if (/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(given) && !/^[0-9.]+$/.test(given)) {
    try {
      const r = await process.getBuiltinModule('node:dns/promises').lookup(given);
      return { ip: r.address, family: r.family as 4 | 6 };
    } catch (err) {
      why = `not an IP address, and the name does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    }
  }
  throw new GossipperError(
    'LOCAL_IP_INVALID',
    `Can't get local IP address: -i "${given}" is ${why}`,
    'give -i an address of this host, e.g. -i 127.0.0.1 or -i ::1',
  );
}

/** SIPp uses the host's own address when -i is absent; loopback when that is all there is. */
export function defaultLocalIp(family: 4 | 6, remoteIp?: string): string {
  if (remoteIp !== undefined && (remoteIp.startsWith('127.') || remoteIp === '::1'))
    return remoteIp === '::1' ? '::1' : '127.0.0.1';
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (
        !a.internal &&
        a.family === (family === 6 ? 'IPv6' : 'IPv4') &&
        !a.address.startsWith('fe80')
      )
        return a.address;
    }
  }
  return family === 6 ? '::1' : '127.0.0.1';
}

/** `[remote_ip]`/`[local_ip]` put IPv6 in brackets, as SIPp does. */
export function bracketed(ip: string): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
}

/** Where a run talks, resolved once at start. */
export interface RunAddresses {
  /** The remote host, as the scenario's `[remote_*]` keywords see it. */
  readonly remote?: ResolvedRemote;
  /** Where client calls are sent: `-rsa`, else the remote; undefined for a server without one. */
  readonly sendTo?: RemoteAddress;
  /** `[local_ip]`: `-i`, else the host's own address (loopback for a loopback remote). */
  readonly localIp: string;
  /** `-i` as an address: every socket binds to it; undefined = every interface. */
  readonly bindIp?: string;
  readonly family: 4 | 6;
}

/** Resolves the remote, `-rsa` and `-i` (in SIPp's order), and refuses mixed families. */
export async function resolveRunAddresses(
  c: Pick<RunConfig, 'remote' | 'remoteSendAddress' | 'localIp'>,
): Promise<RunAddresses> {
  const remoteHp = c.remote ?? c.remoteSendAddress;
  const remote = remoteHp ? await resolveRemote(remoteHp) : undefined;
  const sendTo = c.remoteSendAddress ? await resolveRemote(c.remoteSendAddress) : remote;
  const given = c.localIp === undefined ? undefined : await resolveLocalIp(c.localIp);
  if (given && remote && given.family !== remote.family) {
    throw new GossipperError(
      'LOCAL_IP_INVALID',
      `-i ${given.ip} is IPv${given.family} but the remote ${remote.ip} is IPv${remote.family}`,
      'give -i an address of the same family as the remote host',
    );
  }
  const family: 4 | 6 = remote?.family ?? given?.family ?? 4;
  return {
    remote,
    sendTo: sendTo ? { address: sendTo.ip, port: sendTo.port } : undefined,
    localIp: given?.ip ?? defaultLocalIp(family, remote?.ip),
    bindIp: given?.ip,
    family,
  };
}

/**
 * `[remote_port]` and the default auth uri's port. Without a remote host (a UAS run) SIPp 3.6.1
 * keeps its built-in 5060, even with -rsa (observed), while `[remote_ip]` is empty.
 */
export function remoteKeywordPort(remote: ResolvedRemote | undefined): number {
  return remote?.port ?? 5060;
}
