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

/** A port free on ::1 for both UDP and TCP right now, outside the ephemeral range. */
export async function freeV6Port(): Promise<number> {
  const { freePortOn } = await import('./processes.ts');
  return freePortOn('::1');
}
