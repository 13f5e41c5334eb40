/**
 * Captured addresses to SIPp keywords. In one party's scenario its own SIP address is
 * `[local_ip]:[local_port]` and the other's `[remote_ip]:[remote_port]`. An address with a port
 * is told apart by the port, so a loopback capture (one IP for both) still templates right; a
 * bare IP that both parties share goes to the side the header names (`prefer`).
 */
import type { Endpoint } from './capture-messages.ts';

export type AddressSide = 'local' | 'remote';

export interface SipAddresses {
  readonly local: Endpoint;
  readonly remote: Endpoint;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function templateAddresses(text: string, a: SipAddresses, prefer: AddressSide): string {
  const ips = [...new Set([a.local.address, a.remote.address])];
  const alternatives = ips.map((ip) =>
    ip.includes(':') ? `\\[(${escapeRegExp(ip)})\\]` : `(?<![\\d.])(${escapeRegExp(ip)})(?![\\d])`,
  );
  const pattern = new RegExp(`(?:${alternatives.join('|')})(?::(\\d+))?`, 'g');
  return text.replace(pattern, (...groups: unknown[]) => {
    const ip = groups.slice(1, 1 + ips.length).find((g) => g !== undefined) as string;
    const portText = groups[1 + ips.length] as string | undefined;
    const port = portText === undefined ? undefined : Number(portText);
    const sides = (['local', 'remote'] as const).filter((s) => a[s].address === ip);
    const exact = port === undefined ? undefined : sides.find((s) => a[s].port === port);
    const side = exact ?? (sides.includes(prefer) ? prefer : sides[0]);
    if (exact !== undefined) return `[${side}_ip]:[${side}_port]`;
    return port === undefined ? `[${side}_ip]` : `[${side}_ip]:${port}`;
  });
}

/** `;transport=udp` (any case, any of SIP's transports) to `;transport=[transport]`. */
export function templateTransportParam(text: string): string {
  return text.replace(/;transport=(?:udp|tcp|tls|sctp|ws|wss)\b/gi, ';transport=[transport]');
}
