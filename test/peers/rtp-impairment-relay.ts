/**
 * An RTP relay on loopback that impairs one direction by a seeded pattern: the client sends to
 * `port`, the relay forwards to the server unchanged; what the server sends back goes to the
 * client dropped, delayed and reordered. It records what it did, so a test can compute what a
 * receiver must report (loss, reordering, RFC 3550 jitter of the delays it added).
 */
import dgram from 'node:dgram';

export interface Impairment {
  /** Seed of the pattern (same seed, same drops, delays and swaps). */
  readonly seed: number;
  /** Probability that a packet to the client is dropped. */
  readonly dropRatio: number;
  /** Extra delay of each packet to the client, uniform in 0..maxDelayMs. */
  readonly maxDelayMs: number;
  /** Every `swapEvery`-th packet to the client leaves after the one that follows it. */
  readonly swapEvery: number;
}

export interface RelayRecord {
  readonly seq: number;
  readonly ts: number;
  /** performance.now() when it left for the client. */
  readonly sentAtMs: number;
}

export interface RtpRelay {
  readonly port: number;
  readonly dropped: number[];
  readonly swapped: number[];
  readonly forwarded: RelayRecord[];
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, enough for a test pattern. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startRtpRelay(serverPort: number, imp: Impairment): Promise<RtpRelay> {
  const front = dgram.createSocket('udp4');
  const back = dgram.createSocket('udp4');
  const random = seeded(imp.seed);
  const relay: RtpRelay = {
    port: 0,
    dropped: [],
    swapped: [],
    forwarded: [],
    close: async () => {
      await Promise.all([front, back].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
  let client: dgram.RemoteInfo | undefined;
  let count = 0;
  let held: Buffer | null = null;
  // Delayed packets leave in arrival order (each due no earlier than the one before), from one
  // timer: with a timer per packet, two packets read in one batch on a loaded machine could
  // leave swapped by their random delays, a reordering the pattern did not choose.
  const queue: Array<{ msg: Buffer; n: number; dueMs: number }> = [];
  let lastDueMs = 0;
  let timer: NodeJS.Timeout | null = null;
  const toClient = (msg: Buffer): void => {
    if (client === undefined) return;
    relay.forwarded.push({
      seq: msg.readUInt16BE(2),
      ts: msg.readUInt32BE(4),
      sentAtMs: performance.now(),
    });
    front.send(msg, client.port, client.address);
  };
  const release = (msg: Buffer, n: number): void => {
    if (imp.swapEvery > 0 && n % imp.swapEvery === imp.swapEvery - 1 && held === null) {
      held = msg;
      relay.swapped.push(msg.readUInt16BE(2));
      return;
    }
    toClient(msg);
    if (held !== null) {
      const late = held;
      held = null;
      toClient(late);
    }
  };
  const drain = (): void => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && queue[0].dueMs <= now) {
      const next = queue.shift()!;
      release(next.msg, next.n);
    }
    if (queue.length > 0) timer = setTimeout(drain, Math.max(0, queue[0].dueMs - now));
  };
  front.on('message', (msg, rinfo) => {
    client = rinfo;
    back.send(msg, serverPort, '127.0.0.1');
  });
  back.on('message', (msg) => {
    const n = count++;
    const drop = random() < imp.dropRatio;
    const delayMs = random() * imp.maxDelayMs;
    if (drop) {
      relay.dropped.push(msg.readUInt16BE(2));
      return;
    }
    lastDueMs = Math.max(lastDueMs, performance.now() + delayMs);
    queue.push({ msg, n, dueMs: lastDueMs });
    if (timer === null) timer = setTimeout(drain, Math.max(0, queue[0].dueMs - performance.now()));
  });
  await Promise.all(
    [front, back].map((s) => new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))),
  );
  (relay as { port: number }).port = front.address().port;
  const close = relay.close;
  relay.close = async () => {
    if (timer !== null) clearTimeout(timer);
    await close();
  };
  return relay;
}
