/**
 * Without the batched addon (not built, or GOSSIPPER_UDP_IO=dgram) UDP runs on node:dgram: a
 * whole UAC↔UAS run still succeeds, and the screen says which I/O path carried it. With the addon,
 * a start from the V8 snapshot must still find it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import {
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

/** A UAS and a UAC of the built bin, 50 calls on loopback; `env` is added to both. */
async function callPair(
  env: Record<string, string>,
  check: (uac: Peer, uas: Peer) => void,
): Promise<void> {
  requireBuiltBin();
  const port = await freeUdpPort();
  const clientPort = await freeUdpPort();
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  let uas: Peer | undefined;
  let uac: Peer | undefined;
  try {
    uas = startGossipper(['-sn', 'uas', '-p', String(port), '-m', '50', '-nostdin']);
    await waitForUdpListener(port, uas);
    uac = startGossipper([
      '-sn',
      'uac',
      `127.0.0.1:${port}`,
      '-m',
      '50',
      '-r',
      '100',
      '-p',
      String(clientPort),
      '-nostdin',
    ]);
    assert.equal(await uac.exit(20000), 0, uac.stdout());
    assert.equal(await uas.exit(20000), 0, uas.stdout());
    assertAllSucceeded(50, 'uac', parseFinalScreens(uac.stdout()));
    assertAllSucceeded(50, 'uas', parseFinalScreens(uas.stdout()));
    check(uac, uas);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    killRunning([uac, uas]);
  }
}

test('UAC and UAS on node:dgram complete every call and name the I/O path', async () => {
  await callPair({ GOSSIPPER_UDP_IO: 'dgram' }, (uac) => {
    assert.match(uac.stdout(), /socket buffers .*node:dgram I\/O/);
  });
});

test('from the start-up snapshot the batched addon is found next to the bundle and carries the calls', async () => {
  // startGossipper runs the launcher, which starts from dist/gossipper.blob
  // (test/cli/launcher.test.ts).
  await callPair({}, (uac) => {
    assert.match(uac.stdout(), /socket buffers rcv/);
    assert.doesNotMatch(uac.stdout(), /node:dgram/);
  });
});
