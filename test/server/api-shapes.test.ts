// Every GET answer of the API against the zod schema its OpenAPI document is generated from,
// closed (a key the schema does not list fails), so the document and the answers cannot drift;
// and the statistics object's optional parts (INVITE times, the schedule-based call length,
// media) appear with the reference's names once there is something to report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import * as S from '../../src/server/api-schemas.ts';
import { statsObject } from '../../src/server/stats-view.ts';
import { Counter, RunStats } from '../../src/stats/index.ts';
import type { RunStatus } from '../../src/run/index.ts';
import { call, startFixture } from './api-fixture.ts';

/** The schema with every object in it closed, recursively. */
function closed(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, v] of Object.entries(schema.shape as Record<string, z.ZodType>))
      shape[k] = closed(v);
    // The histogram is the summary's own object (docs/summary-json.md), kept open here.
    return 'layout' in shape ? schema : z.strictObject(shape);
  }
  if (schema instanceof z.ZodOptional) return closed(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodArray) return z.array(closed(schema.element as z.ZodType));
  if (schema instanceof z.ZodRecord)
    return z.record(z.string(), closed(schema.valueType as z.ZodType));
  if (schema instanceof z.ZodUnion)
    return z.union((schema.options as z.ZodType[]).map(closed) as [z.ZodType, z.ZodType]);
  return schema;
}

function assertShape(schema: z.ZodType, body: unknown, route: string): void {
  const result = closed(schema).safeParse(body);
  assert.ok(result.success, `${route}: ${result.error?.message}\n${JSON.stringify(body)}`);
}

test('every GET route answers the shape its schema (and so the OpenAPI document) states', async () => {
  const f = await startFixture();
  try {
    await f.ping('one');
    const routes: Array<[string, z.ZodType]> = [
      ['/health', S.Health],
      ['/stats', S.Stats],
      ['/scenario', S.ScenarioView],
      ['/control', S.Control],
      ['/transports', S.Transports],
      ['/auth/status', S.AuthStatus],
    ];
    for (const [route, schema] of routes) {
      const res = await call(`${f.base}${route}`);
      assert.equal(res.status, 200, route);
      assertShape(schema, res.body, route);
    }
    const missing = await call(`${f.base}/nowhere`);
    assertShape(S.ErrorBody, missing.body, '/nowhere');
  } finally {
    await f.close();
  }
});

test('the stats object adds invite_rtt, call_length_from_schedule and media when measured', () => {
  const shape = {
    commands: { length: 1 },
    rtdNames: ['1'],
    counterNames: [],
    responseTimeRepartition: [],
    callLengthRepartition: [],
  };
  const status = { currentCalls: 0 } as RunStatus;
  const quiet = statsObject(new RunStats(shape, 0).snapshot(1000), status);
  assert.equal('invite_rtt' in quiet, false);
  assert.equal('media' in quiet, false);
  assertShape(S.Stats, quiet, 'quiet engine');

  const stats = new RunStats(shape, 0);
  stats.count(Counter.OutgoingCall);
  stats.count(Counter.SuccessfulCall);
  stats.inviteRtt(12, 262);
  stats.callLength(100, 350);
  stats.responseTime(0, 12);
  stats.count(Counter.RtpPacketsSent, 50);
  const body = statsObject(stats.snapshot(1000), status);
  assertShape(S.Stats, body, 'busy engine');
  assert.equal(body.average_invite_rtt, 12_000_000);
  assert.equal(body.invite_rtt?.p99, 12_000_000);
  assert.equal(body.invite_rtt_from_schedule?.max, 262_000_000);
  assert.equal(body.call_length.max, 100_000_000);
  // Started 250 ms after the schedule wanted it: only this one shows the wait.
  assert.equal(body.call_length_from_schedule?.max, 350_000_000);
  assert.equal(body.media?.rtp_packets_sent, 50);
});
