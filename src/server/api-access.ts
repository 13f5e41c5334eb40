/**
 * How the API is protected, decided once at start: internal users (flat JSON `auth`: the
 * database opened, a first admin and a JWT secret created when missing), the legacy
 * `-api_token`, or nothing. An API with nothing, on an address beyond loopback, is refused
 * unless `-api_allow_open` says so: it would let anyone who reaches the port drive the load.
 */
import type { ApiConfig, HostPort } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import type { Io } from '../io.ts';
import { InternalAuth, bootstrapAdmin, bootstrapNotice } from '../users/index.ts';
import { internalTokenAuth, legacyTokenAuth } from './api-auth.ts';
import type { ApiAuth } from './api-auth.ts';
import { authWarning, isLoopback } from './auth-warning.ts';

export interface ApiAccess {
  readonly auth: ApiAuth;
  /** Closes the users database, if one was opened. */
  close(): void;
}

export async function openApiAccess(api: ApiConfig, io: Io): Promise<ApiAccess> {
  const settings = api.internalAuth;
  if (settings === undefined) return { auth: legacyTokenAuth(api.token), close: () => {} };
  if (api.token !== undefined)
    throw new GossipperError(
      'CONFIG_INVALID',
      '-api_token and internal auth ("auth" in the -config JSON) cannot be used together',
      'internal users log in at POST /api/v1/auth/login; drop -api_token / "api_token"',
    );
  const internal = InternalAuth.open(settings);
  try {
    const created = await bootstrapAdmin(internal, io.env);
    if (created !== undefined) io.stdout.write(bootstrapNotice(created, settings.sqlitePath));
  } catch (err) {
    internal.close();
    throw err;
  }
  return { auth: internalTokenAuth(internal), close: () => internal.close() };
}

/** Refuses an open API beyond loopback without `-api_allow_open` (before anything listens). */
export function assertProtected(addr: HostPort, api: ApiConfig): void {
  const isOpen = api.token === undefined && api.internalAuth === undefined;
  if (!isOpen || isLoopback(addr.host) || api.allowOpen === true) return;
  throw new GossipperError(
    'API_UNPROTECTED',
    `-api_addr ${addr.host}:${addr.port} is beyond loopback and the API has no authentication`,
    'set -api_token <secret> or internal auth ("auth" in the -config JSON, docs/security.md), ' +
      'bind -api_addr 127.0.0.1:<port>, or accept the risk with -api_allow_open',
  );
}

/** The start-up warning for an open API (on loopback, or beyond it with -api_allow_open). */
export function openApiWarning(addr: HostPort, auth: ApiAuth): string | undefined {
  return auth.isOpen ? authWarning(addr) : undefined;
}
