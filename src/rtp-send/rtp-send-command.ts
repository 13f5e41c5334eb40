/**
 * `gossipper -rtp_send`: one RTP stream to an address, no SIP (reference §B16.11). Its own
 * front-end: it builds its own config, opens its sockets through src/transport/ (batched
 * native I/O when built), paces the stream with the media StreamScheduler on the same kind of
 * ticker a run uses, prints a start line and a summary line, and ends at the duration or on
 * SIGINT/SIGTERM (the summary still printed). Loaded by main.ts only when the flag is given.
 */
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { EXIT_OK } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { StreamScheduler, pacerPacing } from '../media/index.ts';
import type { StreamPacing } from '../media/index.ts';
import { SYSTEM_WALL_CLOCK, nowMs } from '../platform/index.ts';
import { startSystemTicker } from '../run/index.ts';
import { UdpTransport, hasTimedSend } from '../transport/index.ts';
import type { Transport, TransportHandlers } from '../transport/index.ts';
import { RTP_SEND_HELP, parseRtpSendArgs, type RtpSendConfig } from './rtp-send-flags.ts';
import { RtpSender } from './rtp-sender.ts';
import { toneSecond } from './tone-frames.ts';

export async function runRtpSendCommand(argv: readonly string[], io: Io): Promise<number> {
  const config = parseRtpSendArgs(argv);
  if (config === 'help') {
    io.stdout.write(RTP_SEND_HELP);
    return EXIT_OK;
  }
  const address = await resolve(config.host);
  const family = isIP(address) === 6 ? 6 : 4;
  const handlers: TransportHandlers = {
    onMessage: () => undefined,
    onError: (kind, err) => io.stderr.write(`gossipper: rtp_send: ${kind}: ${err.message}\n`),
  };
  const open = (port: number): Promise<Transport> =>
    UdpTransport.open({
      bindIp: config.bindIp ?? (family === 6 ? '::' : '0.0.0.0'),
      port,
      family,
      handlers,
    });
  const rtp = await open(config.localPort);
  let rtcp: Transport | undefined;
  try {
    if (config.rtcp) rtcp = await open(config.localPort === 0 ? 0 : config.localPort + 1);
    io.stdout.write(`${startLine(config, address, rtp.localAddress.port)}\n`);
    const sender = await stream(config, io, rtp, rtcp, address);
    io.stdout.write(`sent=${sender.packets} octets=${sender.octets} rtcp_sr=${sender.reports}\n`);
  } finally {
    await rtcp?.close();
    await rtp.close();
  }
  return EXIT_OK;
}

function startLine(c: RtpSendConfig, address: string, localPort: number): string {
  const to = address.includes(':') ? `[${address}]:${c.port}` : `${address}:${c.port}`;
  return (
    `rtp_send: ${c.codec.name} pt=${c.payloadType} ${c.frameMs} ms x ${c.channels} ch ` +
    (c.toneHz === undefined ? '' : `${c.toneHz} Hz tone `) +
    `to ${to} from port ${localPort} for ${c.durationMs} ms` +
    (c.rtcp ? `, RTCP SR to port ${c.port + 1}` : '')
  );
}

/** Sends until the duration is over or a signal stops it; resolves with the sender's counts. */
function stream(
  c: RtpSendConfig,
  io: Io,
  rtp: Transport,
  rtcp: Transport | undefined,
  address: string,
): Promise<RtpSender> {
  const rtpTo = { address, port: c.port };
  const rtcpTo = { address, port: c.port + 1 };
  // Packets leave from the addon's pacer thread at their due time, as a call's streams do.
  const pacing = pacerPacing(nowMs);
  const send = (t: Transport, to: typeof rtpTo) => (packet: Buffer, dueMs: number) =>
    sendAt(t, to, packet, dueMs, pacing);
  const sender = new RtpSender({
    codec: c.codec,
    payloadType: c.payloadType,
    frameMs: c.frameMs,
    channels: c.channels,
    startMs: nowMs(),
    durationMs: c.durationMs,
    random: () => randomInt(2 ** 32) / 2 ** 32,
    wallMs: (atMs) => SYSTEM_WALL_CLOCK.nowMs() + (atMs - nowMs()),
    sendRtp: send(rtp, rtpTo),
    sendRtcp: rtcp === undefined ? undefined : send(rtcp, rtcpTo),
    audio: c.toneHz === undefined ? undefined : toneSecond(c.codec, c.toneHz, c.channels),
  });
  const scheduler = new StreamScheduler(pacing?.leadMs ?? 0);
  scheduler.add(sender);
  return new Promise((resolve) => {
    const unsubscribe: Array<() => void> = [];
    let isDone = false;
    let stopped = false;
    const finish = (): void => {
      if (isDone) return;
      isDone = true;
      ticker.stop();
      for (const off of unsubscribe) off();
      // The last packets were handed over up to a lead ahead: closing the socket now would
      // drop them, so the sender resolves once they are due (at once after a signal).
      const lastDueMs = c.durationMs > 0 && !stopped ? sender.lastDueMs : 0;
      const waitMs = Math.max(0, lastDueMs - nowMs()) + (lastDueMs > 0 ? 2 : 0);
      if (waitMs > 0) setTimeout(() => resolve(sender), waitMs);
      else resolve(sender);
    };
    const ticker = startSystemTicker(
      () => {
        const inMs = scheduler.tick(nowMs());
        if (scheduler.size === 0) finish();
        return inMs;
      },
      1,
      { precise: true },
    );
    const stop = (): void => {
      stopped = true;
      finish();
    };
    unsubscribe.push(io.onSignal('SIGINT', stop), io.onSignal('SIGTERM', stop));
  });
}

/** Sends `packet` at `dueMs` through the pacer thread when it can, else now. */
function sendAt(
  t: Transport,
  to: { address: string; port: number },
  packet: Buffer,
  dueMs: number,
  pacing: StreamPacing | null,
): void {
  if (pacing !== null && hasTimedSend(t)) t.sendAt(packet, to, dueMs + pacing.monotonicOffsetMs);
  else t.send(packet, to);
}

/** The host as an address: a literal as it is, a name through the resolver. */
async function resolve(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  const dns = process.getBuiltinModule('node:dns') as typeof import('node:dns');
  return (await dns.promises.lookup(host)).address;
}
