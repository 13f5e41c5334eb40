/**
 * The statistics of one engine over its life: one RunStats per scenario program it ran (a hot
 * reload starts a new program, and calls in flight keep counting against the one they started
 * on), and their sum for the run.
 */
import type { CounterId, StatsSink } from './counters.ts';
import { RunStats, type StatsShape } from './run-stats.ts';
import type { StatsSnapshot } from './snapshot.ts';

/** What an engine asks for the statistics of each program it compiles. */
export interface ProgramStatsSource {
  /** Statistics for a new program, shaped by its scenario; `label` names it in reports. */
  forProgram(shape: StatsShape, label: string): StatsSink;
}

/** One program's own statistics, for reports that tell programs apart. */
export interface ProgramStatsSnapshot {
  /** 1 for the scenario a run started with, then one more per program swapped in. */
  readonly generation: number;
  readonly label: string;
  readonly snapshot: StatsSnapshot;
}

export class EngineStats implements ProgramStatsSource {
  private readonly programs: Array<{ label: string; stats: RunStats }> = [];

  /** `nowMs`: the wall clock stamped on each program's start. */
  constructor(private readonly nowMs: () => number) {}

  forProgram(shape: StatsShape, label: string): RunStats {
    const stats = new RunStats(shape, this.nowMs());
    this.programs.push({ label, stats });
    return stats;
  }

  /** Run-wide events that belong to no call (a socket error) count against the newest program. */
  count(counter: CounterId, n = 1): void {
    this.programs.at(-1)?.stats.count(counter, n);
  }

  /** The run's figures: the programs summed (RunStats.sumPrograms); its period is the whole run. */
  snapshot(nowMs: number): StatsSnapshot {
    const programs = this.programs;
    if (programs.length === 0) throw new RangeError('no scenario program has started yet');
    if (programs.length === 1) return programs[0].stats.snapshot(nowMs);
    return RunStats.sumPrograms(programs.map((p) => p.stats.snapshot(nowMs)));
  }

  /** Each program's own figures, oldest first. */
  programSnapshots(nowMs: number): ProgramStatsSnapshot[] {
    return this.programs.map((p, i) => ({
      generation: i + 1,
      label: p.label,
      snapshot: p.stats.snapshot(nowMs),
    }));
  }
}
