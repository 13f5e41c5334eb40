/**
 * Gossipper UAC against Gossipper UAS over TCP, as two processes on loopback: `-t t1` (one
 * connection shared by every call) and `-t tn` (one connection per call). Both sides must count
 * every call successful and exit 0. (What goes over the wire is checked against SIPp's
 * -trace_msg in tcp-sipp.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 200;
const RATE = 100;
/** 2 s of calls plus the uas's 4 s timewait on the last one, with room for a slow machine. */
const EXIT_WITHIN_MS = 30_000;

describe('gossipper uac ↔ gossipper uas over TCP', { concurrency: true }, () => {
  for (const transport of ['t1', 'tn']) {
    it(
      `-t ${transport}: ${CALLS} calls all succeed on both sides`,
      { timeout: EXIT_WITHIN_MS + 5000 },
      async () => {
        requireBuiltBin();
        const port = await freeTcpPort();
        const clientPort = await freeTcpPort();
        let uas: Peer | undefined;
        let uac: Peer | undefined;
        try {
          uas = startGossipper([
            '-sn',
            'uas',
            '-i',
            '127.0.0.1',
            '-p',
            String(port),
            '-t',
            transport,
            '-m',
            String(CALLS),
            '-nostdin',
          ]);
          await waitForTcpListener(port, uas);
          uac = startGossipper([
            '-sn',
            'uac',
            `127.0.0.1:${port}`,
            '-i',
            '127.0.0.1',
            '-p',
            String(clientPort),
            '-t',
            transport,
            '-m',
            String(CALLS),
            '-r',
            String(RATE),
            '-nostdin',
          ]);
          const [uacCode, uasCode] = await Promise.all([
            uac.exit(EXIT_WITHIN_MS),
            uas.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(uacCode, 0, `uac exit code\n${describeRun(uac)}`);
          assert.equal(uasCode, 0, `uas exit code\n${describeRun(uas)}`);
          const client = parseFinalScreens(uac.stdout());
          const server = parseFinalScreens(uas.stdout());
          assertAllSucceeded(CALLS, 'uac', client);
          assertAllSucceeded(CALLS, 'uas', server);
          assert.equal(stepsNamed(server, 'INVITE')[0].messages, CALLS);
          assert.equal(
            stepsNamed(client, 'BYE')[0].messages,
            stepsNamed(server, 'BYE')[0].messages,
          );
          assert.match(
            uac.stdout(),
            new RegExp(`127\\.0\\.0\\.1:${port}\\(TCP\\)`),
            'the screen names the transport',
          );
        } finally {
          killRunning([uac, uas]);
        }
      },
    );
  }
});
