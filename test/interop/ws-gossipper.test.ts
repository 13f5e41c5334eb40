/**
 * Gossipper UAC against Gossipper UAS over SIP over WebSocket, as two processes on loopback
 * through dist/gossipper: `-t w1` (one connection for every call), `-t wn` (one per call) and
 * the same over TLS (`wss1`, `wssn`, with a lab certificate the client trusts by -tls_ca). Both
 * sides must count every call successful and exit 0, and the screen names the transport.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import { labCert } from '../peers/lab-cert.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 200;
const RATE = 100;
const EXIT_WITHIN_MS = 30_000;

describe('gossipper uac ↔ gossipper uas over WebSocket', { concurrency: true }, () => {
  for (const transport of ['w1', 'wn', 'wss1', 'wssn']) {
    const secure = transport.startsWith('wss');
    it(
      `-t ${transport}: ${CALLS} calls all succeed on both sides`,
      { timeout: EXIT_WITHIN_MS + 5000 },
      async () => {
        requireBuiltBin();
        const port = await freeTcpPort();
        const clientPort = await freeTcpPort();
        const cert = secure ? labCert() : undefined;
        const common = ['-i', '127.0.0.1', '-t', transport, '-m', String(CALLS), '-nostdin'];
        let uas: Peer | undefined;
        let uac: Peer | undefined;
        try {
          uas = startGossipper([
            '-sn',
            'uas',
            '-p',
            String(port),
            ...common,
            ...(cert ? ['-tls_cert', cert.certFile, '-tls_key', cert.keyFile] : []),
          ]);
          await waitForTcpListener(port, uas);
          uac = startGossipper([
            '-sn',
            'uac',
            `127.0.0.1:${port}`,
            '-p',
            String(clientPort),
            '-r',
            String(RATE),
            ...common,
            ...(cert ? ['-tls_ca', cert.certFile] : []),
          ]);
          const [uacCode, uasCode] = await Promise.all([
            uac.exit(EXIT_WITHIN_MS),
            uas.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(uacCode, 0, `uac exit code\n${describeRun(uac)}`);
          assert.equal(uasCode, 0, `uas exit code\n${describeRun(uas)}`);
          const client = parseFinalScreens(uac.stdout());
          const server = parseFinalScreens(uas.stdout());
          assertAllSucceeded(CALLS, 'uac', client);
          assertAllSucceeded(CALLS, 'uas', server);
          assert.equal(stepsNamed(server, 'INVITE')[0].messages, CALLS);
          assert.equal(
            stepsNamed(client, 'BYE')[0].messages,
            stepsNamed(server, 'BYE')[0].messages,
          );
          const name = secure ? 'WSS' : 'WS';
          assert.match(uac.stdout(), new RegExp(`127\\.0\\.0\\.1:${port}\\(${name}\\)`));
          assert.match(uac.stdout(), new RegExp(`0/0/0 ${name} errors`));
        } finally {
          killRunning([uac, uas]);
        }
      },
    );
  }

  it('-t w1: the uas killed mid-run fails the calls it held, and the uac ends', async () => {
    requireBuiltBin();
    const port = await freeTcpPort();
    let uas: Peer | undefined;
    let uac: Peer | undefined;
    try {
      uas = startGossipper(['-sn', 'uas', '-p', String(port), '-i', '127.0.0.1', '-t', 'w1']);
      await waitForTcpListener(port, uas);
      uac = startGossipper(
        ['-sn', 'uac', `127.0.0.1:${port}`, '-i', '127.0.0.1', '-t', 'w1'].concat([
          '-p',
          String(await freeTcpPort()),
          '-m',
          '2000',
          '-r',
          '200',
          '-d',
          '2000',
          '-nostdin',
        ]),
      );
      // Calls last 2 s, so once the first has ended many are up: kill the uas under them.
      await waitForOutput(uac, /successful [1-9]/);
      uas.kill('SIGKILL');
      const code = await uac.exit(EXIT_WITHIN_MS);
      assert.equal(code, 255, describeRun(uac));
      const out = uac.stdout() + uac.stderr();
      assert.match(
        out,
        new RegExp(
          `WS connection to 127\\.0\\.0\\.1:${port} closed by the peer without a closing handshake \\(1006\\), \\d+ call\\(s\\) failed`,
        ),
      );
      const failed = /Failed TCP closed\s+\|\s+(\d+)/.exec(out)?.[1];
      assert.ok(Number(failed) > 0, out.slice(-2000));
    } finally {
      killRunning([uac, uas]);
    }
  });
});

async function waitForOutput(p: Peer, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pattern.test(p.stdout())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in time\n${describeRun(p)}`);
    if (p.child.exitCode !== null) throw new Error(`exited early\n${describeRun(p)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
