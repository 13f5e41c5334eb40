/**
 * Runtime control of trace files through the built bin, as sipp 3.6.1 offers it over `-cp`:
 * `trace messages on` for a run started without -trace_msg opens `<scenario>_<pid>_messages.log`
 * then and the engine starts writing the messages it sends and receives; `trace messages off`
 * stops it; `dump variables` answers with sipp's variable tables (on stderr without -trace_err).
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

async function send(port: number, text: string): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    s.send(Buffer.from(text, 'latin1'), port, '127.0.0.1', (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  s.close();
}

/** `created N` of each summary line so far. */
function createdCounts(p: Peer): number[] {
  return [...p.stdout().matchAll(/^\[\s*[\d.]+ s\] .*created (\d+),/gm)].map((m) => +m[1]);
}

/** Polls (a barrier on the process's own output files, not a sleep) until `ok` holds. */
async function until(what: string, p: Peer, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline || p.child.exitCode !== null)
      assert.fail(`${what}: not seen\n${describeRun(p)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('trace and dump commands on a real run', () => {
  it(
    'trace messages on opens the file late; off stops it; dump variables answers',
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      const cwd = mkdtempSync(path.join(tmpdir(), 'gossipper-ctl-traces-'));
      const [sipPort, uacCtl, uacPort] = [
        await freeUdpPort(),
        await freeUdpPort(),
        await freeUdpPort(),
      ];
      let uas: Peer | undefined;
      let uac: Peer | undefined;
      try {
        uas = startGossipper(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sipPort)], cwd);
        uac = startGossipper(
          [
            '-sn',
            'uac',
            `127.0.0.1:${sipPort}`,
            '-i',
            '127.0.0.1',
            '-p',
            String(uacPort),
            '-cp',
            String(uacCtl),
            '-r',
            '20',
            '-d',
            '10',
            '-f',
            '0.1',
          ],
          cwd,
        );
        await waitForUdpListener(uacCtl, uac);
        const u = uac;
        const file = path.join(cwd, `uac_${u.child.pid}_messages.log`);
        assert.equal(existsSync(file), false, 'no -trace_msg: no file at start');

        await send(uacCtl, 'ctrace messages on');
        const blocks = (): number =>
          existsSync(file) ? readFileSync(file, 'latin1').split('UDP message sent').length - 1 : 0;
        await until('INVITEs in the late messages file', u, () => blocks() > 6);
        assert.match(
          readFileSync(file, 'latin1'),
          /UDP message received \[\d+\] bytes :\n\nSIP\/2\.0 200 OK/,
        );

        const atOff = createdCounts(u).at(-1) ?? 0;
        await send(uacCtl, 'ctrace messages off');
        await send(uacCtl, 'cdump variables');
        await until('the variable tables on stderr', u, () =>
          u.stderr().includes('gossipper: 0 level 2 variables:'),
        );
        // Ten more calls after "off" (a barrier on the run's own summary lines).
        await until('calls after "off"', u, () => (createdCounts(u).at(-1) ?? 0) >= atOff + 10);

        await send(uacCtl, 'q');
        assert.equal(await u.exit(15_000), 0, describeRun(u));
        assert.match(
          u.stderr(),
          /gossipper: 0 level 0 variables:\ngossipper: 0 level 1 variables:/,
        );
      } finally {
        killRunning([uac, uas]);
      }
    },
  );
});
