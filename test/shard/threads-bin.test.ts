/**
 * The built bin with `-threads 2` (worker threads from dist/shard-worker.js) as the UAC, against
 * our own single-thread UAS and against real SIPp: every call succeeds, the final screen counts
 * the sum of both shards, and the exit code is SIPp's 0.
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

const CALLS = 400;
const RATE = 200;
const EXIT_WITHIN_MS = 30_000;

async function runAgainst(server: 'gossipper' | 'sipp'): Promise<void> {
  requireBuiltBin();
  const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
  let uas: Peer | undefined;
  let ours: Peer | undefined;
  try {
    const uasArgs = [
      '-sn',
      'uas',
      '-i',
      '127.0.0.1',
      '-p',
      String(uasPort),
      '-m',
      String(CALLS),
      '-nostdin',
    ];
    uas = server === 'sipp' ? startSipp(uasArgs) : startGossipper(uasArgs);
    await waitForUdpListener(uasPort, uas);
    ours = startGossipper([
      '-sn',
      'uac',
      `127.0.0.1:${uasPort}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(uacPort),
      '-m',
      String(CALLS),
      '-r',
      String(RATE),
      '-threads',
      '2',
      '-nostdin',
    ]);
    const [ourCode, uasCode] = await Promise.all([
      ours.exit(EXIT_WITHIN_MS),
      uas.exit(EXIT_WITHIN_MS),
    ]);
    assert.equal(ourCode, 0, `gossipper -threads 2 exit code\n${describeRun(ours)}`);
    assert.equal(uasCode, 0, `${server} uas exit code\n${describeRun(uas)}`);
    const mine = parseFinalScreens(ours.stdout());
    const theirs = parseFinalScreens(uas.stdout());
    assertAllSucceeded(CALLS, 'gossipper -threads 2', mine);
    assert.equal(mine.statistics.get('Outgoing calls created')?.cumulative, CALLS);
    assert.equal(theirs.statistics.get('Incoming calls created')?.cumulative, CALLS);
    assert.equal(theirs.successful.cumulative, CALLS);
    assert.equal(stepsNamed(mine, 'INVITE')[0].messages, CALLS);
    assert.equal(stepsNamed(mine, 'BYE')[0].messages, CALLS);
    assert.equal(mine.outOfCall, 0, "out-of-call messages: a shard got another shard's answer");
    // Both shards' sockets: port and port + 1.
    assert.match(ours.stdout(), new RegExp(`\\b${uacPort}\\b`));
  } finally {
    killRunning([ours, uas]);
  }
}

describe('gossipper -sn uac -threads 2', { concurrency: false }, () => {
  it(
    `against our uas: ${CALLS} calls at ${RATE} cps all succeed`,
    { timeout: EXIT_WITHIN_MS + 5000 },
    () => runAgainst('gossipper'),
  );
  it(
    `against sipp -sn uas: ${CALLS} calls at ${RATE} cps all succeed`,
    { skip: sippRequirement(), timeout: EXIT_WITHIN_MS + 5000 },
    () => runAgainst('sipp'),
  );
  it(
    'refuses a server scenario as a configuration error (exit 1, nothing bound)',
    { timeout: 15_000 },
    async () => {
      requireBuiltBin();
      const peer = startGossipper([
        '-sn',
        'uas',
        '-i',
        '127.0.0.1',
        '-p',
        String(await freeUdpPort()),
        '-threads',
        '2',
        '-nostdin',
      ]);
      try {
        const code = await peer.exit(10_000);
        assert.equal(code, 1);
        assert.match(peer.stderr() + peer.stdout(), /-threads 2 with a server scenario needs/);
      } finally {
        killRunning([peer]);
      }
    },
  );
});
