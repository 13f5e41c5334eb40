/**
 * Gossipper UAC against Gossipper UAS over TLS, as two processes on loopback through the built
 * bin: `-t l1` (one connection for every call) and `-t ln` (one per call), with a lab certificate
 * written by `gossipper cert` in the directory both run in (found as SIPp's default
 * cacert.pem / cakey.pem). The client verifies the server: with -tls_ca, or with the certificate
 * in NODE_EXTRA_CA_CERTS (which the launcher keeps from Node and the TLS code loads itself);
 * without either it refuses, naming the fix.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 200;
const RATE = 100;
const EXIT_WITHIN_MS = 30_000;

/** A directory holding cacert.pem / cakey.pem written by the bin's `cert` subcommand. */
async function labDir(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tls-interop-'));
  const cert = startGossipper(['cert'], dir);
  assert.equal(await cert.exit(10_000), 0, describeRun(cert));
  assert.match(cert.stdout(), /wrote .*cacert\.pem/);
  return dir;
}

/** `calls` undefined: answers until killed. */
async function uas(dir: string, port: number, mode: string, calls?: number): Promise<Peer> {
  const limit = calls === undefined ? [] : ['-m', String(calls)];
  const peer = startGossipper(
    ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-t', mode, ...limit, '-nostdin'],
    dir,
  );
  await waitForTcpListener(port, peer);
  return peer;
}

async function uac(dir: string, port: number, mode: string, calls: number, extra: string[]) {
  return startGossipper(
    [
      '-sn',
      'uac',
      `127.0.0.1:${port}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(await freeTcpPort()),
      '-t',
      mode,
      '-m',
      String(calls),
      '-r',
      String(RATE),
      '-nostdin',
      ...extra,
    ],
    dir,
  );
}

describe('gossipper uac ↔ gossipper uas over TLS', { concurrency: true }, () => {
  for (const mode of ['l1', 'ln']) {
    it(
      `-t ${mode}: ${CALLS} calls all succeed on both sides, the screen says TLS`,
      { timeout: EXIT_WITHIN_MS + 10_000 },
      async () => {
        requireBuiltBin();
        const dir = await labDir();
        const port = await freeTcpPort();
        let server: Peer | undefined;
        let client: Peer | undefined;
        try {
          server = await uas(dir, port, mode, CALLS);
          client = await uac(dir, port, mode, CALLS, ['-tls_ca', 'cacert.pem']);
          const [uacCode, uasCode] = await Promise.all([
            client.exit(EXIT_WITHIN_MS),
            server.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(uacCode, 0, `uac exit code\n${describeRun(client)}`);
          assert.equal(uasCode, 0, `uas exit code\n${describeRun(server)}`);
          const c = parseFinalScreens(client.stdout());
          const s = parseFinalScreens(server.stdout());
          assertAllSucceeded(CALLS, 'uac', c);
          assertAllSucceeded(CALLS, 'uas', s);
          assert.equal(stepsNamed(s, 'INVITE')[0].messages, CALLS);
          assert.equal(stepsNamed(c, 'BYE')[0].messages, stepsNamed(s, 'BYE')[0].messages);
          assert.match(client.stdout(), new RegExp(`127\\.0\\.0\\.1:${port}\\(TLS\\)`));
          assert.match(client.stdout(), /TLS errors \(send\/recv\/cong\)/);
        } finally {
          killRunning([client, server]);
        }
      },
    );
  }

  it(
    'trust through NODE_EXTRA_CA_CERTS; without any trust the client refuses, naming -tls_ca',
    { timeout: EXIT_WITHIN_MS + 10_000 },
    async () => {
      requireBuiltBin();
      const dir = await labDir();
      const port = await freeTcpPort();
      let server: Peer | undefined;
      let client: Peer | undefined;
      try {
        server = await uas(dir, port, 'l1');
        // Untrusted: one clear error, exit 255, no call placed.
        client = await uac(dir, port, 'l1', 5, []);
        assert.equal(await client.exit(EXIT_WITHIN_MS), 255, describeRun(client));
        assert.match(
          client.stderr(),
          /TLS handshake with 127\.0\.0\.1:\d+ failed: the server's certificate is not trusted: self[- ]signed certificate/,
        );
        assert.match(client.stderr(), /hint: .*-tls_ca/);
        const saved = process.env.NODE_EXTRA_CA_CERTS;
        process.env.NODE_EXTRA_CA_CERTS = path.join(dir, 'cacert.pem');
        try {
          client = await uac(dir, port, 'l1', 5, []);
        } finally {
          if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
          else process.env.NODE_EXTRA_CA_CERTS = saved;
        }
        assert.equal(await client.exit(EXIT_WITHIN_MS), 0, describeRun(client));
        assertAllSucceeded(5, 'uac', parseFinalScreens(client.stdout()));
      } finally {
        killRunning([client, server]);
      }
    },
  );
});
