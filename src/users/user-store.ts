/**
 * Users and settings in one SQLite file (user-database.ts). Every change is one transaction that
 * also appends its audit row, so a crash (even kill -9) leaves the whole change and its record,
 * or neither: never a half-made user. Password hashing is slow and asynchronous, so it happens
 * before the transaction starts; the transaction then re-reads what it depends on.
 */
import { GossipperError } from '../errors.ts';
import { appendAudit, readAudit } from './audit-log.ts';
import type { Actor, AuditEntry } from './audit-log.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyNobody,
  verifyPassword,
} from './password-hash.ts';
import type { ScryptParams } from './password-hash.ts';
import { openUserDatabase } from './user-database.ts';
import type { SqliteDatabase } from './user-database.ts';

export type Role = 'admin' | 'operator';
export const ROLES: readonly Role[] = ['admin', 'operator'];

export interface User {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  /** Raised when the password or the role changes: tokens carrying an older one are refused. */
  readonly sessionEpoch: number;
  /** Unix milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface UserStoreOptions {
  /** Unix milliseconds; tests pass a fake clock. */
  readonly nowMs?: () => number;
  /** Tests: cheaper scrypt parameters. */
  readonly scrypt?: ScryptParams;
}

/**
 * ASCII only: SQLite's COLLATE NOCASE folds ASCII letters alone, so with this rule it is a
 * complete case-insensitive uniqueness check (no "Ädmin" next to "ädmin").
 */
const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  session_epoch: number;
  created_at: number;
  updated_at: number;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    sessionEpoch: row.session_epoch,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function usernameProblem(username: string): string | undefined {
  if (USERNAME_PATTERN.test(username)) return undefined;
  return (
    `username "${username.slice(0, 80)}" is not allowed: 1 to 64 characters among letters, ` +
    'digits and . _ @ - (starting with a letter or digit)'
  );
}

function invalid(message: string): never {
  throw new GossipperError('USER_INVALID', message);
}

function notFound(username: string): never {
  throw new GossipperError('USER_NOT_FOUND', `no user "${username.slice(0, 80)}"`);
}

export class UserStore {
  readonly path: string;
  readonly scrypt: ScryptParams;
  private readonly db: SqliteDatabase;
  private readonly nowMs: () => number;

  private constructor(path: string, db: SqliteDatabase, options: UserStoreOptions) {
    this.path = path;
    this.db = db;
    this.nowMs = options.nowMs ?? Date.now;
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT_PARAMS;
  }

  /** Opens (creating and migrating) the database at `path`: loads better-sqlite3 now. */
  static open(path: string, options: UserStoreOptions = {}): UserStore {
    return new UserStore(path, openUserDatabase(path), options);
  }

  close(): void {
    this.db.close();
  }

  countUsers(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  listUsers(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser);
  }

  findByName(username: string): User | undefined {
    const row = this.rowByName(username);
    return row === undefined ? undefined : toUser(row);
  }

  findById(id: number): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row === undefined ? undefined : toUser(row);
  }

  /**
   * Creates the user, or (upsert) sets the existing one's password, and its role when one is
   * given. New users are operators unless told otherwise (reference §B10 10.7).
   */
  async upsertUser(
    username: string,
    password: string,
    role: Role | undefined,
    actor: Actor,
  ): Promise<{ user: User; created: boolean }> {
    const problem = usernameProblem(username) ?? passwordProblem(password);
    if (problem !== undefined) invalid(problem);
    const hash = await hashPassword(password, this.scrypt);
    return this.write(() => {
      const now = this.nowMs();
      const existing = this.rowByName(username);
      if (existing === undefined) {
        const user = this.insert(username, role ?? 'operator', hash, now);
        this.log(actor, 'user.add', user.username, { role: user.role }, now);
        return { user, created: true };
      }
      const newRole = role ?? existing.role;
      if (existing.role === 'admin' && newRole !== 'admin') this.assertAnotherAdmin(existing.id);
      this.db
        .prepare(
          'UPDATE users SET password_hash = ?, role = ?, session_epoch = session_epoch + 1, ' +
            'updated_at = ? WHERE id = ?',
        )
        .run(hash, newRole, now, existing.id);
      this.log(actor, 'user.update', existing.username, { role: newRole }, now);
      return { user: this.findById(existing.id) as User, created: false };
    });
  }

  /** Creates a user; refuses (USER_EXISTS) a name taken in any case, checked in the transaction. */
  async addUser(username: string, password: string, role: Role, actor: Actor): Promise<User> {
    const problem = usernameProblem(username) ?? passwordProblem(password);
    if (problem !== undefined) invalid(problem);
    const hash = await hashPassword(password, this.scrypt);
    return this.write(() => {
      const existing = this.rowByName(username);
      if (existing !== undefined)
        throw new GossipperError('USER_EXISTS', `user "${existing.username}" exists`);
      const now = this.nowMs();
      const user = this.insert(username, role, hash, now);
      this.log(actor, 'user.add', user.username, { role }, now);
      return user;
    });
  }

  /** Creates the first user only if there is none yet (two servers may start at once). */
  async addFirstUser(username: string, password: string): Promise<User | undefined> {
    const problem = usernameProblem(username) ?? passwordProblem(password);
    if (problem !== undefined) invalid(problem);
    const hash = await hashPassword(password, this.scrypt);
    return this.write(() => {
      if (this.countUsers() > 0) return undefined;
      const now = this.nowMs();
      const user = this.insert(username, 'admin', hash, now);
      this.log({ username: 'bootstrap' }, 'user.add', user.username, { role: 'admin' }, now);
      return user;
    });
  }

  /** A new password; the user's older tokens stop working. */
  async setPassword(username: string, password: string, actor: Actor): Promise<User> {
    const problem = passwordProblem(password);
    if (problem !== undefined) invalid(problem);
    if (this.rowByName(username) === undefined) notFound(username);
    const hash = await hashPassword(password, this.scrypt);
    return this.write(() => {
      const row = this.rowByName(username) ?? notFound(username);
      const now = this.nowMs();
      this.db
        .prepare(
          'UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1, ' +
            'updated_at = ? WHERE id = ?',
        )
        .run(hash, now, row.id);
      this.log(actor, 'user.password', row.username, undefined, now);
      return this.findById(row.id) as User;
    });
  }

  /**
   * Changes an existing user's password and/or role in one transaction (PUT /users/{name}).
   * Unlike upsertUser it never creates: a user deleted while the new password was being hashed
   * stays deleted (USER_NOT_FOUND).
   */
  async changeUser(
    username: string,
    changes: { readonly password?: string; readonly role?: Role },
    actor: Actor,
  ): Promise<User> {
    const { password, role } = changes;
    const problem = password === undefined ? undefined : passwordProblem(password);
    if (problem !== undefined) invalid(problem);
    if (this.rowByName(username) === undefined) notFound(username);
    const hash = password === undefined ? undefined : await hashPassword(password, this.scrypt);
    return this.write(() => {
      const row = this.rowByName(username) ?? notFound(username);
      const newRole = role ?? row.role;
      if (row.role === 'admin' && newRole !== 'admin') this.assertAnotherAdmin(row.id);
      const now = this.nowMs();
      this.db
        .prepare(
          'UPDATE users SET password_hash = ?, role = ?, session_epoch = session_epoch + 1, ' +
            'updated_at = ? WHERE id = ?',
        )
        .run(hash ?? row.password_hash, newRole, now, row.id);
      const what = hash === undefined ? 'user.role' : 'user.update';
      this.log(actor, what, row.username, { role: newRole }, now);
      return this.findById(row.id) as User;
    });
  }

  setRole(username: string, role: Role, actor: Actor): User {
    return this.write(() => {
      const row = this.rowByName(username) ?? notFound(username);
      if (row.role === 'admin' && role !== 'admin') this.assertAnotherAdmin(row.id);
      const now = this.nowMs();
      this.db
        .prepare(
          'UPDATE users SET role = ?, session_epoch = session_epoch + 1, updated_at = ? ' +
            'WHERE id = ?',
        )
        .run(role, now, row.id);
      this.log(actor, 'user.role', row.username, { role }, now);
      return this.findById(row.id) as User;
    });
  }

  /** Deletes the user; never the last admin (nobody could manage users after). */
  deleteUser(username: string, actor: Actor): User {
    return this.write(() => {
      const row = this.rowByName(username) ?? notFound(username);
      if (row.role === 'admin') this.assertAnotherAdmin(row.id);
      this.db.prepare('DELETE FROM users WHERE id = ?').run(row.id);
      this.log(actor, 'user.delete', row.username, undefined, this.nowMs());
      return toUser(row);
    });
  }

  /**
   * The user when the password matches, else undefined, in the same time either way (an unknown
   * name costs one scrypt too). A hash made with other scrypt parameters than the store's is
   * replaced now, while the password is known: raising the parameters upgrades users as they
   * log in.
   */
  async checkPassword(username: string, password: string): Promise<User | undefined> {
    const row = usernameProblem(username) === undefined ? this.rowByName(username) : undefined;
    if (row === undefined) return verifyNobody(password, this.scrypt).then(() => undefined);
    if (!(await verifyPassword(password, row.password_hash))) return undefined;
    if (needsRehash(row.password_hash, this.scrypt)) {
      const hash = await hashPassword(password, this.scrypt);
      // Only if nobody changed the password meanwhile; the epoch stays (same password).
      this.db
        .prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?')
        .run(hash, row.id, row.password_hash);
    }
    return toUser(row);
  }

  /** The stored hash (tests, diagnostics). */
  passwordHashOf(username: string): string | undefined {
    return this.rowByName(username)?.password_hash;
  }

  getSetting(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM kv_settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  /** Writes settings and, when `audit` is given, its record, in one transaction. */
  setSettings(
    values: Readonly<Record<string, string>>,
    audit?: { actor: Actor; action: string },
  ): void {
    this.write(() => {
      const upsert = this.db.prepare(
        'INSERT INTO kv_settings (key, value) VALUES (?, ?) ' +
          'ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      for (const [key, value] of Object.entries(values)) upsert.run(key, value);
      if (audit !== undefined)
        this.log(audit.actor, audit.action, undefined, undefined, this.nowMs());
    });
  }

  /** Appends one audit row (API calls that change something outside this store). */
  audit(actor: Actor, action: string, target?: string, payload?: unknown): void {
    appendAudit(this.db, { actor, action, target, payload, ts: this.nowMs() });
  }

  /** The newest `limit` audit rows, newest first. */
  listAudit(limit = 100): AuditEntry[] {
    return readAudit(this.db, limit);
  }

  /** `PRAGMA integrity_check`: "ok" when the file is sound. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** BEGIN IMMEDIATE: the write lock up front, so two processes never interleave a change. */
  private write<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  private insert(username: string, role: Role, hash: string, now: number): User {
    const info = this.db
      .prepare(
        'INSERT INTO users (username, role, password_hash, created_at, updated_at) ' +
          'VALUES (?, ?, ?, ?, ?)',
      )
      .run(username, role, hash, now, now);
    return this.findById(Number(info.lastInsertRowid)) as User;
  }

  private log(
    actor: Actor,
    action: string,
    target: string | undefined,
    payload: unknown,
    ts: number,
  ): void {
    appendAudit(this.db, { actor, action, target, payload, ts });
  }

  private rowByName(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
  }

  private assertAnotherAdmin(id: number): void {
    const others = this.db
      .prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND id <> ?")
      .get(id) as { n: number };
    if (others.n === 0) invalid('this would leave no admin: make another user admin first');
  }
}
