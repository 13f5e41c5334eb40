/**
 * IPv6 loopback for interop tests: whether this host has ::1 (a test needing it fails under
 * CI=true without it and skips loudly otherwise, as with SIPp), and free ports on ::1.
 */
import { readFileSync } from 'node:fs';
import { sippRequirement } from './processes.ts';

/** True when the loopback interface carries ::1 (/proc/net/if_inet6 lists it). */
export function haveIpv6Loopback(): boolean {
  try {
    return /^0{31}1 /m.test(readFileSync('/proc/net/if_inet6', 'latin1'));
  } catch {
    return false;
  }
}

/** `skip` option for node:test: SIPp and ::1, or a loud skip locally, a failure under CI. */
export function ipv6SippRequirement(): string | false {
  return sippRequirement() || ipv6Requirement();
}

/** `skip` option for node:test: ::1, or a loud skip locally, a failure under CI. */
export function ipv6Requirement(): string | false {
  if (haveIpv6Loopback()) return false;
  if (process.env.CI === 'true') throw new Error('IPv6 loopback ::1 is required in CI but absent');
  const why = 'no IPv6 loopback (::1 missing from /proc/net/if_inet6): IPv6 interop NOT RUN';
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

/**
 * A port free on ::1 for both UDP and TCP right now, drawn from 10000-19999 (below the kernel's
 * ephemeral range, so no other process's bind(0) can take it before the peer binds it).
 */
export async function freeV6Port(): Promise<number> {
  const dgram = await import('node:dgram');
  const net = await import('node:net');
  const udpFree = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const s = dgram.createSocket('udp6');
      s.once('error', () => resolve(false));
      s.bind(port, '::1', () => s.close(() => resolve(true)));
    });
  const tcpFree = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '::1', () => server.close(() => resolve(true)));
    });
  for (let tries = 0; tries < 200; tries++) {
    const port = 10000 + Math.floor(Math.random() * 10000);
    if ((await udpFree(port)) && (await tcpFree(port))) return port;
  }
  throw new Error('no free port on ::1 between 10000 and 20000');
}
