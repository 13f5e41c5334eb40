/**
 * The management front-end: `gossipper server` (a long-running engine with the HTTP API v1) and
 * the same API beside a one-shot run (`-api_addr`). Loaded only when asked for (main.ts imports
 * it lazily), so hono, zod and ws never reach the start-up snapshot.
 */
export {
  runServerCommand,
  SERVER_SCENARIO,
  SERVER_SIP_PORT,
  withServerDefaults,
} from './server-command.ts';
export { attachApi, serveEngines, serveRun } from './server-run.ts';
export { DynamicClients } from './dynamic-clients.ts';
export type { EngineSpec } from './engine-start.ts';
export { startApiServer } from './api-server.ts';
export type { ApiServer, ApiServerOptions } from './api-server.ts';
export { createApiApp } from './api-app.ts';
export { internalTokenAuth, legacyTokenAuth } from './api-auth.ts';
export type { ApiAuth, AuthCheck, Caller } from './api-auth.ts';
export { assertProtected, openApiAccess } from './api-access.ts';
export { EngineRegistry, PRIMARY_ENGINE_ID } from './engine-registry.ts';
export type { ManagedEngine, ManagedRun } from './engine-registry.ts';
export { LiveFeed, LIVE_INTERVAL_MS, LIVE_MAX_BUFFERED_BYTES } from './live-feed.ts';
export type { LiveClient } from './live-feed.ts';
export { openApiDocument } from './openapi.ts';
