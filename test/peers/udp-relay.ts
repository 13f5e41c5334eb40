/**
 * A UDP relay on loopback that sits between a UAC and a UAS and drops chosen messages, to test
 * retransmission and loss handling against real peers. Clients send to the relay's port; the
 * relay forwards to the server and sends replies back to the last client address it saw.
 */
import dgram from 'node:dgram';

export interface DropRule {
  /** Start-line prefix to match, e.g. `SIP/2.0 200` or `BYE `. */
  startsWith: string;
  /** How many matching messages to drop (the first N). */
  count: number;
  /** Only match messages going this way. */
  direction?: 'toServer' | 'toClient';
  /** Only match when the CSeq method is this (e.g. `INVITE` for the 200 to INVITE). */
  cseqMethod?: string;
}

export interface UdpRelay {
  port: number;
  dropped: string[];
  forwarded: number;
  close(): Promise<void>;
}

export async function startUdpRelay(
  serverPort: number,
  rules: DropRule[],
  serverHost = '127.0.0.1',
  /** Sees every datagram the relay forwards (a wire tap: SRTP tests check what is on it). */
  onForward?: (msg: Buffer, direction: 'toServer' | 'toClient') => void,
): Promise<UdpRelay> {
  const front = dgram.createSocket('udp4');
  const back = dgram.createSocket('udp4');
  const remaining = rules.map((r) => r.count);
  const relay: UdpRelay = { port: 0, dropped: [], forwarded: 0, close: async () => {} };
  let client: dgram.RemoteInfo | undefined;

  const shouldDrop = (msg: Buffer, direction: 'toServer' | 'toClient'): boolean => {
    const text = msg.toString('latin1');
    const cseq = /\r\n(?:CSeq|cseq):\s*\d+\s+(\S+)/.exec(text)?.[1];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (remaining[i] <= 0 || (r.direction && r.direction !== direction)) continue;
      if (!text.startsWith(r.startsWith)) continue;
      if (r.cseqMethod && r.cseqMethod !== cseq) continue;
      remaining[i]--;
      relay.dropped.push(`${direction}: ${text.slice(0, text.indexOf('\r\n'))} (${cseq})`);
      return true;
    }
    return false;
  };

  front.on('message', (msg, rinfo) => {
    client = rinfo;
    if (shouldDrop(msg, 'toServer')) return;
    relay.forwarded++;
    onForward?.(msg, 'toServer');
    back.send(msg, serverPort, serverHost);
  });
  back.on('message', (msg) => {
    if (!client || shouldDrop(msg, 'toClient')) return;
    relay.forwarded++;
    onForward?.(msg, 'toClient');
    front.send(msg, client.port, client.address);
  });
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => back.bind(0, '127.0.0.1', () => r()));
  relay.port = front.address().port;
  relay.close = async () => {
    await Promise.all([
      new Promise<void>((r) => front.close(() => r())),
      new Promise<void>((r) => back.close(() => r())),
    ]);
  };
  return relay;
}
