/**
 * Exporters that copy a run's traffic to other systems (design.md: HEP3 now). The engine never
 * imports this folder; front-ends load it lazily, only when an export flag is given.
 */
export { hepSummaryText, startHepExport, startRunHep } from './hep/hep-export.ts';
export type { HepExport, HepExportOptions } from './hep/hep-export.ts';
export { dtmfReportJson, MEDIA_REPORT_PERIOD_MS, rtpReportJson } from './hep/hep-media-report.ts';
export type { HepCounts } from './hep/hep-exporter.ts';
export { HepExporter } from './hep/hep-exporter.ts';
export {
  encodeHep,
  HepProtocol,
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  MAX_HEP_BYTES,
} from './hep/hep-encoder.ts';
export type { HepPacket, HepProtocolType } from './hep/hep-encoder.ts';
export { homerLakeJson } from './hep/homer-lake-rtcp.ts';
