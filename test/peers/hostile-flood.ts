/**
 * Sustained hostile traffic at a SIP UAS on 127.0.0.1, for soaks (bench/measure-hostile.ts)
 * rather than the one-shot bursts of hostile-datagrams.ts, whose generators it reuses.
 *
 * UDP: out-of-dialog OPTIONS with a fresh Call-ID each (a UAS that keeps something per unknown
 * Call-ID grows without bound), malformed datagrams and responses to calls nobody made.
 * TCP: slowloris connections holding half-sent headers, connections reset mid-message, and
 * connections announcing a 10^9-byte body that send 1 MiB of it and stay open.
 *
 * Every loop is bounded twice, by a count derived from its rate and by `durationMs`, and an
 * AbortSignal ends it early. Sends are paced on a 10 ms tick against the wall clock, so a stall
 * is caught up, at most one second's worth at a time.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { malformedDatagrams, unknownCallIdResponse } from './hostile-datagrams.ts';
import { optionsRequest } from './options-uas.ts';

const HOST = '127.0.0.1';
const TICK_MS = 10;

export interface UdpFloodPlan {
  optionsPerS: number;
  malformedPerS: number;
  strayPerS: number;
}

export interface UdpFloodCounts {
  options: number;
  malformed: number;
  stray: number;
  sendErrors: number;
  /** Datagrams the target sent back (none is owed; SIPp answers malformed INVITEs it accepts). */
  replies: number;
}

export interface TcpFloodPlan {
  /** Connections that send headers slowly and never finish them. */
  slowConnections: number;
  /** Header bytes each slow connection sends before it holds. */
  slowBytes: number;
  /** Connections per second that send part of a message, then reset (RST). */
  resetsPerS: number;
  /** Connections per second announcing `Content-Length: 1000000000`. */
  hugeLengthPerS: number;
  /** Body bytes each of those sends at most before it gives up. */
  hugeBodyBytes: number;
}

export interface TcpFloodCounts {
  slowOpened: number;
  slowBytesSent: number;
  /** Slow connections the target closed (header limit, timeout) before we did. */
  slowClosedByTarget: number;
  resets: number;
  hugeLength: number;
  hugeBodyBytesSent: number;
  /**
   * Huge-length connections the target closed before the flood ended (a bounded one closes all).
   */
  hugeClosedByTarget: number;
  connectErrors: number;
}

/**
 * How many sends are due after `elapsedMs` at `perS`, given `sent` so far: never past `cap`,
 * and at most one second's worth at once, so a long stall does not turn into one burst.
 */
export function dueSends(perS: number, elapsedMs: number, sent: number, cap: number): number {
  const target = Math.min(cap, Math.floor((perS * elapsedMs) / 1000));
  return Math.max(0, Math.min(target - sent, Math.ceil(perS)));
}

/** Runs `onTick(elapsedMs)` every TICK_MS until `durationMs` passed or `signal` aborts. */
async function paced(
  durationMs: number,
  signal: AbortSignal,
  onTick: (elapsedMs: number) => void,
): Promise<void> {
  const startMs = Date.now();
  while (!signal.aborted) {
    const elapsedMs = Date.now() - startMs;
    if (elapsedMs >= durationMs) return;
    onTick(elapsedMs);
    await sleep(TICK_MS);
  }
}

export async function floodUdp(
  port: number,
  plan: UdpFloodPlan,
  durationMs: number,
  signal: AbortSignal,
): Promise<UdpFloodCounts> {
  const counts: UdpFloodCounts = { options: 0, malformed: 0, stray: 0, sendErrors: 0, replies: 0 };
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => {
    counts.replies++;
  });
  socket.on('error', () => {
    counts.sendErrors++;
  });
  await new Promise<void>((resolve) => socket.bind(0, HOST, () => resolve()));
  const seconds = durationMs / 1000;
  const caps = {
    options: Math.ceil(plan.optionsPerS * seconds),
    malformed: Math.ceil(plan.malformedPerS * seconds),
    stray: Math.ceil(plan.strayPerS * seconds),
  };
  const onSent = (err: Error | null): void => {
    if (err) counts.sendErrors++;
  };
  let malformed = malformedDatagrams(0);
  await paced(durationMs, signal, (elapsedMs) => {
    for (let k = dueSends(plan.optionsPerS, elapsedMs, counts.options, caps.options); k > 0; k--) {
      // A fresh Call-ID each: a new call to a UAS, which starts one per unknown request.
      socket.send(
        Buffer.from(optionsRequest(`flood-${counts.options++}@${HOST}`, port), 'latin1'),
        port,
        HOST,
        onSent,
      );
    }
    for (
      let k = dueSends(plan.malformedPerS, elapsedMs, counts.malformed, caps.malformed);
      k > 0;
      k--
    ) {
      const round = Math.floor(counts.malformed / malformed.length);
      if (counts.malformed % malformed.length === 0) malformed = malformedDatagrams(round);
      socket.send(malformed[counts.malformed++ % malformed.length].bytes, port, HOST, onSent);
    }
    for (let k = dueSends(plan.strayPerS, elapsedMs, counts.stray, caps.stray); k > 0; k--) {
      socket.send(unknownCallIdResponse(counts.stray++), port, HOST, onSent);
    }
  });
  // Let the last sends leave before the socket closes.
  await sleep(50);
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return counts;
}

function inviteHead(tag: string, targetPort: number, contentLength: number): string {
  return [
    `INVITE sip:service@${HOST}:${targetPort} SIP/2.0`,
    `Via: SIP/2.0/TCP ${HOST}:9;branch=z9hG4bK-${tag}`,
    `From: <sip:flood@${HOST}>;tag=${tag}`,
    `To: <sip:service@${HOST}:${targetPort}>`,
    `Call-ID: ${tag}@${HOST}`,
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    `Content-Length: ${contentLength}`,
    '',
    '',
  ].join('\r\n');
}

/** Connects to the target; resolves undefined (and counts it) when the connection fails. */
function connect(port: number, counts: TcpFloodCounts): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.off('error', onError);
      socket.on('error', () => undefined);
      resolve(socket);
    });
    const onError = (): void => {
      counts.connectErrors++;
      socket.destroy();
      resolve(undefined);
    };
    socket.once('error', onError);
  });
}

/** A header line of about `bytes` bytes, CRLF included; never the blank line that ends headers. */
function padLine(n: number, bytes: number): string {
  const name = `X-Slow-${n}: `;
  return `${name}${'s'.repeat(Math.max(1, bytes - name.length - 2))}\r\n`;
}

/** A connection kept open until the flood ends: what it sent, and whether the target closed it. */
class HeldConnection {
  sentBytes = 0;
  private isClosedByUs = false;

  constructor(
    readonly socket: net.Socket,
    onClosedByTarget: () => void,
  ) {
    socket.once('close', () => {
      if (!this.isClosedByUs) onClosedByTarget();
    });
  }

  close(): void {
    this.isClosedByUs = true;
    this.socket.destroy();
  }
}

const SLOW_CHUNK_BYTES = 1024;
const SLOW_OPEN_SHARE = 0.1;
const SLOW_RAMP_SHARE = 0.4;

/**
 * Opens the slow connections over the first tenth of the run and trickles each one's headers
 * over its first 40%, about 1 KiB at a time, then holds them open until the end: a soak reads
 * its plateau in the second half, when every slow connection holds all it will.
 */
async function slowloris(
  port: number,
  plan: TcpFloodPlan,
  durationMs: number,
  signal: AbortSignal,
  counts: TcpFloodCounts,
): Promise<void> {
  const open: HeldConnection[] = [];
  let isOver = false;
  const opensPerS = plan.slowConnections / ((durationMs * SLOW_OPEN_SHARE) / 1000);
  await paced(durationMs, signal, (elapsedMs) => {
    for (
      let k = dueSends(opensPerS, elapsedMs, counts.slowOpened, plan.slowConnections);
      k > 0;
      k--
    ) {
      counts.slowOpened++;
      void connect(port, counts).then((socket) => {
        if (socket === undefined) return;
        if (isOver) return void socket.destroy();
        const slow = new HeldConnection(socket, () => {
          counts.slowClosedByTarget++;
        });
        const startLine = `INVITE sip:service@${HOST}:${port} SIP/2.0\r\n`;
        socket.write(startLine);
        slow.sentBytes = startLine.length;
        counts.slowBytesSent += startLine.length;
        open.push(slow);
      });
    }
    const allowedBytes = Math.min(1, elapsedMs / (durationMs * SLOW_RAMP_SHARE)) * plan.slowBytes;
    for (const slow of open) {
      if (
        slow.socket.destroyed ||
        slow.sentBytes >= allowedBytes ||
        slow.sentBytes >= plan.slowBytes
      )
        continue;
      const lineBytes = Math.min(SLOW_CHUNK_BYTES, plan.slowBytes - slow.sentBytes);
      const line = padLine(Math.floor(slow.sentBytes / SLOW_CHUNK_BYTES), lineBytes);
      slow.socket.write(line);
      slow.sentBytes += line.length;
      counts.slowBytesSent += line.length;
    }
  });
  isOver = true;
  for (const slow of open) slow.close();
}

/** Half an INVITE (headers and part of the announced body), then an RST instead of the rest. */
async function resetMidMessage(port: number, n: number, counts: TcpFloodCounts): Promise<void> {
  const socket = await connect(port, counts);
  if (socket === undefined) return;
  socket.write(`${inviteHead(`reset-${n}`, port, 400)}${'v'.repeat(200)}`);
  await sleep(TICK_MS);
  socket.resetAndDestroy();
  counts.resets++;
}

const HUGE_CHUNK = Buffer.alloc(64 * 1024, 0x62);

/**
 * Headers announcing a 10^9-byte body, then body bytes as fast as the target reads them, up to
 * `bodyBytes`; the connection is then held until the flood ends. A receiver that waits for the
 * whole body keeps all of it, for every such connection, so its memory climbs with the attack.
 */
async function hugeContentLength(
  port: number,
  n: number,
  bodyBytes: number,
  ended: AbortSignal,
  held: HeldConnection[],
  counts: TcpFloodCounts,
): Promise<void> {
  const socket = await connect(port, counts);
  if (socket === undefined) return;
  counts.hugeLength++;
  const huge = new HeldConnection(socket, () => {
    counts.hugeClosedByTarget++;
  });
  held.push(huge);
  socket.write(inviteHead(`huge-${n}`, port, 1_000_000_000));
  while (huge.sentBytes < bodyBytes && !socket.destroyed && !ended.aborted) {
    const chunk = HUGE_CHUNK.subarray(0, Math.min(HUGE_CHUNK.length, bodyBytes - huge.sentBytes));
    huge.sentBytes += chunk.length;
    counts.hugeBodyBytesSent += chunk.length;
    if (!socket.write(chunk)) {
      // Bounded wait: a target that stops reading must not hold the flood past its end.
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), sleep(1000)]);
    }
  }
}

export async function floodTcp(
  port: number,
  plan: TcpFloodPlan,
  durationMs: number,
  signal: AbortSignal,
): Promise<TcpFloodCounts> {
  const counts: TcpFloodCounts = {
    slowOpened: 0,
    slowBytesSent: 0,
    slowClosedByTarget: 0,
    resets: 0,
    hugeLength: 0,
    hugeBodyBytesSent: 0,
    hugeClosedByTarget: 0,
    connectErrors: 0,
  };
  const seconds = durationMs / 1000;
  const caps = {
    resets: Math.ceil(plan.resetsPerS * seconds),
    huge: Math.ceil(plan.hugeLengthPerS * seconds),
  };
  const started = { resets: 0, huge: 0 };
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  // Held connections close when the flood ends, by time or by `signal`.
  const ended = new AbortController();
  signal.addEventListener('abort', () => ended.abort(), { once: true });
  const held: HeldConnection[] = [];
  const slow = slowloris(port, plan, durationMs, signal, counts);
  await paced(durationMs, signal, (elapsedMs) => {
    for (let k = dueSends(plan.resetsPerS, elapsedMs, started.resets, caps.resets); k > 0; k--) {
      track(resetMidMessage(port, started.resets++, counts));
    }
    for (let k = dueSends(plan.hugeLengthPerS, elapsedMs, started.huge, caps.huge); k > 0; k--) {
      track(
        hugeContentLength(port, started.huge++, plan.hugeBodyBytes, ended.signal, held, counts),
      );
    }
  });
  ended.abort();
  await Promise.all([slow, ...pending]);
  for (const huge of held) huge.close();
  return counts;
}
