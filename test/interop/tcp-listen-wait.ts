/**
 * Waiting for a peer's TCP listener without connecting to it (a probe connection would be a
 * call-less connection the peer sees open and close). Reads /proc/net/tcp{,6} for a socket in
 * LISTEN state on the port. Belongs next to waitForUdpListener in test/peers/processes.ts.
 */
import { readFileSync } from 'node:fs';
import type { Peer } from '../peers/processes.ts';

/** st 0A = TCP_LISTEN in /proc/net/tcp. */
const LISTEN = '0A';

function listeningPorts(file: string): Set<number> {
  try {
    const rows = readFileSync(file, 'utf8').split('\n').slice(1);
    const ports = new Set<number>();
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      if (cols.length > 3 && cols[3] === LISTEN) ports.add(parseInt(cols[1].split(':')[1], 16));
    }
    return ports;
  } catch {
    return new Set();
  }
}

export async function waitForTcpListener(
  port: number,
  peer: Peer,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (listeningPorts('/proc/net/tcp').has(port) || listeningPorts('/proc/net/tcp6').has(port))
      return;
    if (peer.child.exitCode !== null) {
      throw new Error(
        `peer exited with ${peer.child.exitCode} before listening on TCP ${port}\nstdout:\n${peer.stdout().slice(-2000)}\nstderr:\n${peer.stderr().slice(-2000)}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`nothing listened on TCP ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP port free on loopback right now, drawn outside the ephemeral range (see freeUdpPort). */
export async function freeTcpPort(): Promise<number> {
  const { freeUdpPort } = await import('../peers/processes.ts');
  return freeUdpPort();
}
