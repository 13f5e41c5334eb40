/**
 * Summaries for the report tests, built the way a run builds them: RunStats records a synthetic
 * run second by second, SeriesSampler keeps the series, buildSummary makes the Summary.
 */
import {
  Counter,
  RunStats,
  SeriesSampler,
  StepEvent,
  buildSummary,
  type GateResult,
  type Summary,
} from '../../src/stats/index.ts';

export interface FixtureOptions {
  seconds?: number;
  callsPerSecond?: number;
  /** Every n-th call fails (0 = none). */
  failEvery?: number;
  /** Added to every call length (ms). */
  slower?: number;
  scenarioName?: string;
  gates?: GateResult[];
}

const STEPS = [
  'send INVITE',
  'recv 100',
  'recv 180',
  'recv 200',
  'send ACK',
  'send BYE',
  'recv 200',
];

/** A small deterministic generator, so figures are the same on every run of the tests. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

export function fixtureSummary(o: FixtureOptions = {}): Summary {
  const seconds = o.seconds ?? 20;
  const cps = o.callsPerSecond ?? 50;
  const failEvery = o.failEvery ?? 25;
  const start = Date.UTC(2026, 11, 7, 6, 0, 0);
  const shape = {
    commands: { length: STEPS.length },
    rtdNames: ['1', 'invite_to_200'],
    counterNames: ['answered'],
    responseTimeRepartition: [],
    callLengthRepartition: [],
  };
  const stats = new RunStats(shape, start);
  const sampler = new SeriesSampler();
  const random = lcg(42);
  let n = 0;
  let pending = 0;
  /** Ends the calls started a second ago: a call lasts about a second, so ~cps are active. */
  const finish = (): void => {
    for (; pending > 0; pending--) {
      n++;
      if (failEvery > 0 && n % failEvery === 0) {
        const timeout = n % (failEvery * 2) === 0;
        stats.count(Counter.FailedCall);
        stats.count(timeout ? Counter.FailedTimeoutOnRecv : Counter.FailedUnexpectedMessage);
        stats.step(3, timeout ? StepEvent.Timeout : StepEvent.Unexpected);
        continue;
      }
      for (let k = 1; k < STEPS.length; k++) stats.step(k, StepEvent.Message);
      if (random() < 0.05) {
        stats.count(Counter.Retransmissions);
        stats.step(0, StepEvent.Retrans);
      }
      const rtt = 5 + random() * 20 + (o.slower ?? 0) / 10;
      stats.responseTime(0, rtt);
      stats.responseTime(1, rtt * 1.5);
      stats.callLength(900 + random() * 300 + (random() < 0.02 ? 2500 : 0) + (o.slower ?? 0));
      stats.generic(0);
      stats.count(Counter.SuccessfulCall);
    }
  };
  for (let sec = 1; sec <= seconds; sec++) {
    finish();
    const calls = Math.round(cps * Math.min(1, sec / 5));
    for (let i = 0; i < calls; i++) {
      stats.count(Counter.OutgoingCall);
      stats.step(0, StepEvent.Message);
    }
    pending = calls;
    sampler.sample(stats.snapshot(start + sec * 1000));
  }
  finish();
  return buildSummary({
    snapshot: stats.snapshot(start + seconds * 1000 + 500),
    info: {
      toolVersion: '0.1.0',
      runId: 'test-1',
      scenarioName: o.scenarioName ?? 'uac',
      commandLine: [
        'gossipper',
        '-sn',
        'uac',
        '127.0.0.1:5060',
        '-r',
        String(cps),
        '-summary_json',
        's.json',
      ],
      mode: 'client',
      transport: 'udp',
      remote: '127.0.0.1:5060',
      askedCallsPerSecond: cps,
      callLimit: 0,
      endReason: 'completed',
      exitCode: 1,
      steps: STEPS,
    },
    series: sampler.series(),
    generator: {
      event_loop_utilization: 0.23,
      watchdog_minor: 0,
      watchdog_major: 0,
      malformed_messages: 0,
      calls_skipped_by_limit: 0,
    },
    ...(o.gates !== undefined ? { gates: o.gates } : {}),
  });
}
