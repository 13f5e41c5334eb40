/**
 * The keys of one run profile (reference §B8 8.3/8.4): a flat `-config` file, one alias of an
 * alias file, one profile of a composite file, or the body of `POST /api/v1/clients`. Each key
 * stands for flag tokens, so a profile reaches a RunConfig through the flag parser like the
 * command line does: one builder for flags, JSON and API bodies. Plain checks here, no schema
 * library: the one-shot path reads profiles too, and its modules are in the start-up snapshot.
 */
import { resolve } from 'node:path';
import { FlagError } from '../errors.ts';

/** A profile body as read from JSON. */
export type ProfileBody = Readonly<Record<string, unknown>>;

export type ProfileRole = 'management' | 'load';

export interface ProfileArgs {
  /** Flag tokens standing for the profile, `extra_args` last. */
  readonly args: string[];
  /** `id`: the engine's id in the API. */
  readonly id?: string;
  /** `role`, or what the keys imply (§B8 8.5); undefined when nothing says. */
  readonly role?: ProfileRole;
  /** `listeners[]`: each SIP bind's flag tokens (`-t`, `-i`, `-p`), in order. */
  readonly listeners?: string[][];
  /** `auth`, as written: internal users, checked where the server reads it. */
  readonly auth?: unknown;
}

type Emit = (value: unknown, dir: string) => string[];

interface KeySpec {
  /** What the value must be, for the error: "a string", "a port (0..65535)". */
  readonly expects: string;
  readonly isValid: (value: unknown) => boolean;
  readonly emit: Emit;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

function text(flag: string): KeySpec {
  return { expects: 'a non-empty string', isValid: isString, emit: (v) => [flag, String(v)] };
}
/** A path: relative ones resolve against the JSON file's directory (§B8 8.2). */
function path(flag: string): KeySpec {
  return {
    expects: 'a file path',
    isValid: isString,
    emit: (v, dir) => [flag, resolve(dir, v as string)],
  };
}
function count(flag: string, min = 0): KeySpec {
  return {
    expects: min > 0 ? `an integer >= ${min}` : 'an integer >= 0',
    isValid: (v) => isCount(v) && v >= min,
    emit: (v) => [flag, String(v)],
  };
}
function flagIf(flag: string): KeySpec {
  return { expects: 'true or false', isValid: isBool, emit: (v) => (v === true ? [flag] : []) };
}
/** `"30s"`, `"500ms"` or a number of seconds: SIPp's time values take both. */
function duration(flag: string): KeySpec {
  return {
    expects: 'a duration ("30s", "500ms") or seconds',
    isValid: (v) => isString(v) || (typeof v === 'number' && v >= 0),
    emit: (v) => [flag, String(v)],
  };
}

const TRANSPORT_CODES: Readonly<Record<string, string>> = {
  udp: 'u1',
  tcp: 't1',
  tls: 'l1',
  ws: 'w1',
  wss: 'wss1',
};

/** Keys that stand for flags, in the order their tokens are emitted. */
const FLAG_KEYS: Readonly<Record<string, KeySpec>> = {
  scenario_file: path('-sf'),
  scenario_name: text('-sn'),
  service: text('-s'),
  transport: {
    expects: 'one of udp, tcp, tls, ws, wss',
    isValid: (v) => typeof v === 'string' && v in TRANSPORT_CODES,
    emit: (v) => ['-t', TRANSPORT_CODES[v as string]],
  },
  local_ip: text('-i'),
  local_port: {
    expects: 'a port (0..65535)',
    isValid: (v) => isCount(v) && v <= 65535,
    emit: (v) => ['-p', String(v)],
  },
  remote_addr: { expects: 'host:port', isValid: isString, emit: (v) => [String(v)] },
  auth_username: text('-au'),
  auth_password: { expects: 'a string', isValid: (v) => typeof v === 'string', emit: pw },
  rate: {
    expects: 'a number >= 0 (calls per second)',
    isValid: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
    emit: (v) => ['-r', String(v)],
  },
  max_concurrent: count('-l', 1),
  // 0: explicitly unlimited (the default), as the reference reads it.
  total_calls: { ...count('-m'), emit: (v) => (v === 0 ? [] : ['-m', String(v)]) },
  users: count('-users', 1),
  summary_json: path('-summary_json'),
  summary_html: path('-summary_html'),
  call_records_jsonl: path('-call_records_jsonl'),
  trace_msg: flagIf('-trace_msg'),
  stat_period: duration('-fd'),
  injection_file: path('-inf'),
  ip_field: count('-ip_field'),
  api_addr: text('-api_addr'),
  api_token: text('-api_token'),
  api_allow_open: flagIf('-api_allow_open'),
  drain_timeout: duration('-drain_timeout'),
  record_wav_dir: path('-record_wav_dir'),
  record_wav_duplex: flagIf('-record_wav_duplex'),
  hep_addr: text('-hep_addr'),
  hep_capture_id: count('-hep_capture_id'),
  hep_password: {
    expects: 'a string',
    isValid: (v) => typeof v === 'string',
    emit: (v) => (v === '' ? [] : ['-hep_password', String(v)]),
  },
  hep_raw_rtcp: flagIf('-hep_raw_rtcp'),
  hep_homer_lake_rtcp: flagIf('-hep_homer_lake_rtcp'),
  send_media_report: flagIf('-send_media_report'),
  health_max_rtcp_fraction_lost: number('-health_max_rtcp_fraction_lost'),
  health_max_rtcp_jitter_ts: number('-health_max_rtcp_jitter_ts'),
  health_min_rtp_packets_recv: number('-health_min_rtp_packets_recv'),
  health_min_rtp_packets_recv_per_call: number('-health_min_rtp_packets_recv_per_call'),
};

/** A number ≥ 0 given to `flag` (the flag checks its own range). */
function number(flag: string): KeySpec {
  return {
    expects: 'a number >= 0',
    isValid: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
    emit: (v) => [flag, String(v)],
  };
}

function pw(v: unknown): string[] {
  return ['-ap', String(v)];
}

/** Service-level keys (§B8 8.4) that are not flags. */
const SERVICE_KEYS = new Set([
  'role',
  'id',
  'server',
  'listeners',
  'comment',
  '_comment',
  'extra_args',
  // Internal users and JWT: read by `gossipper server` (src/users/auth-settings.ts).
  'auth',
]);

/** Reference keys of features this version lacks: named in the refusal, never dropped. */
const NOT_AVAILABLE = new Set([
  'sip_from',
  'sip_pai',
  'sip_provider',
  'sip_extra_headers',
  'log_otel_endpoint',
  'log_otel_proto',
  'log_otel_insecure',
  'pcap_link',
  'ui_data_dir',
  'scenario_history_keep',
  'legacy_api_v1',
  'gateway',
  'gateways',
]);

const ROLES: Readonly<Record<string, ProfileRole>> = {
  management: 'management',
  server: 'management',
  load: 'load',
  client: 'load',
  uac: 'load',
};

/** The refusal every profile error goes through: `<where>: <what>`. */
export function profileError(where: string, message: string): FlagError {
  return new FlagError('CONFIG_INVALID', `${where}: ${message}`, 'see docs/profiles.md');
}

export function isProfileObject(value: unknown): value is ProfileBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The flag tokens of one profile body. `where` names it in errors (`-config f.json`,
 * `f.json clients[1]`, `POST /api/v1/clients`); `dir` is where relative paths start.
 */
export function profileArgs(body: ProfileBody, dir: string, where: string): ProfileArgs {
  const unavailable = Object.keys(body).filter((k) => NOT_AVAILABLE.has(k));
  if (unavailable.length > 0) {
    const names = unavailable.map((k) => `"${k}"`).join(', ');
    throw profileError(where, `${names}: not available in this version`);
  }
  for (const key of Object.keys(body)) {
    if (!(key in FLAG_KEYS) && !SERVICE_KEYS.has(key))
      throw profileError(where, `unknown key "${key}"`);
  }
  if (body.scenario_file !== undefined && body.scenario_name !== undefined)
    throw profileError(where, 'give scenario_file or scenario_name, not both');
  const args: string[] = [];
  for (const [key, spec] of Object.entries(FLAG_KEYS)) {
    const value = body[key];
    if (value === undefined) continue;
    if (!spec.isValid(value))
      throw profileError(where, `"${key}" must be ${spec.expects}, not ${JSON.stringify(value)}`);
    args.push(...spec.emit(value, dir));
  }
  const extra = body.extra_args;
  if (extra !== undefined) {
    if (!Array.isArray(extra) || !extra.every((a) => typeof a === 'string'))
      throw profileError(where, '"extra_args" must be an array of strings');
    args.push(...(extra as string[]));
  }
  const listeners = listenerBinds(body.listeners, where);
  return {
    args,
    id: engineId(body.id, where),
    role: roleOf(body, where),
    listeners,
    auth: body.auth,
  };
}

const LISTENER_KEYS = ['transport', 'local_ip', 'local_port'];
/** One server engine per bind, each its own socket: the process's limit bounds them too. */
const MAX_LISTENERS = 16;

/** `listeners: [{transport, local_ip, local_port}, ...]`: one list of bind tokens each. */
function listenerBinds(value: unknown, where: string): string[][] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LISTENERS)
    throw profileError(where, `"listeners" must be an array of 1..${MAX_LISTENERS} binds`);
  return value.map((bind: unknown, i) => {
    const at = `listeners[${i}]`;
    if (!isProfileObject(bind)) throw profileError(where, `${at} must be an object`);
    const unknown = Object.keys(bind).filter((k) => !LISTENER_KEYS.includes(k));
    if (unknown.length > 0)
      throw profileError(where, `${at}: unknown key "${unknown[0]}" (${LISTENER_KEYS.join(', ')})`);
    const tokens: string[] = [];
    for (const key of LISTENER_KEYS) {
      const v = bind[key];
      if (v === undefined) continue;
      const spec = FLAG_KEYS[key];
      if (!spec.isValid(v))
        throw profileError(
          where,
          `${at}: "${key}" must be ${spec.expects}, not ${JSON.stringify(v)}`,
        );
      tokens.push(...spec.emit(v, ''));
    }
    return tokens;
  });
}

function engineId(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value))
    throw profileError(where, `"id" must be 1..64 letters, digits, '_', '.', '-'`);
  return value;
}

/** `role` if given; else §B8 8.5's inference from the keys. */
function roleOf(body: ProfileBody, where: string): ProfileRole | undefined {
  if (body.role !== undefined) {
    const role = typeof body.role === 'string' ? ROLES[body.role] : undefined;
    if (role === undefined)
      throw profileError(where, `"role" must be management, server, load, client or uac`);
    return role;
  }
  // `"server": true` inside one profile (a top-level object is the composite layout instead).
  if (body.server !== undefined && !isBool(body.server))
    throw profileError(where, '"server" inside a profile must be true or false');
  if (body.server === true) return 'management';
  if (isString(body.api_addr)) return 'management';
  if (Array.isArray(body.listeners) && body.listeners.length > 0) return 'management';
  if (body.scenario_name === 'management' || body.scenario_name === 'uas') return 'management';
  if (isString(body.remote_addr)) return 'load';
  return undefined;
}
