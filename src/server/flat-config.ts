/**
 * `gossipper server -config file.json`: a flat JSON profile (reference §B8, one alias's keys),
 * turned into the flag tokens it stands for and put before the command line's own, so the merge
 * order is defaults → JSON → `extra_args` → argv (last wins) and the flag parser stays the one
 * place that builds a RunConfig. Relative paths resolve against the JSON file's directory. Keys
 * the reference has but this version does not (HEP, media, composite `server`/`clients`, ...) are
 * refused by name rather than ignored.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { InternalAuthConfig } from '../config/index.ts';
import { FlagError } from '../errors.ts';
import { authSettingsFrom } from '../users/index.ts';

const MAX_CONFIG_BYTES = 1024 * 1024;

const TRANSPORT_CODES: Readonly<Record<string, string>> = {
  udp: 'u1',
  tcp: 't1',
  tls: 'l1',
  ws: 'w1',
  wss: 'wss1',
};

const FlatConfig = z.strictObject({
  role: z.enum(['management', 'server', 'load', 'client', 'uac']).optional(),
  id: z.string().min(1).optional(),
  comment: z.unknown().optional(),
  _comment: z.unknown().optional(),
  scenario_file: z.string().min(1).optional(),
  scenario_name: z.string().min(1).optional(),
  service: z.string().optional(),
  transport: z.enum(['udp', 'tcp', 'tls', 'ws', 'wss']).optional(),
  local_ip: z.string().min(1).optional(),
  local_port: z.number().int().min(0).max(65535).optional(),
  remote_addr: z.string().min(1).optional(),
  auth_username: z.string().optional(),
  auth_password: z.string().optional(),
  rate: z.number().nonnegative().optional(),
  max_concurrent: z.number().int().positive().optional(),
  total_calls: z.number().int().nonnegative().optional(),
  trace_msg: z.boolean().optional(),
  api_addr: z.string().min(1).optional(),
  api_token: z.string().min(1).optional(),
  api_allow_open: z.boolean().optional(),
  // Checked by users/auth-settings.ts, the same reader `gossipper auth` uses.
  auth: z.unknown().optional(),
  drain_timeout: z.union([z.string().min(1), z.number().nonnegative()]).optional(),
  extra_args: z.array(z.string()).optional(),
});

/** Reference keys of features this version lacks: named in the refusal, not silently dropped. */
const NOT_YET = new Set([
  'server',
  'clients',
  'client',
  'aliases',
  'workloads',
  'listeners',
  'users',
  'hep_addr',
  'hep_capture_id',
  'hep_password',
  'hep_raw_rtcp',
  'hep_homer_lake_rtcp',
  'send_media_report',
  'summary_json',
  'summary_html',
  'record_wav_dir',
  'record_wav_duplex',
  'call_records_jsonl',
  'sip_from',
  'sip_pai',
  'sip_provider',
  'sip_extra_headers',
  'stat_period',
  'injection_file',
  'ip_field',
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

export interface FlatConfigArgs {
  /** Flag tokens standing for the JSON, `extra_args` last. */
  readonly args: string[];
  /** `id`: the engine's id in the API (default `primary`). */
  readonly id?: string;
  readonly role?: 'management' | 'load';
  /** `auth` with `"type": "internal"`: the users database and JWT settings. */
  readonly internalAuth?: InternalAuthConfig;
}

function fail(file: string, message: string): never {
  throw new FlagError('CONFIG_INVALID', `-config ${file}: ${message}`, 'see docs/server.md');
}

export function readFlatConfig(file: string, cwd: string): FlatConfigArgs {
  const path = resolve(cwd, file);
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES) fail(file, `larger than ${MAX_CONFIG_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof FlagError) throw err;
    fail(file, `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    fail(file, `malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const missing = Object.keys(value).filter((k) => NOT_YET.has(k));
    if (missing.length > 0)
      fail(file, `${missing.map((k) => `"${k}"`).join(', ')}: not available in this version`);
  }
  const parsed = FlatConfig.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) =>
      i.path.length === 0 ? i.message : `${i.path.join('.')}: ${i.message}`,
    );
    fail(file, issues.join('; '));
  }
  const internalAuth = authSettingsFrom(parsed.data.auth, dirname(path), `-config ${file}`);
  return { ...toArgs(parsed.data, dirname(path), file), internalAuth };
}

function toArgs(c: z.infer<typeof FlatConfig>, dir: string, file: string): FlatConfigArgs {
  if (c.scenario_file !== undefined && c.scenario_name !== undefined)
    fail(file, 'give scenario_file or scenario_name, not both');
  const args: string[] = [];
  const add = (flag: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(flag, String(value));
  };
  if (c.scenario_file !== undefined) add('-sf', resolve(dir, c.scenario_file));
  add('-sn', c.scenario_name);
  add('-s', c.service);
  if (c.transport !== undefined) add('-t', TRANSPORT_CODES[c.transport]);
  add('-i', c.local_ip);
  add('-p', c.local_port);
  if (c.remote_addr !== undefined) args.push(c.remote_addr);
  add('-au', c.auth_username);
  add('-ap', c.auth_password);
  add('-r', c.rate);
  add('-l', c.max_concurrent);
  // total_calls 0: explicitly unlimited (the default), as the reference reads it.
  if (c.total_calls !== undefined && c.total_calls > 0) add('-m', c.total_calls);
  if (c.trace_msg === true) args.push('-trace_msg');
  add('-api_addr', c.api_addr);
  add('-api_token', c.api_token);
  if (c.api_allow_open === true) args.push('-api_allow_open');
  add('-drain_timeout', c.drain_timeout);
  args.push(...(c.extra_args ?? []));
  const role =
    c.role === undefined
      ? undefined
      : c.role === 'management' || c.role === 'server'
        ? 'management'
        : 'load';
  return { args, id: c.id, role };
}

/** `-config F` taken out of argv (the flag parser does not know it), with F. */
export function takeConfigFlag(argv: readonly string[]): { file?: string; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-config') {
      file = argv[i + 1];
      if (file === undefined) throw new FlagError('FLAG_MISSING_VALUE', '-config needs a file');
      i++;
    } else rest.push(argv[i]);
  }
  return { file, rest };
}
