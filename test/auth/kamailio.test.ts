/**
 * Our UAC registering with a real registrar: Kamailio (Debian's `kamailio` package), started by
 * the test on a free loopback port with a generated config that challenges REGISTER
 * (`www_challenge`, qop=auth, nonce counts checked) and checks a plaintext password with
 * `pv_www_authenticate`. Right credentials get 200 twice on one nonce (nc 1 then 2), a wrong
 * password 403 and a failed call. Fails under CI=true when kamailio is missing, skips loudly
 * otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  startPeer,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { registerUacXml } from './auth-scenarios.ts';

/** `kamailio` on PATH, else Debian's /usr/sbin (not on a normal user's PATH). */
function kamailioBinary(): string | undefined {
  for (const bin of ['kamailio', '/usr/sbin/kamailio']) {
    if (spawnSync(bin, ['-v'], { stdio: 'ignore' }).error === undefined) return bin;
  }
  return undefined;
}

const KAMAILIO = kamailioBinary();

function kamailioRequirement(): string | false {
  if (KAMAILIO !== undefined) return false;
  if (process.env.CI === 'true')
    throw new Error('kamailio is required in CI (apt-get install -y kamailio) but was not found');
  const why =
    'Kamailio not installed: registrar interop test NOT RUN (apt-get install -y kamailio)';
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

const REALM = 'gossipper.test';

/** A registrar in the fewest modules: sl, pv, auth (no tm, no database, no usrloc). */
function kamailioCfg(port: number): string {
  return `#!KAMAILIO
debug=2
log_stderror=yes
children=1
auto_aliases=no
listen=udp:127.0.0.1:${port}
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "auth.so"
# Refuse a nonce count that was already used (nc must grow for one nonce).
modparam("auth", "nonce_count", 1)
request_route {
  if ($rm != "REGISTER") {
    sl_send_reply("405", "Method Not Allowed");
    exit;
  }
  if ($au == $null) {
    www_challenge("${REALM}", "1");
    exit;
  }
  if ($au != "alice") {
    sl_send_reply("403", "Forbidden");
    exit;
  }
  pv_www_authenticate("${REALM}", "s3cret", "0");
  $var(rc) = $rc;
  if ($var(rc) == -2) {
    sl_send_reply("403", "Forbidden");
    exit;
  }
  if ($var(rc) < 0) {
    www_challenge("${REALM}", "1");
    exit;
  }
  sl_send_reply("200", "OK");
  exit;
}
`;
}

const EXIT_WITHIN_MS = 20_000;

async function register(dir: string, kamPort: number, password: string): Promise<[Peer, number]> {
  const ours = startGossipper(
    [
      '-sf',
      'uac.xml',
      `127.0.0.1:${kamPort}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(await freeUdpPort()),
      '-m',
      '1',
      '-au',
      'alice',
      '-ap',
      password,
      '-nostdin',
    ],
    dir,
  );
  return [ours, await ours.exit(EXIT_WITHIN_MS)];
}

describe('REGISTER with Kamailio', { skip: kamailioRequirement() }, () => {
  it(
    '200 with the right password (nc 1 and 2 on one nonce), 403 and a failed call with a wrong one',
    {
      timeout: 3 * EXIT_WITHIN_MS,
    },
    async () => {
      requireBuiltBin();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-kamailio-'));
      const port = await freeUdpPort();
      const cfg = path.join(dir, 'kamailio.cfg');
      writeFileSync(cfg, kamailioCfg(port));
      writeFileSync(path.join(dir, 'uac.xml'), registerUacXml(true, 'alice', REALM));
      assert.ok(existsSync(cfg));
      let kam: Peer | undefined;
      let ours: Peer | undefined;
      try {
        // Foreground (-DD), logging to stderr (-E), small memory pools.
        kam = startPeer(KAMAILIO as string, ['-f', cfg, '-DD', '-E', '-m', '32', '-M', '4'], dir);
        await waitForUdpListener(port, kam);
        let code: number;
        [ours, code] = await register(dir, port, 's3cret');
        assert.equal(code, 0, `${describeRun(ours)}\nkamailio:\n${describeRun(kam)}`);
        assert.equal(parseFinalScreens(ours.stdout()).successful.cumulative, 1);
        [ours, code] = await register(dir, port, 'wrong');
        assert.notEqual(code, 0, describeRun(ours));
        const screens = parseFinalScreens(ours.stdout());
        assert.equal(screens.failed.cumulative, 1, describeRun(ours));
        assert.match(ours.stdout() + ours.stderr(), /403 Forbidden/);
      } finally {
        killRunning([ours]);
        if (kam !== undefined) {
          // SIGTERM: the main process ends its children (SIGKILL would orphan them on the port).
          kam.kill('SIGTERM');
          await kam.exit(5000).catch(() => undefined);
        }
      }
    },
  );
});
