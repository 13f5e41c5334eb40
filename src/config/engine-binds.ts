/**
 * Several engines in one process (composite configs, dynamic clients) each bind their own SIP
 * socket: two asking for the same one would fail at start with a bare EADDRINUSE, or, with
 * SO_REUSEPORT-like sharing, split one engine's traffic into another. Refused up front instead,
 * naming both engines. Port 0 and an unset -p (first free port) never collide.
 */
import type { RunConfig } from './run-config.ts';
import { profileError } from './profile-keys.ts';

export interface EngineBind {
  readonly id: string;
  /** Names it in the error; default its id. */
  readonly where?: string;
  readonly config: RunConfig;
}

/** UDP and TCP-based transports have separate port spaces. */
function portSpace(config: RunConfig): string {
  return config.transport.protocol === 'udp' ? 'udp' : 'tcp';
}

function isWildcard(ip: string | undefined): boolean {
  return ip === undefined || ip === '0.0.0.0' || ip === '::';
}

/** Throws naming the second of two engines that would bind the same SIP address. */
export function assertDistinctBinds(engines: readonly EngineBind[]): void {
  const bound: EngineBind[] = [];
  for (const e of engines) {
    const port = e.config.localPort;
    if (port === undefined || port === 0) continue;
    const clash = bound.find(
      (b) =>
        b.config.localPort === port &&
        portSpace(b.config) === portSpace(e.config) &&
        (isWildcard(b.config.localIp) ||
          isWildcard(e.config.localIp) ||
          b.config.localIp === e.config.localIp),
    );
    if (clash !== undefined) {
      const ip = e.config.localIp ?? '*';
      throw profileError(
        e.where ?? `engine "${e.id}"`,
        `SIP bind ${portSpace(e.config)} ${ip}:${port} is already engine "${clash.id}"'s ` +
          '(each engine needs its own local_ip/local_port)',
      );
    }
    bound.push(e);
  }
}
