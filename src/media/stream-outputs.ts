/**
 * Where a call's streams send: its local port for the kind of media (a per-call
 * `[auto_media_port]` block bound on first use), the peer's port from its SDP, and SRTP
 * protection. Made once per started stream, never per packet.
 */
import { GossipperError } from '../errors.ts';
import type { MediaCall } from '../engine/index.ts';
import type { Transport } from '../transport/index.ts';
import { PortOutput, type CallMedia, type SendTally } from './call-media.ts';
import type { CallLookup } from './call-lookup.ts';
import { localMediaPort, type MediaKind } from './media-plan.ts';
import type { MediaSessionDeps } from './media-session-deps.ts';
import type { RtcpReporter } from './rtcp-reporter.ts';
import type { SrtpMedia } from './srtp-media.ts';

export type StreamOutputsDeps = Pick<MediaSessionDeps, 'plan' | 'ports' | 'mediaPort' | 'pacing'>;

export class StreamOutputs {
  constructor(
    private readonly deps: StreamOutputsDeps,
    private readonly calls: CallLookup,
    private readonly srtp: SrtpMedia,
    private readonly rtcp: RtcpReporter,
    private readonly socketAt: (port: number) => Transport | undefined,
    /** Shared with the session, which adds what was sent to the run's statistics per tick. */
    private readonly tally: SendTally,
  ) {}

  /** Where a call's `kind` media goes; throws when the peer named none or a port is not free. */
  output(call: MediaCall, state: CallMedia, kind: MediaKind): PortOutput {
    const remote = state.remote;
    const remotePort =
      remote === null
        ? 0
        : kind === 'audio'
          ? remote.audioPort
          : kind === 'video'
            ? remote.videoPort
            : remote.imagePort;
    if (remote === null || remotePort === 0) {
      throw new GossipperError(
        'MEDIA_INVALID',
        remote === null
          ? 'no SDP with media received yet (the remote media address comes from the last SDP the call received)'
          : `the last SDP received has no m=${kind} line (or its port is 0)`,
      );
    }
    const localPort = this.ownPort(call, state, kind);
    if (kind === 'audio') this.rtcp.track(state, localPort, state.cname);
    const socket = this.socketAt(localPort);
    const protect = this.srtp.protectFor(
      state,
      socket !== undefined && 'io' in socket && socket.io === 'batched',
      kind,
    );
    return new PortOutput(
      this.socketAt,
      localPort,
      remote.address,
      remotePort,
      this.tally,
      state,
      kind === 'audio',
      protect,
      this.deps.pacing ?? null,
    );
  }

  /** The call's local port for `kind`, its RTP and RTCP sockets bound (per-call ones now). */
  ownPort(call: MediaCall, state: CallMedia, kind: MediaKind): number {
    const { plan, ports, mediaPort } = this.deps;
    const port = localMediaPort(plan, kind, mediaPort, call.callNumber);
    if (!plan[kind].perCall || state.claimedPorts.includes(port)) return port;
    for (const [p, isRtcp] of [
      [port, false],
      [port + 1, true],
    ] as const) {
      this.calls.claimPort(state, p);
      if (ports.get(p) !== undefined) continue;
      try {
        if (ports.bindNow(p, isRtcp) === null) void ports.bind(p, isRtcp).catch(() => undefined);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new GossipperError(
          'BIND_FAILED',
          `[auto_media_port] ${p}: ${why} (port range exhausted?)`,
        );
      }
      state.ownPorts.push(p);
    }
    return port;
  }

  /** Whether the call's audio socket copies on send (batched does): streams may reuse a buffer. */
  isBatched(call: MediaCall): boolean {
    const local = this.deps.ports.get(
      localMediaPort(this.deps.plan, 'audio', this.deps.mediaPort, call.callNumber),
    );
    return local !== undefined && 'io' in local && local.io === 'batched';
  }

  /** The call ended: the per-call sockets it bound close. */
  releasePorts(state: CallMedia): void {
    for (const port of state.ownPorts) void this.deps.ports.release(port);
  }
}
