/**
 * A network namespace of the test's own, for peers that need a non-loopback address: baresip's
 * ICE gathers host candidates on non-loopback interfaces only, and a test may send only to
 * loopback or into a namespace it made itself. The namespace has its loopback up and one veth
 * pair whose end v0 carries 198.51.100.1/24 (TEST-NET-2, RFC 5737); both ends are inside, so no
 * packet leaves it. Processes run in it through `ip netns exec` (their PID is the peer's own: ip
 * execs into it), and the test ends them by PID before it deletes the namespace.
 */
import { spawnSync } from 'node:child_process';
import { readlinkSync, statSync } from 'node:fs';
import { startPeer, udpPortsInTable, type Peer } from './processes.ts';

/** The one non-loopback address inside the namespace. */
export const NETNS_IP = '198.51.100.1';

function runIp(args: string[]): string | null {
  const got = spawnSync('ip', args, { encoding: 'utf8' });
  if (got.error !== undefined) return got.error.message;
  return got.status === 0 ? null : (got.stderr || `exit ${got.status}`).trim();
}

export class TestNetns {
  private isRemoved = false;

  private constructor(readonly name: string) {}

  /** Makes the namespace (throws with ip's words when refused). */
  static create(tag: string): TestNetns {
    const ns = new TestNetns(`gossipper-${tag}-${process.pid}`);
    const steps = [
      ['netns', 'add', ns.name],
      ['-n', ns.name, 'link', 'set', 'lo', 'up'],
      ['-n', ns.name, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'],
      ['-n', ns.name, 'addr', 'add', `${NETNS_IP}/24`, 'dev', 'v0'],
      ['-n', ns.name, 'link', 'set', 'v0', 'up'],
      ['-n', ns.name, 'link', 'set', 'v1', 'up'],
    ];
    for (const step of steps) {
      const failed = runIp(step);
      if (failed !== null) {
        if (step !== steps[0]) ns.remove();
        throw new Error(`ip ${step.join(' ')}: ${failed}`);
      }
    }
    return ns;
  }

  /** `cmd args` started inside the namespace. */
  start(cmd: string, args: string[], cwd?: string): Peer {
    return startPeer('ip', ['netns', 'exec', this.name, cmd, ...args], cwd);
  }

  /**
   * Resolves once `peer` (started by start()) has UDP `port` bound inside the namespace: its
   * /proc/PID/net/udp is read once PID is in the namespace (before that it is ip, still outside).
   */
  async waitForUdpListener(port: number, peer: Peer, timeoutMs = 10_000): Promise<void> {
    const pid = peer.child.pid ?? -1;
    const inode = `net:[${statSync(`/run/netns/${this.name}`).ino}]`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (isIn(pid, inode) && udpPortsInTable(`/proc/${pid}/net/udp`)?.has(port) === true) return;
      if (peer.child.exitCode !== null)
        throw new Error(
          `exited with ${peer.child.exitCode} before binding UDP ${port}\n${peer.stdout().slice(-2000)}\n${peer.stderr().slice(-2000)}`,
        );
      if (Date.now() > deadline)
        throw new Error(`nothing bound UDP ${port} in ${this.name} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Deletes the namespace (its veth pair goes with it); end its processes first. */
  remove(): void {
    if (this.isRemoved) return;
    this.isRemoved = true;
    runIp(['netns', 'del', this.name]);
  }
}

/**
 * `skip` option for node:test: whether a namespace can be made here (root and iproute2; a probe
 * namespace is made and deleted). Skips locally with a loud reason; throws under CI=true.
 */
export function netnsRequirement(): string | false {
  let why: string;
  try {
    TestNetns.create('probe').remove();
    return false;
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
  }
  if (process.env.CI === 'true')
    throw new Error(
      `a network namespace is required in CI (root, apt-get install -y iproute2): ${why}`,
    );
  const skip = `cannot make a network namespace (${why}): DTLS interop test NOT RUN`;
  process.stderr.write(`\n!!! ${skip}\n`);
  return skip;
}

function isIn(pid: number, inode: string): boolean {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`) === inode;
  } catch {
    return false;
  }
}
