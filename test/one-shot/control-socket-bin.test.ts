/**
 * Runtime control through the built bin: datagrams to the `-cp` socket change a running UAC's
 * rate, pause it and quit it (read back from its summary lines), a UAS quits on `Q`, a `-cp`
 * port already taken is fatal, and the watchdog catches a real event-loop stall (the process
 * stopped with SIGSTOP) and ends the run as SIPp does when trips pass the allowance.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
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
import { summarySchema } from '../stats/summary-schema.ts';

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

/** Polls (a barrier on the process's own output, not a sleep) until `ok` holds. */
async function until(what: string, p: Peer, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline || p.child.exitCode !== null)
      assert.fail(`${what}: not seen\n${describeRun(p)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** True once the last `n` summary lines all show the same count: no call is being created. */
function flat(p: Peer, n: number, since: number): boolean {
  const c = createdCounts(p).slice(since);
  return c.length >= n && c.slice(-n).every((v) => v === c.at(-1));
}

describe('the -cp control socket on a real run', () => {
  it(
    'set rate, p, a bad command and q drive a UAC; Q ends a UAS',
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      const [sipPort, uasCtl, uacCtl, uacPort] = [
        await freeUdpPort(),
        await freeUdpPort(),
        await freeUdpPort(),
        await freeUdpPort(),
      ];
      let uas: Peer | undefined;
      let uac: Peer | undefined;
      try {
        uas = startGossipper([
          '-sn',
          'uas',
          '-i',
          '127.0.0.1',
          '-p',
          String(sipPort),
          '-cp',
          String(uasCtl),
        ]);
        await waitForUdpListener(uasCtl, uas);
        uac = startGossipper([
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
          '50',
          '-f',
          '0.1',
        ]);
        await waitForUdpListener(uacCtl, uac);
        const u = uac;
        await until('calls placed at -r 50', u, () => (createdCounts(u).at(-1) ?? 0) > 5);

        await send(uacCtl, 'cset rate 0');
        await until('no new call after "set rate 0"', u, () => flat(u, 4, 0));
        const stopped = createdCounts(u).at(-1)!;

        await send(uacCtl, 'cset rate 40');
        await until('calls again after "set rate 40"', u, () => createdCounts(u).at(-1)! > stopped);

        await send(uacCtl, 'p\n');
        const before = createdCounts(u).length;
        await until('no new call while paused', u, () => flat(u, 4, before));

        await send(uacCtl, 'cfoo bar');
        await until('the warning on stderr', u, () =>
          u.stderr().includes('gossipper: Unrecognized command: "foo"'),
        );

        await send(uacCtl, 'q');
        assert.equal(await u.exit(15_000), 0, describeRun(u));
        assert.match(u.stdout(), /Test Terminated/);

        await send(uasCtl, 'Q');
        assert.equal(await uas.exit(15_000), 0, describeRun(uas));
      } finally {
        killRunning([uac, uas]);
      }
    },
  );

  it(
    'a -cp port that is taken is fatal: exit 254 (as sipp 3.6.1), naming the port',
    { timeout: 30_000 },
    async () => {
      requireBuiltBin();
      const taken = dgram.createSocket('udp4');
      await new Promise<void>((r) => taken.bind(0, '127.0.0.1', () => r()));
      const port = taken.address().port;
      let uas: Peer | undefined;
      try {
        uas = startGossipper(['-sn', 'uas', '-i', '127.0.0.1', '-p', '0', '-cp', String(port)]);
        assert.equal(await uas.exit(15_000), 254, describeRun(uas));
        assert.match(
          uas.stderr(),
          new RegExp(`unable to bind the remote control socket to UDP 127\\.0\\.0\\.1:${port}`),
        );
      } finally {
        killRunning([uas]);
        taken.close();
      }
    },
  );
});

describe('the watchdog on a real run', () => {
  it(
    'a stopped process is a stall: trips past the allowance end the run (255), in the summary',
    {
      timeout: 30_000,
    },
    async () => {
      requireBuiltBin();
      const ctl = await freeUdpPort();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-stall-'));
      let uas: Peer | undefined;
      try {
        uas = startGossipper(
          [
            '-sn',
            'uas',
            '-i',
            '127.0.0.1',
            '-p',
            '0',
            '-cp',
            String(ctl),
            '-watchdog_interval',
            '50',
            '-watchdog_minor_threshold',
            '200',
            '-watchdog_minor_maxtriggers',
            '0',
            '-summary_json',
            'stall.json',
          ],
          dir,
        );
        await waitForUdpListener(ctl, uas);
        const pid = uas.child.pid!;
        // Frozen for 600 ms: the 50 ms timer fires about 600 ms after its last firing.
        process.kill(pid, 'SIGSTOP');
        await new Promise((r) => setTimeout(r, 600));
        process.kill(pid, 'SIGCONT');
        assert.equal(await uas.exit(15_000), 255, describeRun(uas));
        assert.match(
          uas.stderr(),
          /Overload error: the watchdog timer has tripped the minor threshold of 200ms too many times \(1 out of 0 allowed\)/,
        );
        // Generator health in the summary of this fatal end: the stall, and why it matters.
        const summary = summarySchema.parse(
          JSON.parse(readFileSync(path.join(dir, 'stall.json'), 'utf8')),
        );
        assert.equal(summary.end_reason, 'fatal');
        assert.equal(summary.exit_code, 255);
        assert.ok(summary.generator.watchdog_minor >= 1, JSON.stringify(summary.generator));
        assert.ok(summary.findings.some((f) => /the generator stalled \(watchdog/.test(f)));
      } finally {
        if (uas?.child.exitCode === null) process.kill(uas.child.pid!, 'SIGCONT');
        killRunning([uas]);
      }
    },
  );
});
