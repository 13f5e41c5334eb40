/**
 * Resolving where a run talks: the remote (once, at start, like SIPp's "Resolving remote
 * host..."), the local IP for `[local_ip]`, and the bind address family.
 */
import { isIP } from 'node:net';
import os from 'node:os';
import { GossipperError } from '../errors.ts';
import type { HostPort, RunConfig } from '../config/index.ts';
import type { RunContext } from '../engine/index.ts';
import type { RemoteAddress } from '../transport/index.ts';

export interface ResolvedRemote {
  host: string;
  ip: string;
  port: number;
  family: 4 | 6;
}

/**
 * `family`, when given, picks that family's address of a name (`localhost` is 127.0.0.1 or ::1
 * depending on the host's resolver order); a literal stays what it is.
 */
export async function resolveRemote(hp: HostPort, family?: 4 | 6): Promise<ResolvedRemote> {
  const literal = isIP(hp.host);
  if (literal) return { host: hp.host, ip: hp.host, port: hp.port, family: literal as 4 | 6 };
  try {
    const r = await lookupName(hp.host, family);
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
export async function resolveLocalIp(
  given: string,
  family?: 4 | 6,
): Promise<{ ip: string; family: 4 | 6 }> {
  const literal = isIP(given);
  if (literal) return { ip: given, family: literal as 4 | 6 };
  let why = 'not an IP address';
  // Only something shaped like a host name is worth a DNS query (999.1.1.1 is not one).
  if (/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(given) && !/^[0-9.]+$/.test(given)) {
    try {
      const r = await lookupName(given, family);
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

/** A name's address of `family` when it has one, else its first (getaddrinfo's order). */
async function lookupName(
  name: string,
  family?: 4 | 6,
): Promise<{ address: string; family: number }> {
  const dns = process.getBuiltinModule('node:dns/promises');
  if (family !== undefined) {
    const all = await dns.lookup(name, { all: true });
    return all.find((a) => a.family === family) ?? all[0];
  }
  return dns.lookup(name);
}

/**
 * Without -i SIPp 3.6.1 takes the address its host name resolves to (gethostname, then
 * getaddrinfo): on a host whose /etc/hosts maps the name to 127.0.0.1 that is loopback, even for a
 * UAS with no remote. Undefined when the name does not resolve in `family`; a loopback remote
 * keeps its shortcut (defaultLocalIp).
 */
async function hostnameIp(family: 4 | 6, remoteIp?: string): Promise<string | undefined> {
  if (remoteIp !== undefined && (remoteIp.startsWith('127.') || remoteIp === '::1')) return;
  try {
    const found = await lookupName(os.hostname(), family);
    return found.family === family ? found.address : undefined;
  } catch {
    return undefined;
  }
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

/**
 * The address keywords' values as a run's calls read them (RunContext). SIPp 3.6.1 brackets an
 * IPv6 `[local_ip]` and `[remote_ip]` but not `[media_ip]`, which goes into SDP (`c=IN IP6 ::1`).
 */
export function addressKeywordValues(
  localIp: string,
  mediaIp: string,
  remote: ResolvedRemote | undefined,
): Pick<RunContext, 'remoteIp' | 'localIp' | 'localIpType' | 'mediaIp' | 'mediaIpType'> {
  return {
    remoteIp: remote ? bracketed(remote.ip) : '',
    localIp: bracketed(localIp),
    localIpType: localIp.includes(':') ? 6 : 4,
    mediaIp,
    mediaIpType: mediaIp.includes(':') ? 6 : 4,
  };
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
  let remote = remoteHp ? await resolveRemote(remoteHp) : undefined;
  const given =
    c.localIp === undefined ? undefined : await resolveLocalIp(c.localIp, remote?.family);
  // A remote name with addresses of both families (localhost) takes -i's, where SIPp would stop.
  if (remoteHp && remote && given && given.family !== remote.family)
    remote = await resolveRemote(remoteHp, given.family);
  const sendTo = c.remoteSendAddress
    ? await resolveRemote(c.remoteSendAddress, remote?.family)
    : remote;
  // SIPp 3.6.1 ends such a run with "Network family mismatch for local and remote IP" (255).
  if (given && remote && given.family !== remote.family) {
    throw new GossipperError(
      'LOCAL_IP_INVALID',
      `Network family mismatch for local and remote IP: -i ${given.ip} is IPv${given.family} ` +
        `but the remote ${remote.ip} is IPv${remote.family}`,
      'give -i an address of the same family as the remote host',
    );
  }
  const family: 4 | 6 = remote?.family ?? given?.family ?? 4;
  // One socket family per run, taken from the remote host: -rsa must be reachable from it.
  if (remote && sendTo && sendTo.family !== remote.family) {
    throw new GossipperError(
      'LOCAL_IP_INVALID',
      `Network family mismatch: -rsa ${sendTo.ip} is IPv${sendTo.family} but the remote ` +
        `${remote.ip} is IPv${remote.family}`,
      'give -rsa and the remote host addresses of one family',
    );
  }
  return {
    remote,
    sendTo: sendTo ? { address: sendTo.ip, port: sendTo.port } : undefined,
    localIp:
      given?.ip ?? (await hostnameIp(family, remote?.ip)) ?? defaultLocalIp(family, remote?.ip),
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
