/**
 * Real SIPp as the UAC against Gossipper as the UAS, SIPp sending from one shared socket
 * (`-t u1`) and from one socket per call (`-t un`): both sides must count the same 1000
 * successful calls.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

const CALLS = 1000;
const RATE = 200;
/** 5 s of calls plus the UAS's 4 s timewait on the last one, with room for a slow machine. */
const EXIT_WITHIN_MS = 30_000;

describe('sipp -sn uac → Gossipper -sn uas', { skip: sippRequirement(), concurrency: true }, () => {
  for (const transport of ['u1', 'un']) {
    it(
      `sipp -t ${transport}: ${CALLS} calls at ${RATE} cps all succeed on both sides`,
      { timeout: EXIT_WITHIN_MS + 5000 },
      async () => {
        requireBuiltBin();
        const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
        let ours: Peer | undefined;
        let sipp: Peer | undefined;
        try {
          ours = startGossipper([
            '-sn',
            'uas',
            '-p',
            String(uasPort),
            '-m',
            String(CALLS),
            '-nostdin',
          ]);
          await waitForUdpListener(uasPort, ours);
          sipp = startSipp([
            '-sn',
            'uac',
            `127.0.0.1:${uasPort}`,
            '-i',
            '127.0.0.1',
            '-p',
            String(uacPort),
            '-t',
            transport,
            '-max_socket',
            '1000',
            '-m',
            String(CALLS),
            '-r',
            String(RATE),
            '-nostdin',
          ]);
          const [ourCode, sippCode] = await Promise.all([
            ours.exit(EXIT_WITHIN_MS),
            sipp.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(ourCode, 0, `gossipper exit code\n${describeRun(ours)}`);
          assert.equal(sippCode, 0, `sipp exit code\n${describeRun(sipp)}`);

          const mine = parseFinalScreens(ours.stdout());
          const theirs = parseFinalScreens(sipp.stdout());
          assertAllSucceeded(CALLS, 'gossipper', mine);
          assertAllSucceeded(CALLS, 'sipp', theirs);
          assert.equal(mine.successful.cumulative, theirs.successful.cumulative);
          assert.equal(mine.statistics.get('Incoming calls created')?.cumulative, CALLS);
          assert.equal(theirs.statistics.get('Outgoing calls created')?.cumulative, CALLS);
          assert.equal(stepsNamed(mine, 'INVITE')[0].messages, CALLS);
          assert.equal(stepsNamed(mine, 'ACK')[0].messages, CALLS);
          assert.equal(stepsNamed(mine, 'BYE')[0].messages, stepsNamed(theirs, 'BYE')[0].messages);
          assert.equal(
            mine.extras.get('Malformed messages'),
            0,
            'SIPp sends nothing we cannot parse',
          );
          assert.equal(theirs.outOfCall, 0, 'sipp out-of-call messages');
        } finally {
          killRunning([sipp, ours]);
        }
      },
    );
  }
});
