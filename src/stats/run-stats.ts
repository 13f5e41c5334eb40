/**
 * The in-process statistics of one engine (one shard). The engine calls the StatsSink methods
 * on its hot path — each is a typed-array increment or a histogram record, no allocation;
 * outputs call snapshot() about once a second.
 *
 * Only cumulative values are kept: a snapshot's period is the whole run. Each consumer (screen,
 * API, stat file) narrows it to its own periods with a PeriodTracker, so no consumer's period
 * depends on another's.
 */
import {
  COUNTER_COUNT,
  COUNTER_NAMES,
  STEP_EVENT_COUNT,
  StepEvent,
  type CounterId,
  type StatsSink,
  type StepEventId,
} from './counters.ts';
import { Histogram } from './histogram.ts';
import {
  zeroCounters,
  type CounterName,
  type CounterValues,
  type StatsSnapshot,
  type StepCounts,
  type TimingStats,
} from './snapshot.ts';

/** The slice of a Scenario that shapes the statistics (a Scenario satisfies it). */
export interface StatsShape {
  readonly commands: { readonly length: number };
  readonly rtdNames: ReadonlyArray<string>;
  readonly counterNames: ReadonlyArray<string>;
  readonly responseTimeRepartition: ReadonlyArray<number>;
  readonly callLengthRepartition: ReadonlyArray<number>;
}

/** The cumulative histogram plus repartition counts of one timing. */
class Timing {
  readonly cumulative = new Histogram();
  readonly repartition: Float64Array;

  constructor(private readonly bounds: ReadonlyArray<number>) {
    this.repartition = new Float64Array(bounds.length === 0 ? 0 : bounds.length + 1);
  }

  record(ms: number): void {
    this.cumulative.record(ms);
    const bounds = this.bounds;
    if (bounds.length === 0) return;
    // SIPp's repartition: first bucket whose bound is above the value, else the `>= Bn` one.
    let i = 0;
    while (i < bounds.length && ms >= bounds[i]) i++;
    this.repartition[i]++;
  }

  /** The period is the whole run, so periodic and cumulative are one (immutable) object. */
  toSnapshot(): TimingStats {
    const cumulative = this.cumulative.toJSON();
    return { periodic: cumulative, cumulative, repartition: Array.from(this.repartition) };
  }

  /** Adds another timing's counts; repartition counts only when both use the same bounds. */
  add(s: TimingStats, sameBounds: boolean): void {
    this.cumulative.mergeJSON(s.cumulative);
    if (!sameBounds) return;
    const n = Math.min(this.repartition.length, s.repartition.length);
    for (let i = 0; i < n; i++) this.repartition[i] += s.repartition[i];
  }
}

export class RunStats implements StatsSink {
  private readonly cumulative = new Float64Array(COUNTER_COUNT);
  /** commandIndex * STEP_EVENT_COUNT + event. */
  private readonly steps: Float64Array;
  private readonly rtds: Timing[];
  private readonly length: Timing;
  /** Call lengths from the scheduled start (callLength's second argument); no repartition. */
  private readonly fromSchedule = new Histogram();
  private readonly invite = new Histogram();
  /** INVITE → final plus the call's start lag (inviteRtt's second argument). */
  private readonly inviteFromSchedule = new Histogram();
  private readonly genericCumulative: Float64Array;

  constructor(
    private readonly shape: StatsShape,
    private readonly startedAtMs: number,
  ) {
    this.steps = new Float64Array(shape.commands.length * STEP_EVENT_COUNT);
    this.rtds = shape.rtdNames.map(() => new Timing(shape.responseTimeRepartition));
    this.length = new Timing(shape.callLengthRepartition);
    this.genericCumulative = new Float64Array(shape.counterNames.length);
  }

  count(counter: CounterId, n = 1): void {
    this.cumulative[counter] += n;
  }

  step(commandIndex: number, event: StepEventId, n = 1): void {
    this.steps[commandIndex * STEP_EVENT_COUNT + event] += n;
  }

  responseTime(rtdIndex: number, ms: number): void {
    const rtd = this.rtds[rtdIndex];
    if (rtd !== undefined) rtd.record(ms);
  }

  callLength(ms: number, fromScheduleMs = ms): void {
    this.length.record(ms);
    this.fromSchedule.record(fromScheduleMs);
  }

  inviteRtt(ms: number, fromScheduleMs = ms): void {
    this.invite.record(ms);
    this.inviteFromSchedule.record(fromScheduleMs);
  }

  generic(counterIndex: number): void {
    if (counterIndex < 0 || counterIndex >= this.genericCumulative.length) return;
    this.genericCumulative[counterIndex]++;
  }

  /**
   * The cumulative figures now. Its period is the whole run (periodic equals cumulative, the
   * period starts at the run's start); a consumer's PeriodTracker narrows it to its own period.
   */
  snapshot(nowMs: number): StatsSnapshot {
    const shape = this.shape;
    return {
      version: 1,
      startedAtMs: this.startedAtMs,
      periodStartedAtMs: this.startedAtMs,
      takenAtMs: nowMs,
      periodic: toCounterValues(this.cumulative),
      cumulative: toCounterValues(this.cumulative),
      steps: this.stepCounts(),
      rtds: this.rtds.map((t, i) => ({ name: shape.rtdNames[i], ...t.toSnapshot() })),
      callLength: this.length.toSnapshot(),
      callLengthFromSchedule: this.fromSchedule.toJSON(),
      inviteRtt: this.invite.toJSON(),
      inviteRttFromSchedule: this.inviteFromSchedule.toJSON(),
      responseTimeRepartition: [...shape.responseTimeRepartition],
      callLengthRepartition: [...shape.callLengthRepartition],
      generic: shape.counterNames.map((name, i) => ({
        name,
        periodic: this.genericCumulative[i],
        cumulative: this.genericCumulative[i],
      })),
    };
  }

  /**
   * Adds another snapshot's cumulative counts into this one (a finished shard, another program's
   * statistics); its periodic part is a consumer's view and is ignored. RTDs and generic
   * counters are matched by name; steps by position, unless `withSteps` is false (the snapshot
   * is of another scenario, whose steps are not these).
   */
  merge(other: StatsSnapshot, withSteps = true): void {
    for (let id = 0; id < COUNTER_COUNT; id++) {
      const name = COUNTER_NAMES[id] as CounterName;
      this.cumulative[id] += other.cumulative[name] ?? 0;
    }
    const shape = this.shape;
    const stepCount = withSteps ? Math.min(other.steps.length, shape.commands.length) : 0;
    for (let i = 0; i < stepCount; i++) {
      const s = other.steps[i];
      const base = i * STEP_EVENT_COUNT;
      this.steps[base + StepEvent.Message] += s.message;
      this.steps[base + StepEvent.Retrans] += s.retrans;
      this.steps[base + StepEvent.Timeout] += s.timeout;
      this.steps[base + StepEvent.Unexpected] += s.unexpected;
      this.steps[base + StepEvent.Lost] += s.lost;
    }
    const sameRtdBounds = sameNumbers(other.responseTimeRepartition, shape.responseTimeRepartition);
    for (const rtd of other.rtds) {
      const i = shape.rtdNames.indexOf(rtd.name);
      if (i >= 0) this.rtds[i].add(rtd, sameRtdBounds);
    }
    const sameLengthBounds = sameNumbers(other.callLengthRepartition, shape.callLengthRepartition);
    this.length.add(other.callLength, sameLengthBounds);
    // Snapshots from before the field existed (a worker of an older version) have none.
    if (other.callLengthFromSchedule !== undefined)
      this.fromSchedule.mergeJSON(other.callLengthFromSchedule);
    if (other.inviteRtt !== undefined) this.invite.mergeJSON(other.inviteRtt);
    if (other.inviteRttFromSchedule !== undefined)
      this.inviteFromSchedule.mergeJSON(other.inviteRttFromSchedule);
    for (const g of other.generic) {
      const i = shape.counterNames.indexOf(g.name);
      if (i >= 0) this.genericCumulative[i] += g.cumulative;
    }
  }

  /**
   * Adds up snapshots of the same scenario taken on different shards or machines: counters,
   * step counts and histogram buckets sum exactly. Times span all inputs (earliest start, latest
   * snapshot time); like every RunStats snapshot, its period is the whole run.
   */
  static combine(snapshots: ReadonlyArray<StatsSnapshot>): StatsSnapshot {
    return RunStats.sum(snapshots, false);
  }

  /**
   * Adds up the snapshots of the scenario programs one engine ran in turn (a hot reload starts
   * a new one), the last being the current: counters, call lengths, and RTDs and generic
   * counters by name sum over all of them; steps are the current program's, since the others'
   * are steps of another scenario.
   */
  static sumPrograms(snapshots: ReadonlyArray<StatsSnapshot>): StatsSnapshot {
    return RunStats.sum(snapshots, true);
  }

  private static sum(
    snapshots: ReadonlyArray<StatsSnapshot>,
    onlyLastSteps: boolean,
  ): StatsSnapshot {
    if (snapshots.length === 0) throw new RangeError('RunStats.sum needs at least one snapshot');
    const last = snapshots[snapshots.length - 1];
    const shape: StatsShape = {
      commands: { length: last.steps.length },
      rtdNames: unionOf(snapshots.map((s) => s.rtds.map((r) => r.name))),
      counterNames: unionOf(snapshots.map((s) => s.generic.map((g) => g.name))),
      responseTimeRepartition: last.responseTimeRepartition,
      callLengthRepartition: last.callLengthRepartition,
    };
    const startedAtMs = Math.min(...snapshots.map((s) => s.startedAtMs));
    const sum = new RunStats(shape, startedAtMs);
    for (const s of snapshots) sum.merge(s, !onlyLastSteps || s === last);
    return sum.snapshot(Math.max(...snapshots.map((s) => s.takenAtMs)));
  }

  private stepCounts(): StepCounts[] {
    const out: StepCounts[] = [];
    for (let i = 0; i < this.shape.commands.length; i++) {
      const base = i * STEP_EVENT_COUNT;
      out.push({
        message: this.steps[base + StepEvent.Message],
        retrans: this.steps[base + StepEvent.Retrans],
        timeout: this.steps[base + StepEvent.Timeout],
        unexpected: this.steps[base + StepEvent.Unexpected],
        lost: this.steps[base + StepEvent.Lost],
      });
    }
    return out;
  }
}

/** Names in order of first appearance, the last list first (it is the current program's). */
function unionOf(lists: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const out = new Set<string>(lists[lists.length - 1]);
  for (const list of lists) for (const name of list) out.add(name);
  return [...out];
}

function sameNumbers(a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function toCounterValues(values: Float64Array): CounterValues {
  const out = zeroCounters();
  for (let id = 0; id < COUNTER_COUNT; id++) out[COUNTER_NAMES[id] as CounterName] = values[id];
  return out;
}
