/**
 * The HTTP API v1 routes (reference §B6), on hono. Every route reads engines from the registry;
 * every refusal is a 4xx with `{"error": "..."}`; request bodies are size-capped and validated
 * against the zod schemas of api-schemas.ts. The live WebSocket is served by live-feed.ts on the
 * same listener (api-server.ts routes upgrades there).
 */
import { Hono } from 'hono';
import type { ApiAuth } from './api-auth.ts';
import { readJsonBody, readXmlBody } from './api-body.ts';
import { ApiError } from './api-error.ts';
import { auditMutations, authenticate, securityHeaders } from './api-guard.ts';
import type { ApiEnv } from './api-guard.ts';
import { ControlRequest } from './api-schemas.ts';
import { addEngineRoutes, engineById } from './api-engine-routes.ts';
import type { DynamicClients } from './dynamic-clients.ts';
import type { StatsCache } from './stats-cache.ts';
import type { EngineRegistry, ManagedEngine } from './engine-registry.ts';
import { openApiDocument } from './openapi.ts';
import {
  applyScenario,
  assertApplicable,
  checkScenario,
  rereadScenarioFile,
  scenarioFilePath,
  scenarioView,
  writeScenarioFile,
} from './scenario-ops.ts';
import { callsPerPeriod, controlObject, statsObject } from './stats-view.ts';
import { USER_PATHS, addUserRoutes } from './user-routes.ts';

export interface ApiContext {
  readonly registry: EngineRegistry;
  readonly auth: ApiAuth;
  /** One line for the operator (stderr): applied scenarios, unexpected failures. */
  readonly log: (line: string) => void;
  /** GET /stats and the live feed share it. */
  readonly stats: StatsCache;
  /** `gossipper server` hosts dynamic clients; undefined beside a one-shot run (404). */
  readonly clients?: DynamicClients;
}

export function statsBody(registry: EngineRegistry): unknown {
  const one = (e: ManagedEngine) => statsObject(e.run.snapshot(), e.run.status());
  if (!registry.isMulti) return one(registry.primary);
  const engines = registry.all();
  return {
    multi: true,
    engines: engines.map((e) => ({ id: e.id, stats: one(e) })),
    // Reference §d.2: the composite envelope names the engines started by POST /clients.
    dynamic_client_ids: engines.filter((e) => e.dynamic).map((e) => e.id),
  };
}

export function controlBody(registry: EngineRegistry): unknown {
  if (!registry.isMulti) return controlObject(registry.primary);
  return {
    multi: true,
    engines: registry.all().map((e) => ({ id: e.id, ...controlObject(e) })),
  };
}

export function createApiApp(ctx: ApiContext): Hono<ApiEnv> {
  const { registry, auth } = ctx;
  const app = new Hono<ApiEnv>();

  app.use('*', securityHeaders);
  app.use('/api/v1/*', authenticate(auth));
  app.use('/api/v1/*', auditMutations(auth, ctx.log));

  app.get('/api/v1/health', (c) => c.json({ status: 'ok' }));
  app.get('/api/v1/stats', (c) =>
    c.body(ctx.stats.text(), 200, { 'content-type': 'application/json' }),
  );

  app.get('/api/v1/scenario', (c) => c.json(scenarioView(registry.primary)));
  app.put('/api/v1/scenario', async (c) => {
    const engine = registry.primary;
    const path = scenarioFilePath(engine);
    const apply = isTrue(c.req.query('apply'));
    const xml = await readXmlBody(c, true);
    const scenario = checkScenario(engine, xml, path);
    if (apply) {
      // Every bind of the primary runs its scenario: all are checked before the file changes.
      const group = registry.listenerGroup();
      for (const e of group) assertApplicable(e, scenario);
      await writeScenarioFile(path, xml);
      for (const e of group) applyScenario(e, scenario);
      ctx.log(`scenario ${path} written and applied (PUT /api/v1/scenario)`);
    } else {
      await writeScenarioFile(path, xml);
      ctx.log(`scenario ${path} written (PUT /api/v1/scenario)`);
    }
    return c.json({ written: path, applied: apply });
  });
  app.post('/api/v1/scenario/apply', async (c) => {
    const engine = registry.primary;
    const body = await readXmlBody(c, false);
    const { xml, path } =
      body === '' ? rereadScenarioFile(engine) : { xml: body, path: bodyFileName(engine) };
    const scenario = checkScenario(engine, xml, path);
    const group = registry.listenerGroup();
    for (const e of group) assertApplicable(e, scenario);
    for (const e of group) applyScenario(e, scenario);
    ctx.log(`scenario applied to engine "${engine.id}" (POST /api/v1/scenario/apply)`);
    return c.json({ applied: true });
  });

  app.get('/api/v1/control', (c) => c.json(controlBody(registry)));
  app.post('/api/v1/control', async (c) => {
    const req = await readJsonBody(c, ControlRequest);
    c.set('auditDetail', req);
    const id = req.engine_id ?? req.id;
    const targets = id === undefined ? registry.all() : [engineById(registry, id)];
    const paused = req.pause === true ? true : req.resume === true ? false : req.paused;
    if (req.pause === true && req.resume === true)
      throw new ApiError(400, '"pause" and "resume" cannot both be true');
    for (const engine of targets) {
      if (req.rate !== undefined) engine.run.setRate(callsPerPeriod(engine, req.rate));
      if (paused === true) engine.run.pause();
      if (paused === false) engine.run.resume();
    }
    return c.json(controlBody(registry));
  });

  addEngineRoutes(app, registry, ctx.clients, ctx.log);

  app.get('/api/v1/auth/status', (c) => c.json({ auth: auth.kind }));
  addUserRoutes(app, auth);

  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/v1/live', () => {
    throw new ApiError(400, 'GET /api/v1/live is a WebSocket: send an Upgrade request');
  });

  for (const path of [...KNOWN_PATHS, ...USER_PATHS]) {
    app.all(path, (c) => {
      throw new ApiError(405, `${c.req.method} is not allowed on ${path}`);
    });
  }
  app.notFound((c) => c.json({ error: `no such route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: err.message }, err.status);
    ctx.log(`API: ${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error (see the server log)' }, 500);
  });
  return app;
}

const KNOWN_PATHS = [
  '/api/v1/health',
  '/api/v1/stats',
  '/api/v1/scenario',
  '/api/v1/scenario/apply',
  '/api/v1/control',
  '/api/v1/clients',
  '/api/v1/transports',
  '/api/v1/auth/status',
  '/api/v1/auth/login',
  '/api/v1/openapi.json',
  '/api/v1/live',
];

function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** Error positions of a body name the file it would replace, else the engine's scenario. */
function bodyFileName(engine: ManagedEngine): string {
  const source = engine.source;
  return source.kind === 'file' ? source.path : `${source.name}.xml`;
}
