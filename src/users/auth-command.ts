/**
 * `gossipper auth <verb> -config <flat.json> ...`: the users of internal auth, in the database
 * that the JSON's `auth.sqlite_path` names (reference §B10 10.3), changed while the server runs
 * or not (SQLite serializes the writers; the server re-reads users and the secret on every
 * request). `-password-stdin` keeps a password out of argv and shell history.
 */
import { FlagError, GossipperError } from '../errors.ts';
import { EXIT_NO_TRAFFIC, EXIT_OK } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import type { Actor } from './audit-log.ts';
import { readInternalAuthSettings } from './auth-settings.ts';
import { InternalAuth } from './internal-auth.ts';
import { ROLES } from './user-store.ts';
import type { Role, User } from './user-store.ts';

export const AUTH_HELP = `Usage: gossipper auth <command> -config <file.json> [options]

Users of the management API's internal auth (the JSON's "auth": {"type": "internal",
"sqlite_path": ..., "jwt_secret": ...}).

Commands:
  user-add     create a user, or set an existing one's password (and -role)
  user-list    list the users
  user-del     delete a user (never the last admin)
  user-passwd  set a user's password (ends that user's tokens)
  user-role    set a user's role (ends that user's tokens)
  rotate-secret  a new random JWT secret: every token issued so far stops working
  audit        the newest audit log rows (-limit N, default 50)

Options:
  -config <file.json>   the flat JSON that gossipper server -config reads
  -username <name>      letters, digits and . _ @ - (case-insensitive, unique)
  -password <secret>    at least 8 characters (visible in ps and shell history)
  -password-stdin       read the password from standard input instead
  -role admin|operator  user-add: default operator (new users) or unchanged
  -limit <n>            audit: how many rows
`;

interface AuthArgs {
  verb: string;
  config?: string;
  username?: string;
  password?: string;
  passwordStdin: boolean;
  role?: Role;
  limit: number;
}

const VALUE_FLAGS = new Set(['-config', '-username', '-password', '-role', '-limit']);

function parseArgs(args: readonly string[]): AuthArgs | 'help' {
  const [verb, ...rest] = args;
  if (verb === undefined || ['-h', '-help', '--help', 'help'].includes(verb)) return 'help';
  const parsed: AuthArgs = { verb, passwordStdin: false, limit: 50 };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (['-h', '-help', '--help'].includes(flag)) return 'help';
    if (flag === '-password-stdin') {
      parsed.passwordStdin = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag))
      throw new FlagError(
        'FLAG_UNKNOWN',
        `gossipper auth: unknown option "${flag}"`,
        'see gossipper auth -h',
      );
    const value = rest[++i];
    if (value === undefined)
      throw new FlagError('FLAG_MISSING_VALUE', `gossipper auth: ${flag} needs a value`);
    if (flag === '-config') parsed.config = value;
    if (flag === '-username') parsed.username = value;
    if (flag === '-password') parsed.password = value;
    if (flag === '-role') parsed.role = parseRole(value);
    if (flag === '-limit') parsed.limit = parseLimit(value);
  }
  return parsed;
}

function parseRole(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new FlagError(
    'FLAG_VALUE',
    `gossipper auth: -role must be admin or operator, not "${value}"`,
  );
}

function parseLimit(value: string): number {
  if (/^\d{1,5}$/.test(value) && Number(value) > 0) return Number(value);
  throw new FlagError('FLAG_VALUE', `gossipper auth: -limit must be a number from 1 to 99999`);
}

function required(value: string | undefined, flag: string, verb: string): string {
  if (value !== undefined) return value;
  throw new FlagError('FLAG_MISSING_VALUE', `gossipper auth ${verb}: ${flag} is required`);
}

async function password(args: AuthArgs, io: Io): Promise<string> {
  if (args.passwordStdin && args.password !== undefined)
    throw new FlagError(
      'FLAG_VALUE',
      'gossipper auth: give -password or -password-stdin, not both',
    );
  if (!args.passwordStdin) return required(args.password, '-password', args.verb);
  if (io.readAllStdin === undefined)
    throw new FlagError('FLAG_UNAVAILABLE', 'gossipper auth: -password-stdin: no standard input');
  // One trailing line break is the shell's (echo, a here-string), not the password's.
  return (await io.readAllStdin()).replace(/\r?\n$/, '');
}

function userLine(user: User): string {
  const created = new Date(user.createdAt).toISOString();
  return `${String(user.id).padStart(4)}  ${user.username.padEnd(24)} ${user.role.padEnd(9)} ${created}\n`;
}

type Verb = (auth: InternalAuth, args: AuthArgs, io: Io, actor: Actor) => Promise<void> | void;

const VERBS: Readonly<Record<string, Verb>> = {
  async 'user-add'(auth, args, io, actor) {
    const name = required(args.username, '-username', args.verb);
    const result = await auth.store.upsertUser(name, await password(args, io), args.role, actor);
    const what = result.created ? 'created' : 'updated (its older tokens no longer work)';
    io.stdout.write(`user "${result.user.username}" (${result.user.role}) ${what}\n`);
  },
  'user-list'(auth, _args, io) {
    io.stdout.write(`  id  ${'username'.padEnd(24)} ${'role'.padEnd(9)} created\n`);
    for (const user of auth.store.listUsers()) io.stdout.write(userLine(user));
  },
  'user-del'(auth, args, io, actor) {
    const user = auth.store.deleteUser(required(args.username, '-username', args.verb), actor);
    io.stdout.write(`user "${user.username}" deleted\n`);
  },
  async 'user-passwd'(auth, args, io, actor) {
    const name = required(args.username, '-username', args.verb);
    const user = await auth.store.setPassword(name, await password(args, io), actor);
    io.stdout.write(`password of "${user.username}" changed (its older tokens no longer work)\n`);
  },
  'user-role'(auth, args, io, actor) {
    const name = required(args.username, '-username', args.verb);
    const role = args.role ?? required(undefined, '-role', args.verb);
    const user = auth.store.setRole(name, role as Role, actor);
    io.stdout.write(`user "${user.username}" is now ${user.role}\n`);
  },
  'rotate-secret'(auth, _args, io, actor) {
    auth.rotateSecret(actor);
    io.stdout.write(
      'JWT secret rotated: every token issued so far is refused from now on (a running server ' +
        'included); users log in again\n',
    );
  },
  audit(auth, args, io) {
    for (const row of auth.store.listAudit(args.limit)) {
      const when = new Date(row.ts).toISOString();
      const target = row.target === null ? '' : ` ${row.target}`;
      const payload = row.payloadJson === null ? '' : ` ${row.payloadJson}`;
      io.stdout.write(`${when} ${row.username ?? '-'} ${row.action}${target}${payload}\n`);
    }
  },
};

export async function runAuthCommand(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    io.stdout.write(AUTH_HELP);
    return EXIT_NO_TRAFFIC;
  }
  // Own keys only: "constructor" or "toString" is no command.
  const verb = Object.hasOwn(VERBS, parsed.verb) ? VERBS[parsed.verb] : undefined;
  if (verb === undefined)
    throw new GossipperError(
      'FLAG_UNKNOWN',
      `gossipper auth: unknown command "${parsed.verb}"`,
      'see gossipper auth -h',
    );
  const settings = readInternalAuthSettings(
    required(parsed.config, '-config', parsed.verb),
    io.cwd,
  );
  const auth = InternalAuth.open(settings);
  try {
    const who = io.env.USER ?? io.env.LOGNAME;
    await verb(auth, parsed, io, { username: who === undefined ? 'cli' : `cli:${who}` });
  } finally {
    auth.close();
  }
  return EXIT_OK;
}
