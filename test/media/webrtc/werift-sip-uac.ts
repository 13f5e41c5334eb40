/**
 * A hand-made WebRTC caller for failure tests: a werift peer in the test process whose offer
 * the test may alter (a wrong DTLS fingerprint), sent in an INVITE over UDP on loopback to a
 * Gossipper UAS; the 200's answer is applied, ACK and BYE follow. Only what these tests need of
 * SIP: one call, no retransmissions, responses matched by CSeq method.
 */
import dgram from 'node:dgram';
import { once } from 'node:events';

const CALL_ID = 'werift-uac-1@127.0.0.1';

export class WeriftSipUac {
  private readonly socket = dgram.createSocket('udp4');
  private readonly responses: { method: string; status: number; text: string }[] = [];
  private waiters: (() => void)[] = [];
  private toTag = '';

  constructor(private readonly uasPort: number) {
    this.socket.on('message', (buf) => {
      const text = buf.toString('latin1');
      const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
      const method = /^CSeq:\s*\d+\s+(\w+)/im.exec(text)?.[1] ?? '';
      this.toTag ||= /^To:.*;tag=([^;\s]+)/im.exec(text)?.[1] ?? '';
      this.responses.push({ method, status, text });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  async open(): Promise<void> {
    this.socket.bind(0, '127.0.0.1');
    await once(this.socket, 'listening');
  }

  /** Sends the INVITE and resolves with the 200's SDP body. */
  async invite(sdp: string, timeoutMs: number): Promise<string> {
    this.send('INVITE', 1, sdp);
    const ok = await this.response('INVITE', 200, timeoutMs);
    return ok.text.slice(ok.text.indexOf('\r\n\r\n') + 4);
  }

  ack(): void {
    this.send('ACK', 1, '');
  }

  async bye(timeoutMs: number): Promise<void> {
    this.send('BYE', 2, '');
    await this.response('BYE', 200, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }

  private async response(method: string, status: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.responses.find((r) => r.method === method && r.status === status);
      if (got !== undefined) return got;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${status} to ${method} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private send(method: string, cseq: number, body: string): void {
    const port = this.socket.address().port;
    const toTag = method === 'INVITE' ? '' : `;tag=${this.toTag}`;
    const lines = [
      `${method} sip:bob@127.0.0.1:${this.uasPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${method}-${cseq}`,
      `From: <sip:alice@127.0.0.1:${port}>;tag=werift`,
      `To: <sip:bob@127.0.0.1:${this.uasPort}>${toTag}`,
      `Call-ID: ${CALL_ID}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:alice@127.0.0.1:${port}>`,
      'Max-Forwards: 70',
      ...(body === '' ? [] : ['Content-Type: application/sdp']),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    this.socket.send(Buffer.from(lines.join('\r\n'), 'latin1'), this.uasPort, '127.0.0.1');
  }
}
