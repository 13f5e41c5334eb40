/**
 * Digest authentication against real SIPp, both ways: our `[authentication]` answering a sipp
 * registrar that checks with `<verifyauth>`, and sipp's `[authentication]` (-au/-ap) checked by
 * our `<verifyauth>`. A wrong password must fail the call on the client side.
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
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
import { registerUacXml, verifyingUasXml } from './auth-scenarios.ts';

const CALLS = 3;
const EXIT_WITHIN_MS = 20_000;

function scenarioDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-auth-'));
  writeFileSync(path.join(dir, 'uac.xml'), registerUacXml());
  writeFileSync(path.join(dir, 'uas.xml'), verifyingUasXml('alice', 's3cret'));
  return dir;
}

type Start = (args: string[], cwd?: string) => Peer;

/** Runs `uas` (-m CALLS) and then `uac` with the given password; returns both outcomes. */
async function registerRun(
  startUas: Start,
  startUac: Start,
  password: string,
): Promise<{ uac: Peer; uacCode: number; uas: Peer }> {
  const dir = scenarioDir();
  const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
  let uas: Peer | undefined;
  let uac: Peer | undefined;
  try {
    const common = ['-i', '127.0.0.1', '-m', String(CALLS), '-nostdin'];
    uas = startUas(['-sf', 'uas.xml', '-p', String(uasPort), ...common], dir);
    await waitForUdpListener(uasPort, uas);
    uac = startUac(
      [
        '-sf',
        'uac.xml',
        `127.0.0.1:${uasPort}`,
        '-p',
        String(uacPort),
        '-au',
        'alice',
        '-ap',
        password,
        '-r',
        '10',
        ...common,
      ],
      dir,
    );
    const uacCode = await uac.exit(EXIT_WITHIN_MS);
    return { uac, uacCode, uas };
  } finally {
    killRunning([uas, uac]);
  }
}

describe('digest auth against sipp', { skip: sippRequirement(), concurrency: true }, () => {
  it(
    "our [authentication] (-au/-ap) passes sipp's <verifyauth>; a wrong password fails",
    {
      timeout: 2 * EXIT_WITHIN_MS + 5000,
    },
    async () => {
      requireBuiltBin();
      const good = await registerRun(startSipp, startGossipper, 's3cret');
      assert.equal(good.uacCode, 0, describeRun(good.uac));
      assert.equal(parseFinalScreens(good.uac.stdout()).successful.cumulative, CALLS);
      const bad = await registerRun(startSipp, startGossipper, 'wrong');
      assert.notEqual(bad.uacCode, 0, describeRun(bad.uac));
      const screens = parseFinalScreens(bad.uac.stdout());
      assert.equal(screens.successful.cumulative, 0);
      assert.equal(screens.failed.cumulative, CALLS, describeRun(bad.uac));
    },
  );

  it(
    "sipp's [authentication] passes our <verifyauth>; a wrong password gets 403",
    {
      timeout: 2 * EXIT_WITHIN_MS + 5000,
    },
    async () => {
      requireBuiltBin();
      const good = await registerRun(startGossipper, startSipp, 's3cret');
      assert.equal(good.uacCode, 0, describeRun(good.uac));
      assert.equal(parseFinalScreens(good.uac.stdout()).successful.cumulative, CALLS);
      const bad = await registerRun(startGossipper, startSipp, 'wrong');
      assert.notEqual(bad.uacCode, 0, describeRun(bad.uac));
      assert.match(bad.uac.stdout() + bad.uac.stderr(), /403/, describeRun(bad.uac));
    },
  );
});
