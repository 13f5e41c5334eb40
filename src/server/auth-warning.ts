/**
 * What the server says at start when the API has no authentication: a warning on loopback (any
 * local user can drive the engine), a boxed one when bound beyond it (anyone who reaches the
 * port can change the load and write the scenario file).
 */
import type { HostPort } from '../config/index.ts';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** `who` starts the loopback line: `gossipper server`, or `gossipper` beside a one-shot run. */
export function authWarning(addr: HostPort, who = 'gossipper server'): string {
  const where = `${addr.host}:${addr.port}`;
  if (isLoopback(addr.host)) {
    return (
      `${who}: WARNING: the HTTP API on ${where} has no authentication; any local ` +
      'user can control it (set -api_token)\n'
    );
  }
  const bar = '*'.repeat(78);
  return [
    bar,
    `*** WARNING: the HTTP API listens on ${where}, beyond loopback, WITHOUT AUTHENTICATION.`,
    '*** Anyone who can reach this port can change the load, pause the engine and',
    '*** overwrite its scenario file. Set -api_token <secret>, or -api_addr 127.0.0.1:<port>.',
    bar,
    '',
  ].join('\n');
}
