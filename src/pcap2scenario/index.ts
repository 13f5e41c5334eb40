/**
 * `gossipper pcap2scenario`: a SIP capture to SIPp scenarios and RTP captures that replay its
 * first call. Loaded by main.ts only when the subcommand runs.
 */
export { runPcap2ScenarioCommand } from './pcap2scenario-command.ts';
export { OUTPUT_FILES, convertCapture, type Conversion } from './convert-capture.ts';
