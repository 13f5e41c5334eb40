/**
 * The HTTP API v1 routes (reference §B6), on hono. Every route reads engines from the registry;
 * every refusal is a 4xx with `{"error": "..."}`; request bodies are size-capped and validated
 * against the zod schemas of api-schemas.ts. The live WebSocket is served by live-feed.ts on the
 * same listener (api-server.ts routes upgrades there).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { z } from 'zod';
import { MAX_SCENARIO_FILE_BYTES } from '../scenario/index.ts';
import type { ApiAuth } from './api-auth.ts';
import { ApiError, MAX_JSON_BODY_BYTES } from './api-error.ts';
import { ControlRequest, LoginRequest } from './api-schemas.ts';
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

export interface ApiContext {
  readonly registry: EngineRegistry;
  readonly auth: ApiAuth;
  /** One line for the operator (stderr): applied scenarios, unexpected failures. */
  readonly log: (line: string) => void;
}

const XML_TYPES = ['application/xml', 'text/xml'];
/** Routes open without a token (reference: auth status and login; the schema document). */
const OPEN_PATHS = new Set(['/api/v1/auth/status', '/api/v1/auth/login', '/api/v1/openapi.json']);

export function statsBody(registry: EngineRegistry): unknown {
  const one = (e: ManagedEngine) => statsObject(e.run.snapshot(), e.run.status());
  if (!registry.isMulti) return one(registry.primary);
  return { multi: true, engines: registry.all().map((e) => ({ id: e.id, stats: one(e) })) };
}

export function controlBody(registry: EngineRegistry): unknown {
  if (!registry.isMulti) return controlObject(registry.primary);
  return {
    multi: true,
    engines: registry.all().map((e) => ({ id: e.id, ...controlObject(e) })),
  };
}

export function createApiApp(ctx: ApiContext): Hono {
  const { registry, auth } = ctx;
  const app = new Hono();

  app.use('/api/v1/*', async (c, next) => {
    if (!OPEN_PATHS.has(c.req.path) && !auth.allows(c.req.header('authorization'), undefined)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'missing or wrong API token (Authorization: Bearer <token>)');
    }
    await next();
  });

  app.get('/api/v1/health', (c) => c.json({ status: 'ok' }));
  app.get('/api/v1/stats', (c) => c.json(statsBody(registry)));

  app.get('/api/v1/scenario', (c) => c.json(scenarioView(registry.primary)));
  app.put('/api/v1/scenario', async (c) => {
    const engine = registry.primary;
    const path = scenarioFilePath(engine);
    const apply = isTrue(c.req.query('apply'));
    const xml = await readXmlBody(c, true);
    const scenario = checkScenario(engine, xml, path);
    if (apply) {
      assertApplicable(engine, scenario);
      writeScenarioFile(path, xml);
      applyScenario(engine, scenario);
      ctx.log(`scenario ${path} written and applied (PUT /api/v1/scenario)`);
    } else {
      writeScenarioFile(path, xml);
      ctx.log(`scenario ${path} written (PUT /api/v1/scenario)`);
    }
    return c.json({ written: path, applied: apply });
  });
  app.post('/api/v1/scenario/apply', async (c) => {
    const engine = registry.primary;
    const body = await readXmlBody(c, false);
    const { xml, path } =
      body === '' ? rereadScenarioFile(engine) : { xml: body, path: bodyFileName(engine) };
    applyScenario(engine, checkScenario(engine, xml, path));
    ctx.log(`scenario applied to engine "${engine.id}" (POST /api/v1/scenario/apply)`);
    return c.json({ applied: true });
  });

  app.get('/api/v1/control', (c) => c.json(controlBody(registry)));
  app.post('/api/v1/control', async (c) => {
    const req = await readJsonBody(c, ControlRequest);
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

  app.get('/api/v1/auth/status', (c) => c.json({ auth: auth.kind }));
  app.post('/api/v1/auth/login', async (c) => {
    await readJsonBody(c, LoginRequest);
    throw new ApiError(404, 'internal auth is not enabled: there are no users to log in');
  });

  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/v1/live', () => {
    throw new ApiError(400, 'GET /api/v1/live is a WebSocket: send an Upgrade request');
  });

  for (const path of KNOWN_PATHS) {
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
  '/api/v1/auth/status',
  '/api/v1/auth/login',
  '/api/v1/openapi.json',
  '/api/v1/live',
];

function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

function engineById(registry: EngineRegistry, id: string): ManagedEngine {
  const engine = registry.get(id);
  if (engine === undefined) throw new ApiError(404, `no engine with id "${id}"`);
  return engine;
}

/** Error positions of a body name the file it would replace, else the engine's scenario. */
function bodyFileName(engine: ManagedEngine): string {
  const source = engine.source;
  return source.kind === 'file' ? source.path : `${source.name}.xml`;
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** The body's bytes, refused (413) past `limit` whether or not Content-Length announced them. */
async function readBody(c: Context, limit: number): Promise<Buffer> {
  const announced = Number(c.req.header('content-length') ?? '0');
  if (announced > limit) throw tooLarge(limit);
  const stream = c.req.raw.body;
  if (stream === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, `the request body is larger than the limit of ${limit} bytes`);
}

/** XML as latin1 (the bytes reach the wire as sent); '' for an empty body when allowed. */
async function readXmlBody(c: Context, isRequired: boolean): Promise<string> {
  const type = mediaType(c);
  const body = await readBody(c, MAX_SCENARIO_FILE_BYTES);
  if (body.length === 0) {
    if (isRequired) throw new ApiError(400, 'the request body is empty: send the scenario XML');
    return '';
  }
  if (!XML_TYPES.includes(type)) {
    throw new ApiError(
      415,
      `Content-Type must be application/xml or text/xml for a scenario, not "${type || 'none'}"`,
    );
  }
  return body.toString('latin1');
}

async function readJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = mediaType(c);
  if (type !== 'application/json')
    throw new ApiError(415, `Content-Type must be application/json, not "${type || 'none'}"`);
  const text = (await readBody(c, MAX_JSON_BODY_BYTES)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, `invalid request body: ${describe(parsed.error)}`);
  return parsed.data;
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const at = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
      return `${at}${issue.message}`;
    })
    .join('; ');
}
