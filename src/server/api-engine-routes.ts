/**
 * The routes over several engines: `/api/v1/clients` (dynamic UAC engines, reference §B6
 * 6.10–6.12) and `/api/v1/transports` (the primary's listener toggle, and the client rows'
 * pause/resume, 6.8–6.9). Listener toggles change whether new dialogs are taken; calls in
 * progress and bound sockets are left alone.
 */
import type { Hono } from 'hono';
import type { ApiEnv } from './api-guard.ts';
import { ApiError, MAX_CLIENT_BODY_BYTES } from './api-error.ts';
import { readJsonBody } from './api-body.ts';
import { ClientRequest, TransportsRequest } from './api-schemas.ts';
import type { DynamicClients } from './dynamic-clients.ts';
import type { EngineRegistry, ManagedEngine } from './engine-registry.ts';
import { transportsObject } from './stats-view.ts';

export function transportsBody(registry: EngineRegistry, clients: DynamicClients | undefined) {
  const view = transportsObject(registry.listenerGroup(), registry.all());
  return clients === undefined ? view : { ...view, dynamic_client_api: clientApi() };
}

function clientApi(): { can_post: boolean; can_delete: boolean } {
  return { can_post: true, can_delete: true };
}

export function engineById(registry: EngineRegistry, id: string): ManagedEngine {
  const engine = registry.get(id);
  if (engine === undefined) throw new ApiError(404, `no engine with id "${id}"`);
  return engine;
}

export function addEngineRoutes(
  app: Hono<ApiEnv>,
  registry: EngineRegistry,
  clients: DynamicClients | undefined,
  log: (line: string) => void,
): void {
  const hosting = (): DynamicClients => {
    if (clients === undefined)
      throw new ApiError(404, 'dynamic clients need gossipper server (not -api_addr on a run)');
    return clients;
  };

  app.get('/api/v1/clients', (c) => {
    const host = hosting();
    return c.json({
      engines: transportsObject(registry.listenerGroup(), registry.all()).clients,
      dynamic: host.ids,
      dynamic_client_api: clientApi(),
    });
  });
  app.post('/api/v1/clients', async (c) => {
    const host = hosting();
    const body = await readJsonBody(c, ClientRequest, MAX_CLIENT_BODY_BYTES);
    const id = await host.start(body, c.req.query('id'));
    return c.json({ id, started: true }, 201);
  });
  app.delete('/api/v1/clients', (c) => {
    const host = hosting();
    const id = c.req.query('id');
    if (id === undefined || id === '') throw new ApiError(400, 'DELETE needs ?id=<engine id>');
    host.stop(id);
    return c.body(null, 204);
  });

  app.get('/api/v1/transports', (c) => c.json(transportsBody(registry, clients)));
  app.post('/api/v1/transports', async (c) => {
    const req = await readJsonBody(c, TransportsRequest);
    const listeners = [...(req.listeners ?? [])];
    if (req.index !== undefined || req.enabled !== undefined) {
      if (req.index === undefined || req.enabled === undefined)
        throw new ApiError(400, 'the shorthand needs both "index" and "enabled"');
      listeners.push({ index: req.index, enabled: req.enabled });
    }
    // Everything is checked before anything changes: a refused batch changes nothing.
    const toggles = listeners.map((l) => ({ run: listenerRun(registry, l.index), on: l.enabled }));
    const rows = (req.clients ?? []).map((row) => {
      const engine = engineById(registry, row.id);
      if (engine.run.scenario.mode !== 'client')
        throw new ApiError(400, `engine "${row.id}" answers calls: toggle it under "listeners"`);
      return { engine, accepting: row.accepting };
    });
    for (const t of toggles) t.run.setAcceptingDialogs?.(t.on);
    for (const { engine, accepting } of rows) {
      if (accepting) engine.run.resume();
      else engine.run.pause();
    }
    if (listeners.length > 0 || rows.length > 0)
      log(`transports changed (POST /api/v1/transports): ${JSON.stringify(req)}`);
    return c.json(transportsBody(registry, clients));
  });
}

function listenerRun(registry: EngineRegistry, index: number): ManagedEngine['run'] {
  if (registry.primary.run.scenario.mode !== 'server')
    throw new ApiError(400, 'the primary engine places calls: it has no listener to toggle');
  const group = registry.listenerGroup();
  const run = group[index]?.run;
  if (run === undefined) {
    const last = group.length - 1;
    throw new ApiError(404, `no listener with index ${index} (there are 0..${last})`);
  }
  if (run.setAcceptingDialogs === undefined)
    throw new ApiError(409, 'this engine (-threads) cannot toggle its listener');
  return run;
}
