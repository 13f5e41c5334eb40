/**
 * Run-profile files (reference §B8/§B9): a flat profile, an alias file
 * (`{"aliases":{"name":{...}}}`, picked with -run-alias), or the composite layout (`server` +
 * `clients[]`, several engines in one process). Read into engine profiles, each a list of flag
 * tokens that the flag parser turns into that engine's RunConfig.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { closestName } from '../did-you-mean.ts';
import { isProfileObject, profileArgs, profileError } from './profile-keys.ts';
import type { ProfileBody, ProfileRole } from './profile-keys.ts';

const MAX_PROFILE_FILE_BYTES = 1024 * 1024;
/** Reference §B9 9.1: one server and at most 15 clients per process. */
export const MAX_PROFILES = 16;
/** Keys that shape a composite file rather than being shared into its profiles. */
const LAYOUT_KEYS = new Set(['server', 'clients', 'client', 'workloads', 'aliases']);
/** What a joined client does not take from the shared keys: the API is the server's. */
const SERVER_ONLY_KEYS = ['api_addr', 'api_token', 'api_allow_open', 'auth', 'drain_timeout'];

export interface ProfileFile {
  /** As given on the command line, for messages. */
  readonly name: string;
  /** Relative paths inside resolve against it. */
  readonly dir: string;
  readonly doc: ProfileBody;
}

export interface EngineProfile {
  readonly id: string;
  /** The management engine of a composite file, or the only engine of a flat one. */
  readonly isPrimary: boolean;
  readonly role?: ProfileRole;
  readonly args: string[];
  /** Names the profile in errors: `f.json clients[1]`. */
  readonly where: string;
  /** The primary's `auth` (internal users) and the directory its paths resolve against. */
  readonly auth?: { readonly value: unknown; readonly dir: string };
  /**
   * A SIP bind of the primary server beyond its first (`listeners[1..]`): its own engine on the
   * primary's scenario. Its bind tokens go after the command line's flags, so they stay its own.
   */
  readonly listener?: { readonly index: number; readonly bindArgs: string[] };
}

export function readProfileFile(file: string, cwd: string): ProfileFile {
  const path = resolve(cwd, file);
  const where = `-config ${file}`;
  let textBody: string;
  try {
    if (statSync(path).size > MAX_PROFILE_FILE_BYTES)
      throw profileError(where, `larger than ${MAX_PROFILE_FILE_BYTES} bytes`);
    textBody = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof Error && err.name === 'FlagError') throw err;
    throw profileError(where, `cannot read it (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(textBody);
  } catch (err) {
    throw profileError(where, `malformed JSON: ${err instanceof Error ? err.message : err}`);
  }
  if (!isProfileObject(doc)) throw profileError(where, 'the top level must be a JSON object');
  return { name: file, dir: dirname(path), doc };
}

function aliasTable(f: ProfileFile): ProfileBody | undefined {
  const aliases = f.doc.aliases;
  if (aliases === undefined) return undefined;
  if (!isProfileObject(aliases))
    throw profileError(`-config ${f.name}`, '"aliases" must be an object');
  return aliases;
}

/** `-list-aliases`: the alias names, sorted. */
export function aliasNames(f: ProfileFile): string[] {
  const table = aliasTable(f);
  if (table === undefined)
    throw profileError(`-config ${f.name}`, 'has no "aliases" object to list');
  return Object.keys(table).sort();
}

/** The body a run uses: the alias named by -run-alias, or the whole file. */
export function selectProfile(f: ProfileFile, alias: string | undefined): ProfileBody {
  const table = aliasTable(f);
  const where = `-config ${f.name}`;
  if (alias === undefined) {
    if (table !== undefined)
      throw profileError(
        where,
        `holds aliases: pick one with -run-alias (${aliasNames(f).join(', ')})`,
      );
    return f.doc;
  }
  if (table === undefined)
    throw profileError(where, `-run-alias ${alias}: the file has no "aliases"`);
  const body = table[alias];
  if (body === undefined) {
    const near = closestName(alias, Object.keys(table));
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    throw profileError(where, `no alias "${alias}"${hint}; -list-aliases lists them`);
  }
  if (!isProfileObject(body)) throw profileError(where, `alias "${alias}" must be an object`);
  return body;
}

export function isComposite(body: ProfileBody): boolean {
  return isProfileObject(body.server) || body.clients !== undefined || body.client !== undefined;
}

/**
 * The engines a body describes: one for a flat profile, the server and its clients for the
 * composite layout (shared top-level keys shallow-merged into each, §B9 9.1).
 */
export function engineProfiles(body: ProfileBody, dir: string, name: string): EngineProfile[] {
  const where = `-config ${name}`;
  if (!isComposite(body)) {
    const p = profileArgs(body, dir, where);
    const id = p.id ?? 'primary';
    const auth = p.auth === undefined ? undefined : { value: p.auth, dir };
    return withListeners(
      { id, isPrimary: true, role: p.role, args: p.args, where, auth },
      p.listeners,
    );
  }
  if (body.workloads !== undefined)
    throw profileError(where, '"workloads" was removed: use "clients"');
  if (body.clients !== undefined && body.client !== undefined)
    throw profileError(where, 'give "clients" or "client", not both');
  const shared: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!LAYOUT_KEYS.has(k)) shared[k] = v;
  const listed = body.clients ?? body.client ?? [];
  const clients = Array.isArray(listed) ? listed : [listed];
  if (body.server !== undefined && !isProfileObject(body.server))
    throw profileError(where, '"server" must be an object');
  const server = body.server as ProfileBody | undefined;
  const count = clients.length + (server === undefined ? 0 : 1);
  if (count > MAX_PROFILES)
    throw profileError(where, `${count} profiles: at most ${MAX_PROFILES} (one server, clients)`);
  const out: EngineProfile[] = [];
  if (server !== undefined) {
    const at = `${where} server`;
    const p = profileArgs({ ...shared, ...server }, dir, at);
    if (p.role === 'load') throw profileError(at, 'the server profile must be a management one');
    const id = p.id ?? 'primary';
    const primary: EngineProfile = {
      id,
      isPrimary: true,
      role: 'management',
      args: p.args,
      where: at,
      auth: p.auth === undefined ? undefined : { value: p.auth, dir },
    };
    out.push(...withListeners(primary, p.listeners));
  }
  clients.forEach((client, i) => {
    const at = `${where} ${body.clients !== undefined ? `clients[${i}]` : 'client'}`;
    if (!isProfileObject(client)) throw profileError(at, 'must be an object');
    const own = SERVER_ONLY_KEYS.filter((k) => k in client);
    if (own.length > 0)
      throw profileError(at, `${own.map((k) => `"${k}"`).join(', ')}: the API is the server's`);
    // Shared API keys are the server's: a joined client does not take them (§B9 9.1).
    const merged: Record<string, unknown> = { ...shared, ...client };
    for (const k of SERVER_ONLY_KEYS) delete merged[k];
    if ('listeners' in client) throw profileError(at, '"listeners" are the server profile\'s');
    delete merged.listeners;
    const p = profileArgs(merged, dir, at);
    if (p.role === 'management')
      throw profileError(at, 'a client profile must be a load profile (role load, remote_addr)');
    const id = p.id ?? `w${i + (server === undefined ? 0 : 1)}`;
    out.push({ id, isPrimary: out.length === 0, role: 'load', args: p.args, where: at });
  });
  if (out.length === 0) throw profileError(where, 'neither a server nor a client profile');
  if (out.length > MAX_PROFILES)
    throw profileError(where, `${out.length} engines with the listeners: at most ${MAX_PROFILES}`);
  const seen = new Map<string, string>();
  for (const e of out) {
    const first = seen.get(e.id);
    if (first !== undefined)
      throw profileError(e.where, `id "${e.id}" is already the id of ${first}; ids must differ`);
    seen.set(e.id, e.where);
  }
  return out;
}

/**
 * A server profile with `listeners`: its first bind is its own (after its keys, before argv);
 * each further one is an engine `<id>-l<i>` on the same scenario.
 */
function withListeners(primary: EngineProfile, binds: string[][] | undefined): EngineProfile[] {
  if (binds === undefined) return [primary];
  const [first, ...more] = binds;
  return [
    { ...primary, args: [...primary.args, ...first] },
    ...more.map((bindArgs, i) => ({
      ...primary,
      id: `${primary.id}-l${i + 1}`,
      isPrimary: false,
      where: `${primary.where} listeners[${i + 1}]`,
      listener: { index: i + 1, bindArgs },
    })),
  ];
}
