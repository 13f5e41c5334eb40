/** The IP addresses HEP packets carry, as the wire had them. */

/** `::ffff:1.2.3.4` (a dual-stack socket's view of an IPv4 peer) as `1.2.3.4`; no brackets. */
export function plainIp(address: string): string {
  let ip = address;
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  return ip;
}

/**
 * Our address on a socket: its bound one, or for a wildcard (or unknown) bind the address the
 * kernel would use to reach `peer`: loopback for a loopback peer, else `fallback` (the run's
 * local IP).
 */
export function ourIp(bound: string, peer: string, fallback: string): string {
  const ip = plainIp(bound);
  if (ip !== '' && ip !== '0.0.0.0' && ip !== '::') return ip;
  const other = plainIp(peer);
  if (other.startsWith('127.')) return '127.0.0.1';
  if (other === '::1') return '::1';
  return fallback;
}
