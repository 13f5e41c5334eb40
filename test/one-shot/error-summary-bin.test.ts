/**
 * Issue 12, defect 7: errors during a run used to reach only the screen's shortened "Last Error"
 * line. As SIPp does at exit (print_errors), the bin leaves the latest error and a pointer to
 * the others on stderr.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { startSilentPeer } from '../peers/silent-peer.ts';

const TIMESTAMP = /^\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d{6}\t\d+\.\d{6}: /;

describe('the error summary on stderr at exit', () => {
  for (const withLog of [false, true]) {
    it(
      `two calls timing out against a silent peer${withLog ? ', with -trace_err' : ''}`,
      { timeout: 20_000 },
      async () => {
        requireBuiltBin();
        const peer = await startSilentPeer();
        const logFile = path.join(
          mkdtempSync(path.join(tmpdir(), 'gossipper-errsum-')),
          'errors.log',
        );
        let uac: Peer | undefined;
        try {
          uac = startGossipper([
            '-sn',
            'uac',
            `127.0.0.1:${peer.port}`,
            '-p',
            String(await freeUdpPort()),
            '-m',
            '2',
            '-r',
            '10',
            '-recv_timeout',
            '500',
            '-max_invite_retrans',
            '1',
            '-nostdin',
            ...(withLog ? ['-trace_err', '-error_file', logFile] : []),
          ]);
          assert.equal(await uac.exit(15_000), 1, describeRun(uac));
          const lines = uac.stderr().trimEnd().split('\n');
          const last = lines.at(-2) ?? '';
          assert.match(last, TIMESTAMP, describeRun(uac));
          assert.match(last, /Aborting call on timeout for Call-ID '\d-\d+@127\.0\.0\.1'/);
          assert.equal(
            lines.at(-1),
            withLog
              ? `There were more errors, see '${logFile}' file`
              : 'There were more errors, enable -trace_err to log them.',
          );
        } finally {
          killRunning([uac]);
          await peer.close();
        }
      },
    );
  }
});
