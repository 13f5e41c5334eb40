/**
 * The users database file: better-sqlite3 required from beside the bin (createRequire, which
 * also works in the start-up snapshot's CommonJS bundle, where import() does not), the file
 * created with mode 0600 before SQLite opens it (SQLite gives its -wal and -shm files the mode
 * of the database file), WAL journaling, and the schema brought up to date by numbered
 * migrations recorded in `PRAGMA user_version`.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { GossipperError } from '../errors.ts';

export type SqliteDatabase = BetterSqlite3.Database;

/**
 * Each entry moves the schema from version i to i + 1; never edit a released entry, append one.
 * Usernames are restricted to ASCII (see user-store.ts), so COLLATE NOCASE is a complete
 * case-insensitive uniqueness rule.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     username TEXT NOT NULL COLLATE NOCASE UNIQUE,
     role TEXT NOT NULL CHECK (role IN ('admin', 'operator')),
     password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
     session_epoch INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE kv_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ts INTEGER NOT NULL,
     user_id INTEGER,
     username TEXT,
     action TEXT NOT NULL,
     target TEXT,
     payload_json TEXT
   );
   CREATE INDEX audit_log_ts ON audit_log (ts);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

type DatabaseConstructor = typeof BetterSqlite3;

function loadDriver(): DatabaseConstructor {
  const { createRequire } = process.getBuiltinModule('node:module');
  try {
    return createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new GossipperError(
      'FILE_IO',
      `internal auth needs the npm package better-sqlite3, which could not be loaded: ${why}`,
      'npm install better-sqlite3@12 (next to gossipper)',
    );
  }
}

/** Opens (creating with mode 0600 when absent) and migrates the database at `path`. */
export function openUserDatabase(path: string): SqliteDatabase {
  try {
    // 'a' creates the file when absent (mode 0600 then) and leaves an existing one as it is.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new GossipperError('FILE_IO', `users database ${path}: cannot create it (${code})`);
  }
  const Database = loadDriver();
  let db: SqliteDatabase;
  try {
    db = new Database(path, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
  } catch (err) {
    if (err instanceof GossipperError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new GossipperError('FILE_IO', `users database ${path}: ${why}`);
  }
  return db;
}

function migrate(db: SqliteDatabase, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      throw new GossipperError(
        'FILE_IO',
        `users database ${path}: schema version ${version} is newer than this gossipper knows ` +
          `(${MIGRATIONS.length})`,
        'use the gossipper version that wrote it, or a newer one',
      );
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    if (version !== MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
