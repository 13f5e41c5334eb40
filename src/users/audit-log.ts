/**
 * The audit log: one row per change (who, what, on what, when) in the users database, written
 * inside the same transaction as the change it records when there is one, so a crash keeps both
 * or neither. The API appends a row for every mutating call (server/api-audit.ts).
 */
import type { SqliteDatabase } from './user-database.ts';

/** Who did something: a user of the API, or a named source such as `cli` or `bootstrap`. */
export interface Actor {
  readonly userId?: number;
  readonly username: string;
}

export interface AuditEntry {
  readonly id: number;
  /** Unix milliseconds. */
  readonly ts: number;
  readonly userId: number | null;
  readonly username: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly payloadJson: string | null;
}

/** Longest payload kept: the row records a change, it is not a copy of a scenario upload. */
const MAX_PAYLOAD_CHARS = 4096;

export function appendAudit(
  db: SqliteDatabase,
  entry: { actor: Actor; action: string; target?: string; payload?: unknown; ts: number },
): void {
  const payload = entry.payload === undefined ? null : JSON.stringify(entry.payload);
  db.prepare(
    'INSERT INTO audit_log (ts, user_id, username, action, target, payload_json) ' +
      'VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    entry.ts,
    entry.actor.userId ?? null,
    entry.actor.username,
    entry.action,
    entry.target ?? null,
    payload === null ? null : payload.slice(0, MAX_PAYLOAD_CHARS),
  );
}

interface AuditRow {
  id: number;
  ts: number;
  user_id: number | null;
  username: string | null;
  action: string;
  target: string | null;
  payload_json: string | null;
}

/** The newest `limit` rows (1..10000), newest first. */
export function readAudit(db: SqliteDatabase, limit: number): AuditEntry[] {
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(Math.max(1, Math.min(Math.trunc(limit) || 1, 10_000))) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    ts: r.ts,
    userId: r.user_id,
    username: r.username,
    action: r.action,
    target: r.target,
    payloadJson: r.payload_json,
  }));
}
