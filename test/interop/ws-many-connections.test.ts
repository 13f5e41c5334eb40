/**
 * The answering side over WebSocket as browsers use it: many connections, each carrying a few
 * dialogs at once. 200 `ws` clients each place 3 concurrent calls (INVITE, ACK, BYE) to
 * `gossipper -sn uas -t w1`; every call must complete on the client side and the UAS must count
 * 600 successful calls. The clients use a `.invalid` Via host and Contact, as RFC 7118 §5 allows:
 * replies must go back on the connection regardless. And a UAS given a remote host connects to
 * it, as a browser does to its proxy, and answers the calls that come on that connection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CONNECTIONS = 200;
const DIALOGS_PER_CONNECTION = 3;
const CALLS = CONNECTIONS * DIALOGS_PER_CONNECTION;

/** One browser-like client: a connection and the dialogs it runs, matched by Call-ID. */
class BrowserLike {
  private readonly waiting = new Map<string, (text: string) => void>();
  constructor(
    private readonly ws: WebSocket,
    private readonly index: number,
    private readonly port: number,
  ) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('latin1');
      const callId = header(text, 'Call-ID');
      if (!text.startsWith('SIP/2.0 ')) return;
      const code = Number(text.slice(8, 11));
      if (code < 200) return;
      this.waiting.get(callId)?.(text);
    });
  }

  static async open(index: number, port: number): Promise<BrowserLike> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, 'sip');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new BrowserLike(ws, index, port);
  }

  /** INVITE → 200, ACK, BYE → 200; resolves with the two final status codes. */
  async call(n: number): Promise<[number, number]> {
    const callId = `ws-${this.index}-${n}`;
    const fromTag = `f${this.index}x${n}`;
    const invite = await this.request('INVITE', callId, fromTag, '', 1, SDP);
    const toTag = /;tag=([^;\r\n>]+)/.exec(header(invite, 'To'))?.[1] ?? '';
    this.send(this.message('ACK', callId, fromTag, toTag, 1, ''));
    const bye = await this.request('BYE', callId, fromTag, toTag, 2, '');
    return [Number(invite.slice(8, 11)), Number(bye.slice(8, 11))];
  }

  close(): void {
    this.ws.close();
  }

  private request(
    method: string,
    callId: string,
    fromTag: string,
    toTag: string,
    cseq: number,
    body: string,
  ): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.set(callId, resolve);
      this.send(this.message(method, callId, fromTag, toTag, cseq, body));
    });
  }

  private send(text: string): void {
    this.ws.send(text);
  }

  private message(
    method: string,
    callId: string,
    fromTag: string,
    toTag: string,
    cseq: number,
    body: string,
  ): string {
    const host = `b${this.index}.invalid`;
    return (
      `${method} sip:service@127.0.0.1:${this.port};transport=ws SIP/2.0\r\n` +
      `Via: SIP/2.0/WS ${host};branch=z9hG4bK${callId}${method}\r\n` +
      `From: <sip:browser${this.index}@example.invalid>;tag=${fromTag}\r\n` +
      `To: <sip:service@127.0.0.1>${toTag === '' ? '' : `;tag=${toTag}`}\r\n` +
      `Call-ID: ${callId}\r\nCSeq: ${cseq} ${method}\r\nMax-Forwards: 70\r\n` +
      `Contact: <sip:browser@${host};transport=ws>\r\n` +
      (body === '' ? '' : 'Content-Type: application/sdp\r\n') +
      `Content-Length: ${body.length}\r\n\r\n${body}`
    );
  }
}

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n' +
  'm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

/** `p`, or a failure naming what is missing after `ms` (a lost reply must not hang the suite). */
async function within<T>(ms: number, p: Promise<T>, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${why()}`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

function header(text: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)\\r$`, 'mi').exec(text)?.[1] ?? '';
}

describe('gossipper uas over WebSocket with many browser-like connections', () => {
  it(
    `${CONNECTIONS} connections × ${DIALOGS_PER_CONNECTION} concurrent calls all complete`,
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      const port = await freeTcpPort();
      let uas: Peer | undefined;
      const clients: BrowserLike[] = [];
      try {
        uas = startGossipper(
          ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-t', 'w1'].concat([
            '-m',
            String(CALLS),
            '-nostdin',
          ]),
        );
        await waitForTcpListener(port, uas);
        for (let i = 0; i < CONNECTIONS; i++) clients.push(await BrowserLike.open(i, port));
        const results = await Promise.all(
          clients.flatMap((c) =>
            Array.from({ length: DIALOGS_PER_CONNECTION }, (_, n) => c.call(n)),
          ),
        );
        assert.equal(results.length, CALLS);
        assert.deepEqual(
          results.filter(([a, b]) => a !== 200 || b !== 200),
          [],
          'every INVITE and BYE answered 200',
        );
        const code = await uas.exit(30_000);
        assert.equal(code, 0, `uas exit code\n${describeRun(uas)}`);
        const server = parseFinalScreens(uas.stdout());
        assertAllSucceeded(CALLS, 'uas', server);
      } finally {
        for (const c of clients) c.close();
        killRunning([uas]);
      }
    },
  );
});

describe('gossipper uas over WebSocket given a remote host connects to it', () => {
  it('answers the calls a peer sends on the connection it opened (as through a proxy)', async () => {
    requireBuiltBin();
    const { WebSocketServer } = await import('ws');
    const proxy = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (offered) => (offered.has('sip') ? 'sip' : false),
    });
    await new Promise((resolve) => proxy.once('listening', resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    const uasPort = await freeTcpPort();
    let uas: Peer | undefined;
    try {
      const connected = new Promise<WebSocket>((resolve) => proxy.once('connection', resolve));
      uas = startGossipper(
        ['-sn', 'uas', `127.0.0.1:${proxyPort}`, '-t', 'w1', '-i', '127.0.0.1'].concat([
          '-p',
          String(uasPort),
          '-m',
          '2',
          '-nostdin',
        ]),
      );
      const started = uas;
      const ws = await within(20_000, connected, () => `no connection\n${describeRun(started)}`);
      // The connection comes from -p, so a proxy can route to 127.0.0.1:<-p>.
      const peer = new BrowserLike(ws, 0, uasPort);
      const results = await within(20_000, Promise.all([peer.call(0), peer.call(1)]), () =>
        describeRun(started),
      );
      assert.deepEqual(results, [
        [200, 200],
        [200, 200],
      ]);
      const code = await uas.exit(20_000);
      assert.equal(code, 0, describeRun(uas));
      assertAllSucceeded(2, 'uas', parseFinalScreens(uas.stdout()));
    } finally {
      killRunning([uas]);
      for (const c of proxy.clients) c.terminate();
      proxy.close();
    }
  });
});
