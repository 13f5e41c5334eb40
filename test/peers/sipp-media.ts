/**
 * SIPp as the media peer of an interop test, on loopback: a `-sn uas` echoing RTP (`-rtp_echo`),
 * or a UAC placing one scenario's calls (`-sn <name>` or `-sf <file>`) with its media block at
 * `-mp`. Both are started as users start them; the caller ends them by PID.
 */
import { startSipp, waitForUdpListener, type Peer } from './processes.ts';

/** `sipp -sn uas -rtp_echo` on `sipPort` with media at `mediaPort`, once its SIP port is bound. */
export async function startSippEchoUas(
  sipPort: number,
  mediaPort: number,
  calls: number,
): Promise<Peer> {
  const sipp = startSipp([
    ...['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sipPort)],
    ...['-mp', String(mediaPort), '-rtp_echo', '-m', String(calls), '-nostdin'],
  ]);
  await waitForUdpListener(sipPort, sipp);
  return sipp;
}

/** A SIPp UAC (`scenario`: `['-sn', name]` or `['-sf', file]`) placing one call to `sipPort`. */
export function startSippMediaUac(
  scenario: readonly string[],
  sipPort: number,
  mediaPort: number,
  cwd: string,
): Peer {
  return startSipp(
    [
      ...scenario,
      `127.0.0.1:${sipPort}`,
      ...['-i', '127.0.0.1', '-mp', String(mediaPort), '-m', '1', '-nostdin'],
    ],
    cwd,
  );
}
