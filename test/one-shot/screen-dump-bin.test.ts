/**
 * The screen dump through the built bin, as sipp 3.6.1 does it: SIGUSR2 and the `s` key (here a
 * datagram to the `-cp` socket) append the screens as they are now to the `-trace_screen` file,
 * with a running run's footer; the exit dump follows them. Also `trace <log> off` at run time,
 * and a scenario that does not load: its error in the errors file, no other file left.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

const RUNNING_FOOTER =
  '------ [+|-|*|/]: Adjust rate ---- [q]: Soft exit ---- [p]: Pause traffic -----';
const ENDING_FOOTER =
  '------- Waiting for active calls to end. Press [q] again to force exit. -------';

async function send(port: number, text: string): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    s.send(Buffer.from(text, 'latin1'), port, '127.0.0.1', (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  s.close();
}

/** Polls (a barrier on the file the process writes, not a sleep) until `ok` holds. */
async function until(what: string, p: Peer, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline || p.child.exitCode !== null)
      assert.fail(`${what}: not seen\n${describeRun(p)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function fileOf(dir: string, suffix: string): string {
  const name = readdirSync(dir).find((n) => n.endsWith(suffix));
  return name === undefined ? '' : readFileSync(path.join(dir, name), 'latin1');
}

function count(text: string, line: string): number {
  return text.split('\n').filter((l) => l === line).length;
}

describe('screen dumps and trace switches on a real run', () => {
  it(
    'SIGUSR2 and s append the screens; the exit dump comes last',
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      const [sipPort, uacCtl, uacPort] = [
        await freeUdpPort(),
        await freeUdpPort(),
        await freeUdpPort(),
      ];
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-screen-dump-'));
      let uas: Peer | undefined;
      let uac: Peer | undefined;
      try {
        uas = startGossipper(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sipPort), '-nostdin']);
        await waitForUdpListener(sipPort, uas);
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
            '-nostdin',
            '-trace_screen',
            '-trace_shortmsg',
          ],
          dir,
        );
        await waitForUdpListener(uacCtl, uac);
        const screens = (): string => fileOf(dir, '_screen.log');
        assert.equal(screens(), '', 'nothing is dumped before it is asked for');
        const scenarioTitle = (text: string): number =>
          text.split('\n').filter((l) => l.includes(' Scenario Screen ')).length;

        uac.kill('SIGUSR2');
        await until('the SIGUSR2 dump', uac, () => scenarioTitle(screens()) === 1);
        assert.ok(count(screens(), RUNNING_FOOTER) >= 2, screens());
        assert.match(screens(), /Statistics Screen/);

        await send(uacCtl, 's');
        await until('the s dump', uac, () => scenarioTitle(screens()) === 2);

        // trace shortmessages off: the file stops growing while calls go on.
        const short = (): string => fileOf(dir, '_shortmessages.log');
        await until('messages traced', uac, () => short().length > 0);
        await send(uacCtl, 'ctrace shortmessages off');
        let dumps = 2;
        /** A fresh dump (a barrier: the commands sent before it were applied), its Total-calls. */
        const totalCalls = async (): Promise<number> => {
          await send(uacCtl, 's');
          dumps++;
          await until(`dump ${dumps}`, uac!, () => scenarioTitle(screens()) === dumps);
          const all = [...screens().matchAll(/Total-calls .*\n.*\s(\d+)\s+\S+\(UDP\)/g)];
          return Number(all.at(-1)?.[1]);
        };
        const callsAtOff = await totalCalls();
        // Messages recorded before the switch are flushed within 200 ms (5 calls at 20/s).
        while ((await totalCalls()) < callsAtOff + 5);
        const frozen = short().length;
        while ((await totalCalls()) < callsAtOff + 15);
        assert.equal(short().length, frozen, 'no message traced after trace shortmessages off');

        await send(uacCtl, 'q');
        assert.equal(await uac.exit(20_000), 0, describeRun(uac));
        const text = screens();
        assert.equal(scenarioTitle(text), dumps + 1, text);
        assert.ok(text.trimEnd().endsWith(ENDING_FOOTER), text.slice(-300));
        assert.ok(text.indexOf(RUNNING_FOOTER) < text.indexOf(ENDING_FOOTER));
      } finally {
        killRunning([uac, uas]);
      }
    },
  );

  it('a scenario that does not load: errors file only', { timeout: 30_000 }, async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-load-error-'));
    writeFileSync(
      path.join(dir, 'broken.xml'),
      '<?xml version="1.0"?>\n<scenario name="b">\n  <recv response="200" next="nowhere"/>\n</scenario>\n',
    );
    const p = startGossipper(
      [
        '-sf',
        'broken.xml',
        '127.0.0.1:5999',
        '-nostdin',
        '-trace_err',
        '-trace_msg',
        '-trace_screen',
        '-trace_stat',
        '-trace_calldebug',
      ],
      dir,
    );
    assert.notEqual(await p.exit(20_000), 0);
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 2, files.join(' '));
    assert.equal(files[0], 'broken.xml');
    assert.match(files[1], /^broken_\d+_errors\.log$/);
    const text = readFileSync(path.join(dir, files[1]), 'latin1');
    assert.match(text, /^The following events occurred:\n/);
    assert.match(text, /broken\.xml:3:3 <recv>: next="nowhere"/);
  });

  it(
    'a scenario the engine refuses as it starts: errors file only',
    { timeout: 30_000 },
    async () => {
      requireBuiltBin();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-start-error-'));
      // A client scenario with no remote host: refused when the run starts.
      const p = startGossipper(
        ['-sn', 'uac', '-nostdin', '-trace_err', '-trace_msg', '-trace_screen'],
        dir,
      );
      assert.notEqual(await p.exit(20_000), 0);
      const files = readdirSync(dir);
      assert.equal(files.length, 1, files.join(' '));
      assert.match(files[0], /^uac_\d+_errors\.log$/);
      assert.match(readFileSync(path.join(dir, files[0]), 'latin1'), /no remote host was given/);
    },
  );
});
