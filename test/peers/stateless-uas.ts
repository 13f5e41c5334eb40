/**
 * A stateless SIP answerer over UDP or TCP for socket-mode tests: INVITE gets 100, 180 and 200,
 * BYE (or any other request but ACK) gets 200, with no memory of calls, so a call can go on
 * over a connection other than the one it started on. It records who sent each INVITE, and a
 * TCP one can close the connection an INVITE came on (before or after answering it).
 */
import dgram from 'node:dgram';
import net from 'node:net';

export interface InviteSeen {
  /** Source address and port of the datagram or connection. */
  address: string;
  port: number;
  /** Which accepted connection it came on (TCP; 0 for UDP). */
  connection: number;
}

export interface StatelessUas {
  port: number;
  invites: InviteSeen[];
  /** Who sent each BYE (TCP). */
  byes: InviteSeen[];
  /** TCP: connections accepted so far, with the time each was accepted (ms since start). */
  connections: number[];
  close(): Promise<void>;
}

export interface TcpUasOptions {
  /** The INVITE number (1-based, over the run) whose connection is closed. */
  dropAtInvite?: number;
  /** Close every connection on its first bytes, answering nothing. */
  dropEverything?: boolean;
  /** Answer the INVITE first (the call can go on elsewhere), or close without a word. */
  answerBeforeDrop?: boolean;
}

function header(msg: string, name: string): string {
  const line = msg.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ?? `${name}: `;
}

/** The responses a request gets (none for ACK). */
function answers(msg: string): string[] {
  const first = msg.slice(0, msg.indexOf('\r\n'));
  const method = first.split(' ')[0];
  if (method === 'ACK' || first.startsWith('SIP/2.0')) return [];
  const vias = msg.split('\r\n').filter((l) => /^(via|v):/i.test(l));
  const common = (to: string): string =>
    `${vias.join('\r\n')}\r\n${header(msg, 'From')}\r\n${to}\r\n${header(msg, 'Call-ID')}\r\n` +
    `${header(msg, 'CSeq')}\r\nContent-Length: 0\r\n\r\n`;
  const to = header(msg, 'To');
  const tagged = to.includes('tag=') ? to : `${to};tag=uas1`;
  if (method !== 'INVITE') return [`SIP/2.0 200 OK\r\n${common(tagged)}`];
  return [
    `SIP/2.0 100 Trying\r\n${common(to)}`,
    `SIP/2.0 180 Ringing\r\n${common(tagged)}`,
    `SIP/2.0 200 OK\r\nContact: <sip:uas@127.0.0.1>\r\n${common(tagged)}`,
  ];
}

export async function statelessUdpUas(bindIp = '127.0.0.1'): Promise<StatelessUas> {
  const socket = dgram.createSocket('udp4');
  const invites: InviteSeen[] = [];
  socket.on('message', (buf, rinfo) => {
    const msg = buf.toString('latin1');
    if (msg.startsWith('INVITE ')) {
      invites.push({ address: rinfo.address, port: rinfo.port, connection: 0 });
    }
    for (const a of answers(msg)) socket.send(a, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => socket.bind(0, bindIp, () => r()));
  return {
    port: socket.address().port,
    invites,
    byes: [],
    connections: [],
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

export async function statelessTcpUas(opts: TcpUasOptions = {}): Promise<StatelessUas> {
  const invites: InviteSeen[] = [];
  const byes: InviteSeen[] = [];
  const connections: number[] = [];
  const started = performance.now();
  const open = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    connections.push(performance.now() - started);
    const connection = connections.length;
    open.add(sock);
    sock.on('close', () => open.delete(sock));
    sock.on('error', () => {});
    if (opts.dropEverything === true) {
      sock.once('data', () => sock.destroy());
      return;
    }
    let pending = '';
    sock.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.slice(0, end + 4);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
        if (pending.length < end + 4 + length) return;
        const msg = pending.slice(0, end + 4 + length);
        pending = pending.slice(end + 4 + length);
        let drop = false;
        if (msg.startsWith('BYE ')) {
          byes.push({ address: sock.remoteAddress ?? '', port: sock.remotePort ?? 0, connection });
        }
        if (msg.startsWith('INVITE ')) {
          invites.push({
            address: sock.remoteAddress ?? '',
            port: sock.remotePort ?? 0,
            connection,
          });
          drop = invites.length === opts.dropAtInvite;
        }
        if (drop && opts.answerBeforeDrop !== true) {
          sock.destroy();
          return;
        }
        for (const a of answers(msg)) sock.write(a);
        if (drop) {
          sock.end();
          return;
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    invites,
    byes,
    connections,
    close: () => {
      for (const s of open) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
