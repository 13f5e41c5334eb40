/**
 * The API's HTTP listener: node:http serving the hono app (through @hono/node-server's request
 * listener), with WebSocket upgrades of `/api/v1/live` handed to `ws` (noServer). Bounded
 * everywhere a peer could hold memory: header and request timeouts, body limits (api-app.ts),
 * a 1 MiB WebSocket read limit, the live feed's per-client buffer bound.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GossipperError } from '../errors.ts';
import type { HostPort } from '../config/index.ts';
import type { ApiAuth } from './api-auth.ts';
import { controlBody, createApiApp, statsBody } from './api-app.ts';
import { answerFastPath } from './api-fast-path.ts';
import type { EngineRegistry } from './engine-registry.ts';
import { LiveFeed } from './live-feed.ts';
import type { LiveFeedOptions } from './live-feed.ts';
import { transportsBody } from './api-engine-routes.ts';
import type { DynamicClients } from './dynamic-clients.ts';
import { StatsCache } from './stats-cache.ts';

const LIVE_PATH = '/api/v1/live';
const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface ApiServerOptions {
  readonly registry: EngineRegistry;
  readonly auth: ApiAuth;
  readonly addr: HostPort;
  readonly log: (line: string) => void;
  /** `gossipper server`: the dynamic clients (`/api/v1/clients`); absent beside a one-shot run. */
  readonly clients?: DynamicClients;
  /** Tests: a faster feed, a smaller bound. */
  readonly live?: Pick<LiveFeedOptions, 'intervalMs' | 'maxBufferedBytes'>;
}

export interface ApiServer {
  /** Where it listens (the port chosen by the system for port 0). */
  readonly address: HostPort;
  readonly live: LiveFeed;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { registry, auth, log } = options;
  // node:http through getBuiltinModule: a real import() has no loader in the start-up snapshot.
  const { createServer } = process.getBuiltinModule('node:http');
  const [{ getRequestListener }, { WebSocketServer }] = await Promise.all([
    import('@hono/node-server'),
    import('ws'),
  ]);
  const stats = new StatsCache(
    registry,
    () => statsBody(registry),
    () => performance.now(),
  );
  const app = createApiApp({ registry, auth, log, clients: options.clients, stats });
  const live = new LiveFeed({
    frame: () => ({
      stats: stats.object(),
      control: controlBody(registry),
      transports: transportsBody(registry, options.clients),
    }),
    nowMs: () => Date.now(),
    onDropped: (bytes) => log(`API: dropped a /live client that stopped reading (${bytes} bytes)`),
    ...options.live,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const listener = getRequestListener(app.fetch);
  const server: Server = createServer((req, res) => {
    answerFastPath(req, res, auth, stats)
      .then((answered) => (answered ? undefined : listener(req, res)))
      .catch(() => res.destroy());
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://api');
    if (url.pathname !== LIVE_PATH) return refuse(socket, 404, `no WebSocket at ${url.pathname}`);
    // The one place a token may come in the URL: a browser's WebSocket cannot set headers.
    const token = url.searchParams.get('token') ?? undefined;
    auth.check(req.headers.authorization, token).then(
      (result) => {
        if (socket.destroyed) return;
        if (!result.ok) return refuse(socket, 401, `${result.reason} (Bearer header or ?token=)`);
        wss.handleUpgrade(req, socket, head, (ws) => live.add(ws));
      },
      () => refuse(socket, 401, 'the token could not be checked'),
    );
  });
  await listen(server, options.addr);
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : options.addr.port;
  return {
    address: { host: options.addr.host, port },
    live,
    close: async () => {
      live.closeAll();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, addr: HostPort): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new GossipperError(
          'BIND_FAILED',
          `-api_addr ${addr.host}:${addr.port}: cannot listen (${err.code ?? err.message})`,
          'choose another -api_addr, or port 0 for any free one',
        ),
      );
    };
    server.once('error', onError);
    server.listen(addr.port, addr.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function refuse(socket: Duplex, status: 401 | 404, message: string): void {
  const body = JSON.stringify({ error: message });
  const reason = status === 401 ? 'Unauthorized' : 'Not Found';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
