/**
 * Garbage under load: while a Gossipper UAC runs 600 calls against a Gossipper UAS, a third
 * socket fires malformed datagrams and stray responses at both. No call of the UAC may fail, and
 * every piece of garbage must be counted (and logged with -trace_err) exactly once. As in sipp
 * 3.6.1, a server makes a call of any message with a new Call-ID, a response too: each stray
 * response to the UAS is an incoming call that fails as unexpected (its -m leaves room for them).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import {
  malformedDatagrams,
  sendSpread,
  unknownCallIdResponse,
} from '../peers/hostile-datagrams.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

const CALLS = 600;
const RATE = 200;
const ROUNDS = 5;
const STRAY_TO_UAS = 4;
const STRAY_TO_UAC = 3;
/** 3 s of calls plus the UAS's 4 s timewait, with room for a slow machine. */
const EXIT_WITHIN_MS = 30_000;

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('hostile datagrams during a Gossipper uac → Gossipper uas load test', () => {
  it(
    `${CALLS} calls at ${RATE} cps all succeed; malformed and stray datagrams are counted and logged`,
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      requireBuiltBin();
      const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
      const errorFile = path.join(
        mkdtempSync(path.join(tmpdir(), 'gossipper-hostile-')),
        'uas-errors.log',
      );
      const malformed = Array.from({ length: ROUNDS }, (_, round) =>
        malformedDatagrams(round),
      ).flat();
      const toUas = [
        ...malformed.map((d) => d.bytes),
        ...Array.from({ length: STRAY_TO_UAS }, (_, i) => unknownCallIdResponse(i)),
      ];
      let uas: Peer | undefined;
      let uac: Peer | undefined;
      try {
        uas = startGossipper([
          '-sn',
          'uas',
          '-p',
          String(uasPort),
          '-m',
          String(CALLS + STRAY_TO_UAS),
          '-trace_err',
          '-error_file',
          errorFile,
          '-nostdin',
        ]);
        await waitForUdpListener(uasPort, uas);
        uac = startGossipper([
          '-sn',
          'uac',
          `127.0.0.1:${uasPort}`,
          '-p',
          String(uacPort),
          '-m',
          String(CALLS),
          '-r',
          String(RATE),
          '-nostdin',
        ]);
        await waitForUdpListener(uacPort, uac);
        // Spread over ~1.5 s of the 3 s of traffic, so the garbage interleaves with live calls.
        await Promise.all([
          sendSpread(uasPort, toUas, 30),
          sendSpread(
            uacPort,
            Array.from({ length: STRAY_TO_UAC }, (_, i) => unknownCallIdResponse(100 + i)),
            300,
          ),
        ]);
        const [uacCode, uasCode] = await Promise.all([
          uac.exit(EXIT_WITHIN_MS),
          uas.exit(EXIT_WITHIN_MS),
        ]);
        assert.equal(uacCode, 0, `UAC exit code\n${describeRun(uac)}`);
        // The stray responses' calls failed: SIPp's exit status for failed calls.
        assert.equal(uasCode, 1, `UAS exit code\n${describeRun(uas)}`);

        const server = parseFinalScreens(uas.stdout());
        const client = parseFinalScreens(uac.stdout());
        assert.equal(server.successful.cumulative, CALLS, 'uas: successful calls');
        assert.equal(server.failed.cumulative, STRAY_TO_UAS, 'uas: failed calls (stray responses)');
        assertAllSucceeded(CALLS, 'uac', client);
        // Every malformed datagram is an INVITE-to-be with a fresh Call-ID: none may start a call.
        assert.equal(
          server.statistics.get('Incoming calls created')?.cumulative,
          CALLS + STRAY_TO_UAS,
        );
        assert.equal(
          server.extras.get('Malformed messages'),
          malformed.length,
          'UAS malformed count',
        );
        assert.equal(client.extras.get('Malformed messages'), 0, 'UAC malformed count');
        assert.equal(client.outOfCall, STRAY_TO_UAC, 'UAC out-of-call count');

        assert.ok(existsSync(errorFile), `-trace_err wrote ${errorFile}`);
        const log = readFileSync(errorFile, 'latin1');
        assert.equal(
          occurrences(log, 'Discarding malformed message'),
          malformed.length,
          'one log entry per malformed datagram',
        );
        assert.equal(
          occurrences(log, 'Aborting call on unexpected message'),
          STRAY_TO_UAS,
          'one log entry per stray response',
        );
        // Random bytes (no LF at all) and the truncated INVITE both lack the blank line.
        const reasons = {
          'no end of headers': 2,
          'header line too long': 1,
          'truncated body': 1,
          'NUL byte in headers': 1,
          'missing Call-ID': 1,
          'bad CSeq': 1,
        };
        for (const [reason, perRound] of Object.entries(reasons)) {
          assert.equal(
            occurrences(log, `(${reason}`),
            perRound * ROUNDS,
            `log entries for "${reason}"`,
          );
        }
      } finally {
        killRunning([uac, uas]);
      }
    },
  );
});
