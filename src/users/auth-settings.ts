/**
 * The `auth` object of a flat JSON config (reference §B10): `{"type": "internal", "sqlite_path":
 * "users.sqlite", "jwt_secret": "..."}` or `{"type": "none"}`. Read here on its own, so that
 * `gossipper auth` works on the same file `gossipper server -config` takes, whatever else it
 * holds. A relative sqlite_path is resolved against the JSON file's directory.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { InternalAuthConfig } from '../config/index.ts';
import { FlagError } from '../errors.ts';

/** HS256 keys shorter than the hash output (32 bytes) weaken it (RFC 7518 §3.2). */
export const MIN_JWT_SECRET_BYTES = 32;
/** Tokens live this long unless `token_ttl_s` says otherwise (the reference's 24 h). */
export const DEFAULT_TOKEN_TTL_S = 24 * 3600;

const MAX_CONFIG_BYTES = 1024 * 1024;
const KNOWN_KEYS = new Set(['type', 'sqlite_path', 'jwt_secret', 'token_ttl_s']);

function fail(where: string, message: string, hint?: string): never {
  throw new FlagError('CONFIG_INVALID', `${where}: ${message}`, hint);
}

/**
 * The `auth` object of a parsed flat JSON (`where` names it in errors, `dir` resolves relative
 * paths). Undefined when absent or `"type": "none"`.
 */
export function authSettingsFrom(
  value: unknown,
  dir: string,
  where: string,
): InternalAuthConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(
      where,
      '"auth" must be an object like {"type": "internal", "sqlite_path": "users.sqlite"}',
    );
  const auth = value as Record<string, unknown>;
  const unknown = Object.keys(auth).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0)
    fail(where, `"auth" has unknown keys ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (auth.type === 'none') return undefined;
  if (auth.type !== 'internal')
    fail(where, `"auth.type" must be "internal" or "none", not ${JSON.stringify(auth.type)}`);
  const path = auth.sqlite_path;
  if (typeof path !== 'string' || path === '')
    fail(where, '"auth.sqlite_path" is required with "type": "internal" (the users database)');
  const secret = auth.jwt_secret;
  if (secret !== undefined) {
    if (typeof secret !== 'string') fail(where, '"auth.jwt_secret" must be a string');
    const bytes = Buffer.byteLength(secret, 'utf8');
    if (bytes < MIN_JWT_SECRET_BYTES)
      fail(
        where,
        `"auth.jwt_secret" has ${bytes} bytes; at least ${MIN_JWT_SECRET_BYTES} are needed`,
        'leave it out to have a random 256-bit secret kept in the database, or use ' +
          '`openssl rand -hex 32`',
      );
  }
  const ttl = auth.token_ttl_s ?? DEFAULT_TOKEN_TTL_S;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 60 || ttl > 30 * 24 * 3600)
    fail(where, '"auth.token_ttl_s" must be an integer number of seconds from 60 to 2592000');
  return {
    sqlitePath: resolve(dir, path),
    jwtSecret: secret as string | undefined,
    tokenTtlS: ttl,
  };
}

/** Reads `file` (relative to `cwd`) and returns its `auth` settings. */
export function readAuthSettings(file: string, cwd: string): InternalAuthConfig | undefined {
  const path = resolve(cwd, file);
  const where = `-config ${file}`;
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES)
      fail(where, `larger than ${MAX_CONFIG_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof FlagError) throw err;
    fail(where, `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    fail(where, `malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(where, 'the file must hold a JSON object');
  return authSettingsFrom((value as Record<string, unknown>).auth, dirname(path), where);
}

/** Like readAuthSettings, but refuses a file without internal auth (for `gossipper auth`). */
export function readInternalAuthSettings(file: string, cwd: string): InternalAuthConfig {
  const settings = readAuthSettings(file, cwd);
  if (settings === undefined)
    fail(
      `-config ${file}`,
      'no internal auth settings: the users live in the database that "auth" names',
      'add "auth": {"type": "internal", "sqlite_path": "users.sqlite"} to the JSON file',
    );
  return settings;
}
