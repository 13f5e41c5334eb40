/**
 * Which call a media datagram is for: calls by their own `[auto_media_port]` ports, by the
 * remote RTP address of their SDP, and by the RFC 3605 `a=rtcp:` address their peer named.
 * Written when SDP arrives, a call claims a port or ends; read per packet by packet-input.ts.
 */
import type { CallMedia } from './call-media.ts';
import type { RtcpAddress } from './sdp-rtcp.ts';

export class CallLookup {
  // The maps are read directly on the packet path (packet-input.ts), so that a datagram costs
  // no call beyond Map.get; they are written only through the methods below.
  /** Calls by their own `[auto_media_port]` ports (RTP and RTCP). */
  readonly byPort = new Map<number, CallMedia>();
  /** Calls by the remote RTP address of their SDP. */
  readonly bySource = new Map<string, CallMedia>();
  /** Calls by the RFC 3605 `a=rtcp:` address their peer's SDP named. */
  readonly byRtcpSource = new Map<string, CallMedia>();

  /** The remote audio address of the call's latest SDP: its RTP from there is the call's. */
  noteRemoteAudio(state: CallMedia, address: string, port: number): void {
    const key = sourceKey(address, port);
    if (state.sourceKey !== '' && this.bySource.get(state.sourceKey) === state)
      this.bySource.delete(state.sourceKey);
    state.sourceKey = key;
    // Several calls may name one remote port (a UAS with one [media_port]): the latest wins.
    this.bySource.set(key, state);
  }

  /** A peer's `a=rtcp:` (or none): where the call's reports go and whose RTCP is the call's. */
  noteRtcpAddress(state: CallMedia, rtcp: RtcpAddress | null, address: string): void {
    if (state.rtcpSourceKey !== '' && this.byRtcpSource.get(state.rtcpSourceKey) === state)
      this.byRtcpSource.delete(state.rtcpSourceKey);
    state.rtcpSourceKey = '';
    state.remoteRtcp = rtcp;
    if (rtcp === null) return;
    state.rtcpSourceKey = sourceKey(rtcp.address !== '' ? rtcp.address : address, rtcp.port);
    this.byRtcpSource.set(state.rtcpSourceKey, state);
  }

  /** What arrives on a call's own port is the call's (call 1's block is the run's block). */
  claimPort(state: CallMedia, port: number): void {
    state.claimedPorts.push(port);
    this.byPort.set(port, state);
  }

  /** The call ended: nothing more is attributed to it (a later call may hold the keys). */
  forget(state: CallMedia): void {
    if (state.sourceKey !== '' && this.bySource.get(state.sourceKey) === state)
      this.bySource.delete(state.sourceKey);
    this.noteRtcpAddress(state, null, '');
    for (const port of state.claimedPorts)
      if (this.byPort.get(port) === state) this.byPort.delete(port);
  }
}

export function sourceKey(address: string, port: number): string {
  return `${address}|${port}`;
}
