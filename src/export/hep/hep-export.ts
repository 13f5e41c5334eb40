/**
 * One run's HEP export (docs/hep.md): the collector socket, the SIP tap the engine's trace sink
 * carries, and the end-of-run counts. Front-ends load this folder only when -hep_addr is given.
 */
import type { HepConfig, RunConfig } from '../../config/index.ts';
import type { TraceSink } from '../../engine/index.ts';
import type { MediaReporting, RtcpTap } from '../../media/index.ts';
import { defaultLocalIp } from '../../run/index.ts';
import { HepExporter, resolveCollector } from './hep-exporter.ts';
import type { HepCounts, HepExporterOptions } from './hep-exporter.ts';
import { hepMediaReportTap, MEDIA_REPORT_PERIOD_MS } from './hep-media-report.ts';
import { hepRtcpTap } from './hep-rtcp-tap.ts';
import { HepSipTap, withSipTap } from './hep-sip-tap.ts';

export interface HepExportOptions extends HepExporterOptions {
  /** -send_media_report's period; default MEDIA_REPORT_PERIOD_MS (tests shorten it). */
  readonly mediaReportPeriodMs?: number;
}

export interface HepExport {
  /** `host:port` of the collector, for messages. */
  readonly collector: string;
  /** `sink` with SIP mirroring added to its message hooks. */
  hookSink(sink: TraceSink): TraceSink;
  /** For the run's media (RunDeps.rtcpTap): set with -hep_raw_rtcp or -hep_homer_lake_rtcp. */
  readonly rtcpTap: RtcpTap | undefined;
  /** For the run's media (RunDeps.mediaReport): set with -send_media_report. */
  readonly mediaReport: MediaReporting | undefined;
  /** Counts so far. */
  counts(): HepCounts;
  /** Flushes, closes the socket and returns the final counts. */
  close(): Promise<HepCounts>;
  /**
   * -threads N: shard `index`'s latest cumulative counts (each shard exports on its own socket);
   * `counts()` and `close()` then return their sum.
   */
  readonly addShardCounts: (index: number, counts: HepCounts) => void;
}

/**
 * Opens the export of `config` (its addr must be set). `localIp` stands in for our address on
 * sockets bound to the wildcard.
 */
export async function startHepExport(
  config: HepConfig,
  localIp: string,
  options: HepExportOptions = {},
): Promise<HepExport> {
  if (config.addr === undefined) throw new Error('startHepExport: no -hep_addr');
  const exporter = await HepExporter.open(config.addr, options);
  const identity = { captureId: config.captureId, password: config.password, localIp };
  const tap = new HepSipTap(exporter, identity);
  return {
    collector: exporter.collector,
    hookSink: (sink) => withSipTap(sink, tap),
    rtcpTap: config.rtcp === 'off' ? undefined : hepRtcpTap(exporter, identity, config.rtcp),
    mediaReport: config.mediaReport
      ? {
          tap: hepMediaReportTap(exporter, identity),
          periodMs: options.mediaReportPeriodMs ?? MEDIA_REPORT_PERIOD_MS,
        }
      : undefined,
    counts: () => exporter.snapshot(),
    close: () => exporter.close(),
    addShardCounts: () => undefined,
  };
}

/**
 * The coordinator's side of a -threads run: no socket (every shard opens its own, docs/hep.md
 * says why), the collector resolved once here so a bad name fails before any thread starts, and
 * the shards' reported counts summed.
 */
async function shardedHepExport(config: HepConfig): Promise<HepExport> {
  if (config.addr === undefined) throw new Error('shardedHepExport: no -hep_addr');
  const { shown } = await resolveCollector(config.addr);
  const latest: Array<HepCounts | undefined> = [];
  const sum = (): HepCounts => {
    const total: HepCounts = { sent: 0, dropped: 0, sendErrors: 0 };
    for (const c of latest) {
      if (c === undefined) continue;
      total.sent += c.sent;
      total.dropped += c.dropped;
      total.sendErrors += c.sendErrors;
    }
    return total;
  };
  return {
    collector: shown,
    hookSink: (sink) => sink,
    rtcpTap: undefined,
    mediaReport: undefined,
    counts: sum,
    close: () => Promise.resolve(sum()),
    addShardCounts: (index, counts) => {
      latest[index] = counts;
    },
  };
}

/**
 * The export of a run (undefined without -hep_addr; validateRunConfig checked the rest). Our
 * address on wildcard-bound sockets is `-i`, else the one SIPp would pick for the remote. With
 * -threads N it is the coordinator's sum of what the shards report (ShardedRunDeps.onHepCounts);
 * each shard calls this with its own config (threads 1) and exports on its own socket.
 */
export async function startRunHep(config: RunConfig): Promise<HepExport | undefined> {
  if (config.hep.addr === undefined) return undefined;
  if (config.threads > 1) return shardedHepExport(config.hep);
  const remote = config.remoteSendAddress ?? config.remote;
  const localIp =
    config.localIp ?? defaultLocalIp(remote?.host.includes(':') ? 6 : 4, remote?.host);
  return startHepExport(config.hep, localIp);
}

/** The end-of-run line: what reached the collector and what did not. */
export function hepSummaryText(collector: string, counts: HepCounts): string {
  const lost = counts.dropped + counts.sendErrors;
  const detail =
    lost === 0
      ? ''
      : ` (${counts.dropped} dropped: queue full or too large; ${counts.sendErrors} send errors)`;
  return `HEP: ${counts.sent} packets sent to ${collector}, ${lost} not sent${detail}\n`;
}
