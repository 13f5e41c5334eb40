/**
 * Every file or directory a RunConfig names, read or written, with the flag that set it. The
 * management API checks them for a run that arrives over the network (server/api-paths.ts), so a
 * new path-taking field must be listed here: test/config/run-config-paths.test.ts fails on a
 * string field it has not been told about.
 */
import type { RunConfig, ScenarioSource } from './run-config.ts';

export interface ConfigPath {
  /** The flag that set it, for the refusal: `-sf`, `-summary_json`. */
  readonly flag: string;
  /** As the config holds it (the flag parser resolved it against the working directory). */
  readonly path: string;
}

function scenarioPath(source: ScenarioSource | undefined): string | undefined {
  return source?.kind === 'file' ? source.path : undefined;
}

export function runConfigPaths(config: RunConfig): ConfigPath[] {
  const { tls, traces, results, injection } = config;
  const named: Array<[string, string | undefined]> = [
    ['-sf', scenarioPath(config.scenario)],
    ['-oocsf', scenarioPath(config.outOfCallScenario)],
    ['-slave_cfg', config.threePcc?.slaveCfg],
    ['-tls_cert', tls.certFile],
    ['-tls_key', tls.keyFile],
    ['-tls_ca', tls.caFile],
    ['-tls_crl', tls.crlFile],
    ['-error_file', traces.errorFile],
    ['-message_file', traces.messageFile],
    ['-shortmessage_file', traces.shortMessageFile],
    ['-log_file', traces.logFile],
    ['-screen_file', traces.screenFile],
    ['-stf', traces.statFile],
    ['-calldebug_file', traces.callDebugFile],
    ['-summary_json', results.summaryJson],
    ['-summary_html', results.summaryHtml],
    ['-junit', results.junit],
    ['-call_records_jsonl', results.callRecords],
    ['-record_wav_dir', config.rtp.recordWavDir],
  ];
  const paths: ConfigPath[] = [];
  for (const [flag, path] of named) if (path !== undefined) paths.push({ flag, path });
  for (const file of injection.files) paths.push({ flag: '-inf', path: file.path });
  return paths;
}
