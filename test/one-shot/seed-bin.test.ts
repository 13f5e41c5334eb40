/**
 * The final report names the random seed a run used, so any run can be replayed with -seed:
 * the one given, or the one drawn at start (for -threads, the coordinator's, which the shards
 * derive theirs from).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { startSilentPeer } from '../peers/silent-peer.ts';

async function seedOf(extra: string[]): Promise<number | undefined> {
  requireBuiltBin();
  const peer = await startSilentPeer();
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
      '200',
      '-nostdin',
      ...extra,
    ]);
    await uac.exit(15_000);
    return (
      parseFinalScreens(uac.stdout()).extras.get('Random seed (-seed)') ??
      assert.fail(describeRun(uac))
    );
  } finally {
    killRunning([uac]);
    await peer.close();
  }
}

describe('the seed in the final report', () => {
  it(
    '-seed 4242 is printed as given, with one thread and with two',
    { timeout: 40_000 },
    async () => {
      assert.equal(await seedOf(['-seed', '4242']), 4242);
      assert.equal(await seedOf(['-seed', '4242', '-threads', '2']), 4242);
    },
  );

  it(
    'without -seed, a drawn seed is printed, a different one per run',
    { timeout: 40_000 },
    async () => {
      const [a, b] = [await seedOf([]), await seedOf(['-threads', '2'])];
      assert.ok(Number.isInteger(a) && Number.isInteger(b));
      assert.notEqual(a, b);
    },
  );
});
