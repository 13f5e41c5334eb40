/**
 * A silent SIP peer: a loopback UDP socket that records every datagram and never answers, so the
 * sender's retransmission and timeout paths run exactly as against a dead server. Optionally it
 * answers each INVITE with `100 Trying` and then falls silent (a server that hangs mid-call).
 */
import dgram from 'node:dgram';

export interface HeardDatagram {
  /** First line, e.g. `INVITE sip:service@127.0.0.1:5060 SIP/2.0`. */
  startLine: string;
  /** First word of the start line (`INVITE`, `CANCEL`, `SIP/2.0`). */
  method: string;
  callId: string;
  fromPort: number;
}

export interface SilentPeer {
  port: number;
  heard: HeardDatagram[];
  close(): Promise<void>;
}

export interface SilentPeerOptions {
  /** Answer every INVITE with `100 Trying` (RFC 3261 §8.2.6.1), then stay silent. */
  sendTrying?: boolean;
}

/** `100 Trying` echoing the request's Via, From, To, Call-ID and CSeq. */
function tryingFor(request: string): Buffer {
  const echoed = request
    .split('\r\n')
    .filter((l) => /^(Via|v|From|f|To|t|Call-ID|i|CSeq)\s*:/i.test(l));
  return Buffer.from(
    ['SIP/2.0 100 Trying', ...echoed, 'Content-Length: 0', '', ''].join('\r\n'),
    'latin1',
  );
}

export async function startSilentPeer(options: SilentPeerOptions = {}): Promise<SilentPeer> {
  const socket = dgram.createSocket('udp4');
  const heard: HeardDatagram[] = [];
  socket.on('message', (msg, rinfo) => {
    const text = msg.toString('latin1');
    if (options.sendTrying && text.startsWith('INVITE '))
      socket.send(tryingFor(text), rinfo.port, rinfo.address);
    const startLine = text.slice(0, Math.max(0, text.indexOf('\r\n')));
    heard.push({
      startLine,
      method: startLine.split(' ')[0],
      callId: /\r\n(?:Call-ID|i)\s*:\s*([^\r\n]*)/i.exec(text)?.[1].trim() ?? '',
      fromPort: rinfo.port,
    });
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return {
    port: socket.address().port,
    heard,
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

/**
 * What the peer heard, as `METHOD` per Call-ID in arrival order, e.g. `{ 'a@h': ['INVITE',
 * 'INVITE'] }`.
 */
export function methodsByCallId(heard: HeardDatagram[]): Map<string, string[]> {
  const byCall = new Map<string, string[]>();
  for (const d of heard) {
    const list = byCall.get(d.callId) ?? [];
    list.push(d.method);
    byCall.set(d.callId, list);
  }
  return byCall;
}
