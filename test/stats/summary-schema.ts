/**
 * The summary JSON's schema as zod (the source of schemas/summary.schema.json, which
 * test/stats/summary-schema.test.ts regenerates with UPDATE_SCHEMA=1 and otherwise checks is
 * current). Strict objects: a key the docs do not describe fails validation.
 */
import { z } from 'zod';

const ns = z.number().int().min(0);

const histogram = z
  .object({
    layout: z.literal('log-linear-us-7'),
    count: z.number().int().min(0),
    minMs: z.number().min(0),
    maxMs: z.number().min(0),
    sumUs: z.number().min(0),
    sumSqMs: z.number().min(0),
    buckets: z.array(z.number().int().min(0)),
  })
  .strict();

const latency = z
  .object({
    count: z.number().int().min(0),
    average: ns,
    min: ns,
    max: ns,
    stddev: ns,
    p50: ns,
    p90: ns,
    p95: ns,
    p99: ns,
    p999: ns,
    buckets: z.array(z.object({ label: z.string(), count: z.number().int().min(0) }).strict()),
    histogram,
  })
  .strict();

const failureClasses = z
  .object({
    timeout: z.number().int().min(0),
    unexpected_sip: z.number().int().min(0),
    transport_error: z.number().int().min(0),
    parse_error: z.number().int().min(0),
    scenario_error: z.number().int().min(0),
    cancelled: z.number().int().min(0),
    // Added within v1: summaries written before it lack the key.
    media: z.number().int().min(0).optional(),
  })
  .strict();

const mediaSummary = z
  .object({
    rtp_packets_sent: z.number().int().min(0),
    rtp_packets_received: z.number().int().min(0),
    rtp_packets_echoed: z.number().int().min(0),
    rtp_packets_lost: z.number().int().min(0),
    rtp_packets_received_per_call: z.number().min(0),
    rtp_quality_calls: z.number().int().min(0),
    rtp_jitter_ms_mean: z.number().min(0),
    mos_mean: z.number().min(0).max(5),
    dtmf_events_received: z.number().int().min(0),
    rtcp_packets_sent: z.number().int().min(0),
    rtcp_packets_received: z.number().int().min(0),
    rtcp_report_calls: z.number().int().min(0),
    rtcp_fraction_lost_mean: z.number().min(0).max(1),
    rtcp_jitter_ms_mean: z.number().min(0),
    rtcp_rtt_calls: z.number().int().min(0),
    rtcp_rtt_ms_mean: z.number().min(0),
  })
  .strict();

const gate = z
  .object({
    gate: z.string(),
    pass: z.boolean(),
    actual: z.number().nullable(),
    message: z.string(),
  })
  .strict();

export const summarySchema = z
  .object({
    schema_version: z.literal('gossipper_summary_v1'),
    tool_version: z.string(),
    run_id: z.string(),
    engine_id: z.string().optional(),
    scenario: z.string(),
    command_line: z.array(z.string()),
    mode: z.enum(['client', 'server']),
    transport: z.string(),
    remote: z.string().optional(),
    started_at: z.iso.datetime(),
    finished_at: z.iso.datetime(),
    duration: ns,
    end_reason: z.enum(['completed', 'interrupted', 'timeout', 'fatal']),
    exit_code: z.number().int(),
    total_calls: z.number().int().min(0),
    success_calls: z.number().int().min(0),
    failed_calls: z.number().int().min(0),
    active_calls: z.number().int().min(0),
    success_ratio: z.number().min(0).max(1),
    calls_per_second: z.number().min(0),
    asked_calls_per_second: z.number().min(0),
    call_limit: z.number().int().min(0),
    max_calls: z.number().int().min(0).optional(),
    retransmits: z.number().int().min(0),
    timeouts: z.number().int().min(0),
    average_call_latency: ns,
    call_length: latency,
    call_length_from_schedule: latency.optional(),
    average_invite_rtt: ns.optional(),
    invite_rtt: latency.optional(),
    invite_rtt_from_schedule: latency.optional(),
    rtd: z.record(z.string(), latency),
    counters: z.record(z.string(), z.number().int().min(0)),
    failure_classes: failureClasses,
    failure_causes: z.record(z.string(), z.number().int().min(0)),
    messages: z.array(
      z
        .object({
          index: z.number().int().min(0),
          step: z.string(),
          messages: z.number().int().min(0),
          retransmissions: z.number().int().min(0),
          timeouts: z.number().int().min(0),
          unexpected: z.number().int().min(0),
          lost: z.number().int().min(0),
        })
        .strict(),
    ),
    series: z.array(
      z
        .object({
          t: z.number().min(0),
          total_calls: z.number().int().min(0),
          success_calls: z.number().int().min(0),
          failed_calls: z.number().int().min(0),
          active_calls: z.number().int().min(0),
          calls_per_second: z.number().min(0),
          retransmits: z.number().int().min(0),
          call_length_p99: ns,
          call_length_p50: ns.optional(),
          call_length_p90: ns.optional(),
          call_length_p95: ns.optional(),
        })
        .strict(),
    ),
    generator: z
      .object({
        event_loop_utilization: z.number().min(0).max(1),
        watchdog_minor: z.number().int().min(0),
        watchdog_major: z.number().int().min(0),
        malformed_messages: z.number().int().min(0),
        udp_receive_buffer_errors: z.number().int().optional(),
        udp_in_errors: z.number().int().optional(),
        calls_skipped_by_limit: z.number().int().min(0),
        call_records_dropped: z.number().int().min(0).optional(),
        hep_packets_sent: z.number().int().min(0).optional(),
        hep_packets_dropped: z.number().int().min(0).optional(),
        hep_send_errors: z.number().int().min(0).optional(),
      })
      .strict(),
    media: mediaSummary.optional(),
    health: z
      .object({ active: z.boolean(), pass: z.boolean(), reasons: z.array(z.string()) })
      .strict()
      .optional(),
    gates: z.array(gate).optional(),
    findings: z.array(z.string()),
  })
  .strict();
