/**
 * Without the batched addon (not built, or GOSSIPPER_UDP_IO=dgram) UDP runs on node:dgram: a
 * whole UAC↔UAS run still succeeds, and the screen says which I/O path carried it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import { freeUdpPort, killRunning, requireBuiltBin, startGossipper, waitForUdpListener } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

function withDgram<T>(start: () => T): T {
  const before = process.env.GOSSIPPER_UDP_IO;
  process.env.GOSSIPPER_UDP_IO = 'dgram';
  try {
    return start();
  } finally {
    if (before === undefined) delete process.env.GOSSIPPER_UDP_IO;
    else process.env.GOSSIPPER_UDP_IO = before;
  }
}

test('UAC and UAS on node:dgram complete every call and name the I/O path', async () => {
  requireBuiltBin();
  const port = await freeUdpPort();
  const clientPort = await freeUdpPort();
  let uas: Peer | undefined;
  let uac: Peer | undefined;
  try {
    uas = withDgram(() => startGossipper(['-sn', 'uas', '-p', String(port), '-m', '50', '-nostdin']));
    await waitForUdpListener(port, uas);
    uac = withDgram(() => startGossipper(['-sn', 'uac', `127.0.0.1:${port}`, '-m', '50', '-r', '100', '-p', String(clientPort), '-nostdin']));
    assert.equal(await uac.exit(20000), 0, uac.stdout());
    assert.equal(await uas.exit(20000), 0, uas.stdout());
    assertAllSucceeded(50, 'uac', parseFinalScreens(uac.stdout()));
    assertAllSucceeded(50, 'uas', parseFinalScreens(uas.stdout()));
    assert.match(uac.stdout(), /socket buffers .*node:dgram I\/O/);
  } finally {
    killRunning([uac, uas]);
  }
});
