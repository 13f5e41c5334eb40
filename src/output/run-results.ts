/**
 * What a run leaves for people and CI (docs/results.md): the summary JSON, the gates
 * (`-threshold`, `-health_*`) with their JUnit file, the call records and the HTML report. One
 * per engine, for a one-shot run and for each engine of `gossipper server` alike. Created before
 * the run (the call-record hook must be in the trace sink the engine reads once), sampled once a
 * second, finished on every way out of the run.
 */
import type { RunConfig } from '../config/index.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { CallRecordsWriter } from './call-records.ts';
import { junitXml } from './junit.ts';
import { stepLabel } from './scenario-screen.ts';
import type { RunHandle, RunResult } from '../run/index.ts';
import {
  SeriesSampler,
  buildSummary,
  checkGates,
  healthGates,
  parseGate,
  type EndReason,
  type Gate,
  type GateResult,
  type GeneratorHealth,
  type StatsSnapshot,
  type Summary,
} from '../stats/index.ts';
import type { TraceSink } from '../engine/index.ts';
import { VERSION } from '../version.ts';
import { readUdpDrops, type UdpDrops } from './udp-drops.ts';

/**
 * Writes `-summary_html`. Given by the front-end so the report (uPlot and its page) is loaded
 * only when a run asks for it, and output/ does not depend on report/ (which reads output/).
 */
export type SummaryHtmlWriter = (summary: Summary, file: string) => Promise<void>;

/** What an exporter (-hep_addr, src/export/) did: the summary's `generator.hep_*` figures. */
export interface ExportCounts {
  readonly sent: number;
  readonly dropped: number;
  readonly sendErrors: number;
}
import { EXIT_FATAL, EXIT_GATES_FAILED, EXIT_OK } from '../exit-codes.ts';

export class RunResults {
  private readonly gates: Gate[];
  private readonly sampler = new SeriesSampler();
  private readonly records: CallRecordsWriter | undefined;
  private readonly udpAtStart: UdpDrops | undefined;
  private readonly eluAtStart = performance.eventLoopUtilization();
  private timer: ReturnType<typeof setInterval> | undefined;
  private isFinished = false;
  private hepCounts: (() => ExportCounts) | undefined;

  private constructor(
    private readonly config: RunConfig,
    private readonly writeHtml: SummaryHtmlWriter | undefined,
    private readonly engineId: string | undefined,
  ) {
    const r = config.results;
    this.gates = [...r.thresholds.map(parseGate), ...healthGates(r)];
    // The engine clock is performance.now(): its zero is performance.timeOrigin.
    this.records =
      r.callRecords !== undefined
        ? new CallRecordsWriter(r.callRecords, performance.timeOrigin)
        : undefined;
    this.udpAtStart = readUdpDrops();
  }

  /** Undefined when the run asked for none of these outputs. */
  static create(
    config: RunConfig,
    writeHtml?: SummaryHtmlWriter,
    engineId?: string,
  ): RunResults | undefined {
    const r = config.results;
    const any =
      r.summaryJson !== undefined ||
      r.summaryHtml !== undefined ||
      r.junit !== undefined ||
      r.callRecords !== undefined ||
      r.thresholds.length > 0 ||
      r.minSuccessRatio !== undefined ||
      r.maxFailedCalls !== undefined ||
      r.maxTimeouts !== undefined ||
      r.maxRtcpFractionLost !== undefined ||
      r.maxRtcpJitterTs !== undefined ||
      r.minRtpPacketsRecv !== undefined ||
      r.minRtpPacketsRecvPerCall !== undefined;
    return any ? new RunResults(config, writeHtml, engineId) : undefined;
  }

  /** Adds the call-record hook to the sink a Run is built with. */
  hookSink(sink: TraceSink): TraceSink {
    const records = this.records;
    if (records !== undefined) sink.callRecord = records.record.bind(records);
    return sink;
  }

  /** -hep_addr: where the summary reads the export's counts (read when it is written). */
  countHep(counts: () => ExportCounts): void {
    this.hepCounts = counts;
  }

  /** The run never started: the call-records file is closed, nothing else is written. */
  async abandon(): Promise<void> {
    this.isFinished = true;
    await this.records?.close().catch(() => undefined);
  }

  /** Starts the once-a-second series sampling of a started run. */
  start(run: RunHandle): void {
    this.timer = setInterval(() => this.sampler.sample(run.snapshot()), 1000);
    this.timer.unref();
  }

  /**
   * Writes the files and checks the gates; returns the exit code to use instead of the run's:
   * 2 when a gate broke, 0 when gates were set and all held (the user said what failure is
   * acceptable), the run's own otherwise. A fatal end keeps 255.
   */
  async finish(
    run: RunHandle,
    outcome: { snapshot: StatsSnapshot; exitCode: number; endReason: EndReason },
    stderr: { write(text: string): unknown },
  ): Promise<number> {
    if (this.isFinished) return outcome.exitCode;
    this.isFinished = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sampler.sample(outcome.snapshot);
    await this.records?.close().catch((err: Error) => stderr.write(`gossipper: ${err.message}\n`));
    const hasGates = this.gates.length > 0;
    const provisional = this.summary(run, outcome, undefined);
    const results: GateResult[] | undefined = hasGates
      ? checkGates(this.gates, provisional)
      : undefined;
    const broken = results?.filter((g) => !g.pass) ?? [];
    let exitCode = outcome.exitCode;
    if (exitCode !== EXIT_FATAL && hasGates)
      exitCode = broken.length > 0 ? EXIT_GATES_FAILED : EXIT_OK;
    const summary = this.summary(run, { ...outcome, exitCode }, results);
    const r = this.config.results;
    if (r.summaryJson !== undefined) {
      await writeFileAtomic(r.summaryJson, JSON.stringify(summary, null, 2) + '\n');
    }
    if (r.summaryHtml !== undefined) {
      if (this.writeHtml === undefined) throw new Error('-summary_html: no report writer given');
      await this.writeHtml(summary, r.summaryHtml);
    }
    if (r.junit !== undefined && results !== undefined) {
      await writeFileAtomic(r.junit, junitXml(summary.scenario, results, summary.duration / 1e9));
    }
    for (const g of broken) stderr.write(`gossipper: gate broken: ${g.message}\n`);
    return exitCode;
  }

  private summary(
    run: RunHandle,
    outcome: { snapshot: StatsSnapshot; exitCode: number; endReason: EndReason },
    gates: GateResult[] | undefined,
  ): Summary {
    const status = run.status();
    const c = this.config;
    const remote = run.remote;
    return buildSummary({
      snapshot: outcome.snapshot,
      info: {
        toolVersion: VERSION,
        // Engines of one server start in the same process, maybe in the same millisecond.
        runId:
          `${process.pid}-${Math.round(outcome.snapshot.startedAtMs)}` +
          (this.engineId !== undefined ? `-${this.engineId}` : ''),
        ...(this.engineId !== undefined ? { engineId: this.engineId } : {}),
        scenarioName: run.scenario.name !== '' ? run.scenario.name : run.scenario.fileStem,
        commandLine: process.argv.slice(2),
        mode: run.scenario.mode,
        transport: c.transport.protocol,
        ...(remote !== undefined ? { remote: `${remote.host}:${remote.port}` } : {}),
        askedCallsPerSecond: status.isClientMode ? status.askedCps : 0,
        callLimit: status.limit,
        ...(c.maxCalls !== undefined ? { maxCalls: c.maxCalls } : {}),
        endReason: outcome.endReason,
        exitCode: outcome.exitCode,
        steps: run.scenario.commands.map(stepLabel),
      },
      series: this.sampler.series(),
      generator: this.generatorHealth(outcome.snapshot),
      ...(gates !== undefined ? { gates } : {}),
    });
  }

  private generatorHealth(s: StatsSnapshot): GeneratorHealth {
    const elu = performance.eventLoopUtilization(this.eluAtStart);
    const udp = readUdpDrops();
    const start = this.udpAtStart;
    return {
      event_loop_utilization: Math.round(elu.utilization * 1000) / 1000,
      watchdog_minor: s.cumulative.WatchdogMinor,
      watchdog_major: s.cumulative.WatchdogMajor,
      malformed_messages: s.cumulative.MalformedMessages,
      calls_skipped_by_limit: s.cumulative.CallsSkippedByLimit,
      ...(udp !== undefined && start !== undefined
        ? {
            udp_receive_buffer_errors: udp.rcvbufErrors - start.rcvbufErrors,
            udp_in_errors: udp.inErrors - start.inErrors,
          }
        : {}),
      ...(this.records !== undefined ? { call_records_dropped: this.records.droppedRecords } : {}),
      ...hepHealth(this.hepCounts?.()),
    };
  }
}

/** The summary's `end_reason` for how a run ended. */
export function endReasonOf(result: Pick<RunResult, 'reason' | 'timedOut'>): EndReason {
  if (result.reason === 'fatal') return 'fatal';
  if (result.timedOut) return 'timeout';
  if (result.reason === 'interrupted') return 'interrupted';
  return 'completed';
}

/**
 * The `-summary_html` writer of the report folder, imported when a run ends with a report to
 * write (front-ends pass it to RunResults.create; the import is theirs to make lazy).
 */
export type ReportLoader = () => Promise<{ writeSummaryHtml: SummaryHtmlWriter }>;

export function summaryHtmlFromReport(load: ReportLoader): SummaryHtmlWriter {
  return async (summary, file) => (await load()).writeSummaryHtml(summary, file);
}

function hepHealth(counts: ExportCounts | undefined): Partial<GeneratorHealth> {
  if (counts === undefined) return {};
  return {
    hep_packets_sent: counts.sent,
    hep_packets_dropped: counts.dropped,
    hep_send_errors: counts.sendErrors,
  };
}
