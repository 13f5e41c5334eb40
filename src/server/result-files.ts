/**
 * The result files of a server's engines (`-summary_json`, `-summary_html`, `-junit`,
 * `-call_records_jsonl`) must differ: a composite file's top-level `summary_json` is merged into
 * every profile (reference §B9 9.1), and two engines writing one path would leave whichever
 * finished last. Refused by name before anything starts, like two engines on one SIP bind.
 */
import type { RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';

interface NamedConfig {
  readonly id: string;
  readonly config: RunConfig;
}

function resultFiles(config: RunConfig): Array<[flag: string, file: string]> {
  const r = config.results;
  const named: Array<[string, string | undefined]> = [
    ['-summary_json', r.summaryJson],
    ['-summary_html', r.summaryHtml],
    ['-junit', r.junit],
    ['-call_records_jsonl', r.callRecords],
  ];
  return named.filter((n): n is [string, string] => n[1] !== undefined);
}

/** Throws naming both engines when two of `engines` (or one twice) name the same result file. */
export function assertDistinctResultFiles(engines: readonly NamedConfig[]): void {
  const owners = new Map<string, string>();
  for (const { id, config } of engines) {
    for (const [flag, file] of resultFiles(config)) {
      const owner = owners.get(file);
      const here = `engine "${id}" ${flag}`;
      if (owner !== undefined) {
        throw new GossipperError(
          'CONFIG_INVALID',
          `${owner} and ${here} both write ${file}`,
          'give each engine its own file (set the key in each profile, not at the top level)',
        );
      }
      owners.set(file, here);
    }
  }
}
