/**
 * Command lines for the two implementations, built from the same load description so both do
 * the same work: SIPp's built-in `uac`/`uas` scenarios on loopback. SIPp gets `-buff_size 4 MiB`
 * (the kernel doubles it to 8 MiB, Gossipper's default) so socket buffers are equal.
 */
export type Impl = 'gossipper' | 'sipp';
export type SipTransport = 'u1' | 't1' | 'l1' | 'w1' | 'wss1';

export const IMPLS: readonly Impl[] = ['gossipper', 'sipp'];
export const LOOPBACK = '127.0.0.1';
export const SIPP_BUFF_BYTES = 4194304;

export interface Load {
  calls: number;
  /** Calls per second (`-r` with the default 1 s `-rp`). */
  rate: number;
  transport: SipTransport;
  /** `-d`: length of the built-in uac's pause, i.e. how long each call stays up. */
  callMs?: number;
  /** `-l`: simultaneous call limit, when the default (3 × rate × length) is too low. */
  limit?: number;
}

export interface Command {
  command: string;
  args: string[];
}

export interface Binaries {
  /** The built launcher, dist/gossipper (starts node from the snapshot with the right flags). */
  gossipperBin: string;
  sipp: string;
}

function base(impl: Impl, bin: Binaries): Command {
  return impl === 'gossipper'
    ? // The bin itself, as users run `gossipper`: the launcher carries the V8 flags it wants.
      { command: bin.gossipperBin, args: [] }
    : { command: bin.sipp, args: [] };
}

function common(impl: Impl, transport: SipTransport, localPort: number): string[] {
  const args = ['-p', String(localPort), '-i', LOOPBACK, '-nostdin', '-t', transport];
  if (impl === 'sipp') args.push('-buff_size', String(SIPP_BUFF_BYTES));
  return args;
}

/** `-sn uac <peer> -m N -r R [-d D] [-l L] ...` plus any extra flags (e.g. SIPp's -trace_rtt). */
export function uacCommand(
  impl: Impl,
  bin: Binaries,
  load: Load,
  localPort: number,
  peerPort: number,
  extra: string[] = [],
): Command {
  const c = base(impl, bin);
  c.args.push(
    '-sn',
    'uac',
    `${LOOPBACK}:${peerPort}`,
    '-m',
    String(load.calls),
    '-r',
    String(load.rate),
  );
  if (load.callMs !== undefined) c.args.push('-d', String(load.callMs));
  if (load.limit !== undefined) c.args.push('-l', String(load.limit));
  c.args.push(...common(impl, load.transport, localPort), ...extra);
  return c;
}

/** `-sn uas -m N ...`: exits by itself once N calls are done (after the built-in 4 s timewait). */
export function uasCommand(impl: Impl, bin: Binaries, load: Load, localPort: number): Command {
  const c = base(impl, bin);
  c.args.push('-sn', 'uas', '-m', String(load.calls));
  if (load.limit !== undefined) c.args.push('-l', String(load.limit));
  c.args.push(...common(impl, load.transport, localPort));
  return c;
}

/**
 * `-sn uas` without -m: runs until interrupted. For a UAS under a flood, where every request
 * with a new Call-ID starts a call, so -m would count the flood too.
 */
export function openUasCommand(
  impl: Impl,
  bin: Binaries,
  transport: SipTransport,
  localPort: number,
): Command {
  const c = base(impl, bin);
  c.args.push('-sn', 'uas', ...common(impl, transport, localPort));
  return c;
}

/** Whether an implementation can run this transport at all (both run u1 and t1; SIPp no TLS). */
export function supportsTransport(impl: Impl, transport: SipTransport): boolean {
  return transport === 'u1' || transport === 't1' || impl === 'gossipper';
}
