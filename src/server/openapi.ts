/**
 * `GET /api/v1/openapi.json`: an OpenAPI 3.1 document generated from the zod schemas the routes
 * validate with (api-schemas.ts). OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what
 * z.toJSONSchema writes; each named schema becomes a component the paths refer to.
 */
import { z } from 'zod';
import { VERSION } from '../version.ts';
import * as S from './api-schemas.ts';
import { MAX_CLIENT_BODY_BYTES, MAX_JSON_BODY_BYTES } from './api-error.ts';
import { MAX_SCENARIO_FILE_BYTES } from '../scenario/index.ts';

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: Json, description: string): Json => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string): Json => json(ref('Error'), description);
const xmlBody = (required: boolean): Json => ({
  required,
  description: `scenario XML, at most ${MAX_SCENARIO_FILE_BYTES} bytes`,
  content: {
    'application/xml': { schema: { type: 'string' } },
    'text/xml': { schema: { type: 'string' } },
  },
});
const jsonBody = (id: string, limit = MAX_JSON_BODY_BYTES): Json => ({
  required: true,
  description: `at most ${limit} bytes`,
  content: { 'application/json': { schema: ref(id) } },
});
const oneOf = (...ids: string[]): Json => ({ oneOf: ids.map(ref) });

function components(): Json {
  const registry = z.globalRegistry;
  const schemas = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => ref(id).$ref as string,
  });
  const out: Json = {};
  for (const [id, schema] of Object.entries(schemas.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Json;
    out[id] = rest;
  }
  return out;
}

let cached: Json | null = null;

export function openApiDocument(): Json {
  // Touch the module so every schema is registered before the registry is read.
  void S.ErrorBody;
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'Gossipper management API', version: VERSION },
    components: {
      schemas: components(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }, {}],
    paths: {
      '/api/v1/health': {
        get: { summary: 'Liveness', responses: { 200: json(ref('Health'), 'alive') } },
      },
      '/api/v1/stats': {
        get: {
          summary: 'Statistics, cumulative since the engine started',
          responses: { 200: json(oneOf('Stats', 'MultiStats'), 'statistics') },
        },
      },
      '/api/v1/scenario': {
        get: {
          summary: "The primary engine's scenario",
          responses: { 200: json(ref('Scenario'), 'scenario'), 404: error('file unreadable') },
        },
        put: {
          summary: 'Write the -sf file atomically; ?apply=true also hot-reloads it',
          parameters: [{ name: 'apply', in: 'query', schema: { enum: ['true', '1', 'false'] } }],
          requestBody: xmlBody(true),
          responses: {
            200: json(ref('ScenarioWritten'), 'written'),
            400: error('XML that does not load, or a built-in scenario (no file to write)'),
            409: error('live apply refused (mode change, -threads)'),
            413: error('body too large'),
            415: error('not XML'),
          },
        },
      },
      '/api/v1/scenario/apply': {
        post: {
          summary: 'Hot-reload the XML body, or (empty body) the -sf file as it is on disk',
          requestBody: xmlBody(false),
          responses: {
            200: json(ref('ScenarioApplied'), 'applied'),
            400: error('XML that does not load'),
            409: error('live apply refused (mode change)'),
            413: error('body too large'),
            415: error('not XML'),
          },
        },
      },
      '/api/v1/control': {
        get: { responses: { 200: json(oneOf('Control', 'MultiControl'), 'rate and pause') } },
        post: {
          summary: 'Set rate (calls/s) and pause, on every engine or the one named',
          requestBody: jsonBody('ControlRequest'),
          responses: {
            200: json(oneOf('Control', 'MultiControl'), 'after the change'),
            400: error('malformed JSON or unknown key'),
            404: error('unknown engine id'),
            415: error('not JSON'),
          },
        },
      },
      '/api/v1/clients': {
        get: {
          summary: 'Client-mode engines, and the ids of the dynamic ones',
          responses: { 200: json(ref('Clients'), 'clients'), 404: error('not gossipper server') },
        },
        post: {
          summary: 'Start a dynamic UAC engine from run-profile keys',
          parameters: [{ name: 'id', in: 'query', schema: { type: 'string' } }],
          requestBody: jsonBody('ClientRequest', MAX_CLIENT_BODY_BYTES),
          responses: {
            201: json(ref('ClientStarted'), 'started'),
            400: error('bad profile key, scenario, or bind'),
            404: error('not gossipper server'),
            409: error('id taken, 16 engines already, or draining'),
          },
        },
        delete: {
          summary: 'Stop a dynamic engine (its calls in flight get 5 s)',
          parameters: [{ name: 'id', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            204: { description: 'stopped' },
            404: error('unknown id'),
            409: error('not a dynamic engine'),
          },
        },
      },
      '/api/v1/transports': {
        get: { responses: { 200: json(ref('Transports'), 'listeners and client rows') } },
        post: {
          summary: 'Listener on/off (new dialogs only); client rows pause and resume',
          requestBody: jsonBody('TransportsRequest'),
          responses: {
            200: json(ref('Transports'), 'after the change'),
            400: error('malformed, or a listener toggle on a client-mode primary'),
            404: error('unknown listener index or engine id'),
          },
        },
      },
      '/api/v1/auth/status': {
        get: { security: [], responses: { 200: json(ref('AuthStatus'), 'auth mode') } },
      },
      '/api/v1/auth/login': {
        post: {
          security: [],
          requestBody: jsonBody('LoginRequest'),
          responses: {
            200: json(ref('LoginResponse'), 'a token for Authorization: Bearer'),
            401: error('wrong username or password (the same answer for both)'),
            404: error('internal auth is not enabled'),
            429: error('too many failed logins from this address (Retry-After)'),
          },
        },
      },
      '/api/v1/auth/me': {
        get: { responses: { 200: json(ref('Me'), 'who the token stands for') } },
      },
      '/api/v1/auth/rotate-secret': {
        post: {
          summary: 'Admin: a new random JWT secret; every token issued before is refused',
          responses: { 200: json(ref('SecretRotated'), 'rotated'), 403: error('not an admin') },
        },
      },
      '/api/v1/users': {
        get: {
          summary: 'Admin: the users',
          responses: { 200: json(ref('UserList'), 'users'), 403: error('not an admin') },
        },
        post: {
          summary: 'Admin: create a user (default role operator)',
          requestBody: jsonBody('UserCreateRequest'),
          responses: {
            201: json(ref('User'), 'created'),
            400: error('name, password or role not allowed'),
            403: error('not an admin'),
            409: error('the name exists (any case)'),
          },
        },
      },
      '/api/v1/users/{username}': {
        parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
        get: { responses: { 200: json(ref('User'), 'the user'), 404: error('no such user') } },
        put: {
          summary: "Admin: set the password and/or role (ends the user's older tokens)",
          requestBody: jsonBody('UserUpdateRequest'),
          responses: {
            200: json(ref('User'), 'after the change'),
            400: error('not allowed, or it would leave no admin'),
            404: error('no such user'),
          },
        },
        delete: {
          summary: 'Admin: delete a user (never the last admin)',
          responses: { 200: json({ type: 'object' }, 'deleted'), 404: error('no such user') },
        },
      },
      '/api/v1/audit': {
        get: {
          summary: 'Admin: the newest audit rows (?limit=1..10000, default 100)',
          responses: { 200: json(ref('AuditList'), 'newest first'), 403: error('not an admin') },
        },
      },
      '/api/v1/live': {
        get: {
          summary: `WebSocket: a LiveFrame every 750 ms (auth: Bearer, or ?token= here only)`,
          responses: { 101: json(ref('LiveFrame'), 'frames, as text messages') },
        },
      },
    },
  };
  return cached;
}
