/**
 * Hostile input for a SIP endpoint under load: datagrams that must not parse (each says which
 * parser rule rejects it), a well-formed response nobody asked for, and a sender that spreads a
 * burst over time so it lands in the middle of real traffic.
 */
import dgram from 'node:dgram';

export interface HostileDatagram {
  name: string;
  bytes: Buffer;
}

function invite(callId: string, extraHeaders: string[] = [], body = ''): string {
  return [
    'INVITE sip:service@127.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-hostile',
    'From: <sip:hostile@127.0.0.1>;tag=hostile',
    'To: <sip:service@127.0.0.1>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    ...extraHeaders,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

/** Deterministic bytes (xorshift32) without LF, so they can never form a header section. */
function randomBytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = (x & 0xff) === 0x0a ? 0x0b : x & 0xff;
  }
  return out;
}

/**
 * Datagrams every SIP parser must reject. Each would start a new call if it parsed (they are
 * INVITEs with fresh Call-IDs), so a UAS that wrongly accepts one shows it in its call count.
 */
export function malformedDatagrams(round: number): HostileDatagram[] {
  const id = (what: string): string => `hostile-${what}-${round}@127.0.0.1`;
  const truncated = invite(id('truncated'));
  return [
    { name: 'random bytes', bytes: randomBytes(0x9e3779b9 + round, 1200) },
    {
      name: 'truncated INVITE',
      bytes: Buffer.from(truncated.slice(0, truncated.indexOf('CSeq:')), 'latin1'),
    },
    {
      name: '60 KB header line',
      bytes: Buffer.from(invite(id('big'), [`X-Big: ${'a'.repeat(60 * 1024)}`]), 'latin1'),
    },
    {
      name: 'Content-Length larger than the body',
      bytes: Buffer.from(
        invite(id('length'), [], 'v=0\r\n').replace('Content-Length: 5', 'Content-Length: 500'),
        'latin1',
      ),
    },
    {
      name: 'NUL byte in a header',
      bytes: Buffer.from(invite(id('nul'), ['Subject: a\u0000b']), 'latin1'),
    },
    {
      name: 'no Call-ID',
      bytes: Buffer.from(invite(id('none')).replace(/Call-ID: [^\r]*\r\n/, ''), 'latin1'),
    },
    {
      name: 'CSeq without a number',
      bytes: Buffer.from(
        invite(id('cseq')).replace('CSeq: 1 INVITE', 'CSeq: one INVITE'),
        'latin1',
      ),
    },
  ];
}

/** A well-formed 200 OK for a Call-ID no call has: an out-of-call message. */
export function unknownCallIdResponse(n: number): Buffer {
  return Buffer.from(
    [
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-stray',
      'From: <sip:stray@127.0.0.1>;tag=stray',
      'To: <sip:service@127.0.0.1>;tag=x',
      `Call-ID: never-seen-${n}@127.0.0.1`,
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** Sends `datagrams` to 127.0.0.1:`port`, one every `spacingMs`, from one socket. */
export async function sendSpread(
  port: number,
  datagrams: Buffer[],
  spacingMs: number,
): Promise<void> {
  const socket = dgram.createSocket('udp4');
  // Replies (a UAS answering garbage would be a bug) are ignored; the target's counts decide.
  socket.on('message', () => {});
  try {
    for (const d of datagrams) {
      await new Promise<void>((resolve, reject) =>
        socket.send(d, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      await new Promise((r) => setTimeout(r, spacingMs));
    }
  } finally {
    await new Promise<void>((r) => socket.close(() => r()));
  }
}
