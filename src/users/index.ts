/**
 * Internal users of the management API (reference §B10): the SQLite user store, scrypt password
 * hashes, HS256 tokens, the login limiter, the audit log, the first-start bootstrap and the
 * `gossipper auth` command. Loaded only by `gossipper server` and `gossipper auth` (main.ts
 * imports it lazily, as does server/); better-sqlite3 and jose are loaded later still, when a
 * database is opened or a token made.
 */
export { runAuthCommand, AUTH_HELP } from './auth-command.ts';
export {
  authSettingsFrom,
  readAuthSettings,
  readInternalAuthSettings,
  DEFAULT_TOKEN_TTL_S,
  MIN_JWT_SECRET_BYTES,
} from './auth-settings.ts';
export type { Actor, AuditEntry } from './audit-log.ts';
export { bootstrapAdmin, bootstrapNotice } from './bootstrap.ts';
export type { BootstrapResult } from './bootstrap.ts';
export { InternalAuth, LOGIN_FAILED } from './internal-auth.ts';
export type { InternalAuthOptions, LoginResult } from './internal-auth.ts';
export { LoginLimiter } from './login-limiter.ts';
export type { LoginGate, LoginLimiterOptions } from './login-limiter.ts';
export {
  DEFAULT_SCRYPT_PARAMS,
  MIN_PASSWORD_LENGTH,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword,
} from './password-hash.ts';
export type { ScryptParams } from './password-hash.ts';
export { TOKEN_ISSUER, TokenService, randomSecret } from './token-service.ts';
export type { IssuedToken, Principal, TokenCheck } from './token-service.ts';
export { SCHEMA_VERSION } from './user-database.ts';
export { ROLES, UserStore, usernameProblem } from './user-store.ts';
export type { Role, User, UserStoreOptions } from './user-store.ts';
