/**
 * The two routes pollers hit many times a second, GET /api/v1/stats and GET /api/v1/health,
 * answered straight on node:http when the caller is let in. Through hono every answer became a
 * fetch Request and Response pair, and the security headers forced a real undici Response: about
 * 1.3 ms of CPU per poll on the 2-core test machine, against ~0.5 ms for node:http alone (bench
 * `--only api`). Anything else, a refused token included, falls through to hono, so error
 * answers and their wording stay in one place (api-app.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiAuth } from './api-auth.ts';
import { SECURITY_HEADERS } from './api-guard.ts';
import type { StatsCache } from './stats-cache.ts';

const HEALTH_BODY = JSON.stringify({ status: 'ok' });

/** The answer's body for a fast-path route, else undefined (not one of them). */
type BodyOf = () => string;

function routeOf(req: IncomingMessage, stats: StatsCache): BodyOf | undefined {
  if (req.method !== 'GET') return undefined;
  const url = req.url ?? '';
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  if (path === '/api/v1/stats') return () => stats.text();
  if (path === '/api/v1/health') return () => HEALTH_BODY;
  return undefined;
}

/**
 * Answers `req` when it is a fast-path route and its caller passes `auth`; resolves false when
 * hono must answer instead (another route, or a refusal to word).
 */
export async function answerFastPath(
  req: IncomingMessage,
  res: ServerResponse,
  auth: ApiAuth,
  stats: StatsCache,
): Promise<boolean> {
  const body = routeOf(req, stats);
  if (body === undefined) return false;
  const result = await auth.check(req.headers.authorization, undefined);
  if (!result.ok) return false;
  const text = body();
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}
