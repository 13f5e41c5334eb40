/**
 * The API's request and response shapes, as zod schemas: request bodies are validated against
 * them (strict: an unknown key is refused by name), and the OpenAPI document is generated from
 * the same schemas (openapi.ts), so the two cannot drift apart.
 */
import { z } from 'zod';

export const ErrorBody = z.object({ error: z.string() }).meta({ id: 'Error' });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** POST /control. `pause`/`resume` are the reference's shorthands for `paused`. */
export const ControlRequest = z
  .strictObject({
    rate: z.number().finite().nonnegative().optional().describe('calls per second'),
    paused: z.boolean().optional(),
    pause: z.boolean().optional(),
    resume: z.boolean().optional(),
    engine_id: z.string().optional().describe('one engine; omitted: every engine'),
    id: z.string().optional().describe('same as engine_id'),
  })
  .meta({ id: 'ControlRequest' });
export type ControlRequest = z.infer<typeof ControlRequest>;

export const Control = z
  .object({ rate: z.number().describe('calls per second'), paused: z.boolean() })
  .meta({ id: 'Control' });

export const MultiControl = z
  .object({
    multi: z.literal(true),
    engines: z.array(z.object({ id: z.string(), rate: z.number(), paused: z.boolean() })),
  })
  .meta({ id: 'MultiControl' });

const Latency = z
  .object({
    count: z.number().int(),
    average: z.number().int().describe('ns'),
    min: z.number().int().describe('ns'),
    max: z.number().int().describe('ns'),
    stddev: z.number().int().describe('ns'),
    p50: z.number().int().describe('ns'),
    p90: z.number().int().describe('ns'),
    p95: z.number().int().describe('ns'),
    p99: z.number().int().describe('ns'),
    p999: z.number().int().describe('ns'),
    buckets: z
      .array(z.object({ label: z.string(), count: z.number().int() }))
      .describe('the fixed le_10ms .. gt_5000ms counts'),
    histogram: z
      .object({ layout: z.string() })
      .loose()
      .describe('the mergeable log-linear histogram (docs/summary-json.md)'),
  })
  .meta({ id: 'LatencySummary' });

export const Stats = z
  .object({
    started_at: z.string(),
    finished_at: z.string().describe('when this snapshot was taken'),
    duration: z.number().int().describe('ns since the engine started'),
    total_calls: z.number().int(),
    success_calls: z.number().int(),
    failed_calls: z.number().int(),
    active_calls: z.number().int(),
    success_ratio: z.number(),
    calls_per_second: z.number().describe('cumulative average'),
    retransmits: z.number().int(),
    timeouts: z.number().int(),
    average_call_latency: z.number().int().describe('ns'),
    call_length: Latency,
    call_length_from_schedule: Latency.optional().describe(
      'call length from when the rate schedule wanted each call started (coordinated omission)',
    ),
    average_invite_rtt: z.number().int().optional().describe('ns'),
    invite_rtt: Latency.optional().describe('INVITE to its first final response'),
    invite_rtt_from_schedule: Latency.optional().describe(
      "invite_rtt plus the call's start lag against the rate schedule",
    ),
    media: z
      .record(z.string(), z.number())
      .optional()
      .describe('RTP/RTCP figures, once the engine had media (docs/media.md)'),
    rtd: z.record(z.string(), Latency),
    counters: z.record(z.string(), z.number()),
    failure_classes: z.record(z.string(), z.number().int()),
    sipp_counters: z.record(z.string(), z.number()).describe("SIPp's statistics counters"),
  })
  .meta({ id: 'Stats' });

export const MultiStats = z
  .object({
    multi: z.literal(true),
    engines: z.array(z.object({ id: z.string(), stats: Stats })),
    dynamic_client_ids: z.array(z.string()),
  })
  .meta({ id: 'MultiStats' });

export const ScenarioView = z
  .object({
    scenario_file: z.string().describe("the -sf path; '' for a built-in"),
    scenario_name: z.string(),
    xml: z.string(),
    builtin: z.boolean(),
  })
  .meta({ id: 'Scenario' });

export const ScenarioWritten = z
  .object({ written: z.string(), applied: z.boolean() })
  .meta({ id: 'ScenarioWritten' });

export const ScenarioApplied = z
  .object({ applied: z.literal(true) })
  .meta({ id: 'ScenarioApplied' });

export const AuthStatus = z
  .object({ auth: z.enum(['none', 'internal']) })
  .meta({ id: 'AuthStatus' });

export const LoginRequest = z
  .strictObject({ username: z.string().max(256), password: z.string().max(4096) })
  .meta({ id: 'LoginRequest' });

export const LoginResponse = z
  .object({
    token: z.string().describe('HS256 JWT: iss, sub (username), uid, role, iat, exp'),
    expires_at: z.number().int().describe('unix seconds'),
    token_type: z.literal('Bearer'),
  })
  .meta({ id: 'LoginResponse' });

const RoleName = z.enum(['admin', 'operator']);

export const UserView = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: RoleName,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'User' });

export const UserList = z.object({ users: z.array(UserView) }).meta({ id: 'UserList' });

export const UserCreateRequest = z
  .strictObject({
    username: z.string().max(256),
    password: z.string().max(4096),
    role: RoleName.optional().describe('default operator'),
  })
  .meta({ id: 'UserCreateRequest' });

export const UserUpdateRequest = z
  .strictObject({
    password: z.string().max(4096).optional().describe("ends the user's older tokens"),
    role: RoleName.optional().describe("ends the user's older tokens"),
  })
  .meta({ id: 'UserUpdateRequest' });

export const Me = z
  .object({ auth: z.enum(['none', 'internal']), username: z.string(), role: RoleName })
  .meta({ id: 'Me' });

export const SecretRotated = z
  .object({ rotated: z.literal(true), warning: z.string() })
  .meta({ id: 'SecretRotated' });

export const AuditList = z
  .object({
    entries: z.array(
      z.object({
        id: z.number().int(),
        ts: z.string(),
        user_id: z.number().int().nullable(),
        username: z.string().nullable(),
        action: z.string(),
        target: z.string().nullable(),
        payload: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'AuditList' });

const Listener = z.object({
  index: z.number().int(),
  scenario_name: z.string(),
  transport: z.string(),
  local_ip: z.string(),
  local_port: z.number().int(),
  enabled: z.boolean(),
});
const ClientRow = z.object({
  id: z.string(),
  scenario_name: z.string(),
  dynamic: z.boolean(),
  transport: z.string(),
  local_ip: z.string(),
  local_port: z.number().int(),
  remote_addr: z.string(),
  accepting: z.boolean(),
});
const DynamicClientApi = z.object({ can_post: z.boolean(), can_delete: z.boolean() });
export const Transports = z
  .object({
    listeners: z.array(Listener),
    clients: z.array(ClientRow),
    dynamic_client_api: DynamicClientApi.optional(),
  })
  .meta({ id: 'Transports' });

/** POST /transports: batches, or the shorthand `{index, enabled}` for one listener. */
export const TransportsRequest = z
  .strictObject({
    listeners: z
      .array(z.strictObject({ index: z.number().int().nonnegative(), enabled: z.boolean() }))
      .optional(),
    clients: z.array(z.strictObject({ id: z.string(), accepting: z.boolean() })).optional(),
    index: z.number().int().nonnegative().optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'TransportsRequest' });
export type TransportsRequest = z.infer<typeof TransportsRequest>;

/** POST /clients: one run profile's keys (docs/profiles.md), checked by config/ as any profile. */
export const ClientRequest = z
  .record(z.string(), z.unknown())
  .describe('run-profile keys (scenario_name, remote_addr, rate, ...), optional "id"')
  .meta({ id: 'ClientRequest' });

export const ClientStarted = z
  .object({ id: z.string(), started: z.literal(true) })
  .meta({ id: 'ClientStarted' });

export const Clients = z
  .object({
    engines: z.array(ClientRow),
    dynamic: z.array(z.string()).describe('ids of the engines started by POST /clients'),
    dynamic_client_api: DynamicClientApi,
  })
  .meta({ id: 'Clients' });

export const LiveFrame = z
  .object({
    ts: z.number().int().describe('unix ms'),
    stats: z.union([Stats, MultiStats]),
    control: z.union([Control, MultiControl]),
    transports: Transports,
  })
  .meta({ id: 'LiveFrame' });
