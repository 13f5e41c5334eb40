/**
 * Resolving where a run talks: the remote (once, at start, like SIPp's "Resolving remote
 * host..."), the local IP for `[local_ip]`, and the bind address family.
 */
import { isIP } from 'node:net';
import os from 'node:os';
import { GossipperError } from '../errors.ts';
import type { HostPort } from '../config/run-config.ts';

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
    throw new GossipperError('REMOTE_UNRESOLVABLE', `cannot resolve remote host "${hp.host}" (${code})`,
      'check the name, or give an IP address');
  }
}

/** SIPp uses the host's own address when -i is absent; loopback when that is all there is. */
export function defaultLocalIp(family: 4 | 6, remoteIp?: string): string {
  if (remoteIp !== undefined && (remoteIp.startsWith('127.') || remoteIp === '::1')) return remoteIp === '::1' ? '::1' : '127.0.0.1';
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (!a.internal && a.family === (family === 6 ? 'IPv6' : 'IPv4') && !a.address.startsWith('fe80')) return a.address;
    }
  }
  return family === 6 ? '::1' : '127.0.0.1';
}

/** `[remote_ip]`/`[local_ip]` put IPv6 in brackets, as SIPp does. */
export function bracketed(ip: string): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
}
