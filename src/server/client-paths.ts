/**
 * The files a `POST /api/v1/clients` body may name stay inside the server's working directory:
 * a body comes from the network, and without this one with `"scenario_file": "/etc/shadow"` or
 * `"summary_json": "../../home/x/.bashrc"` (or the same through `extra_args`) would make the
 * server read or overwrite any file its user can reach. Checked on the built RunConfig, so every
 * way a body can name a file (profile keys, `extra_args` flags) is covered by one list.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config/index.ts';
import { ApiError } from './api-error.ts';

/** Every file or directory a RunConfig reads or writes, with the flag that names it. */
function namedPaths(config: RunConfig): Array<[flag: string, file: string | undefined]> {
  const t = config.traces;
  const r = config.results;
  const fileOf = (s: RunConfig['scenario'] | undefined) =>
    s?.kind === 'file' ? s.path : undefined;
  return [
    ['-sf', fileOf(config.scenario)],
    ['-oocsf', fileOf(config.outOfCallScenario)],
    ...config.injection.files.map((f): [string, string] => ['-inf', f.path]),
    ['-slave_cfg', config.threePcc?.slaveCfg],
    ['-tls_cert', config.tls.certFile],
    ['-tls_key', config.tls.keyFile],
    ['-tls_ca', config.tls.caFile],
    ['-tls_crl', config.tls.crlFile],
    ['-error_file', t.errorFile],
    ['-message_file', t.messageFile],
    ['-shortmessage_file', t.shortMessageFile],
    ['-log_file', t.logFile],
    ['-screen_file', t.screenFile],
    ['-stf', t.statFile],
    ['-calldebug_file', t.callDebugFile],
    ['-summary_json', r.summaryJson],
    ['-summary_html', r.summaryHtml],
    ['-junit', r.junit],
    ['-call_records_jsonl', r.callRecords],
    ['-record_wav_dir', config.rtp.recordWavDir],
  ];
}

/** The path with symbolic links resolved as far as it exists (a link may point outside). */
function realPath(file: string): string {
  let existing = file;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) return file;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** 400 naming the first file of `config` that is not inside `dir`. */
export function assertPathsInside(config: RunConfig, dir: string, where: string): void {
  const root = realPath(path.resolve(dir));
  for (const [flag, file] of namedPaths(config)) {
    if (file === undefined) continue;
    const resolved = path.resolve(dir, file);
    if (!isInside(resolved, root) || !isInside(realPath(resolved), root))
      throw new ApiError(
        400,
        `${where}: ${flag} "${file}" escapes the server's directory ${root}: ` +
          'a client body may only name files inside it',
      );
  }
}
