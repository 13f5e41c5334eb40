/**
 * SIP over WebSocket through a real proxy: Kamailio (Debian's `kamailio`,
 * `kamailio-websocket-modules`, `kamailio-tls-modules`) started by the test with
 * test/interop/kamailio-ws.cfg, record-routing between WebSocket and UDP. Debian's SIPp has no
 * WebSocket, so it stays on UDP:
 *   Gossipper UAC over WS, and over WSS → Kamailio → `sipp -sn uas` over UDP;
 *   `sipp -sn uac` over UDP → Kamailio → Gossipper UAS over WS, and over WSS (the UAS connects
 *   to Kamailio, as a browser does: a proxy cannot connect to a WebSocket client).
 * 1000 calls each, zero failures, counted on both ends. Fails under CI=true when kamailio or sipp
 * is missing, skips loudly otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import { labCert } from '../peers/lab-cert.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startPeer,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 1000;
const RATE = 200;
/** 5 s of calls plus the last call's 4 s timewait, with room for a loaded machine. */
const EXIT_WITHIN_MS = 60_000;

function kamailioBinary(): string | undefined {
  for (const bin of ['kamailio', '/usr/sbin/kamailio']) {
    if (spawnSync(bin, ['-v'], { stdio: 'ignore' }).error === undefined) return bin;
  }
  return undefined;
}

const KAMAILIO = kamailioBinary();

function requirement(): string | false {
  const sipp = sippRequirement();
  if (sipp !== false) return sipp;
  if (KAMAILIO !== undefined) return false;
  if (process.env.CI === 'true') {
    throw new Error(
      'kamailio is required in CI (apt-get install -y kamailio kamailio-websocket-modules kamailio-tls-modules) but was not found',
    );
  }
  const why = 'Kamailio not installed: WebSocket interop test NOT RUN';
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

interface Ports {
  udp: number;
  ws: number;
  wss: number;
  sippUas: number;
  gossipperUas: number;
}

describe('SIP over WebSocket through Kamailio', { skip: requirement(), concurrency: false }, () => {
  let kam: Peer | undefined;
  let ports: Ports;
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-kamailio-ws-'));

  before(async () => {
    requireBuiltBin();
    const cert = labCert();
    ports = {
      udp: await freeUdpPort(),
      ws: await freeTcpPort(),
      wss: await freeTcpPort(),
      sippUas: await freeUdpPort(),
      gossipperUas: await freeTcpPort(),
    };
    const template = readFileSync(path.join(import.meta.dirname, 'kamailio-ws.cfg'), 'utf8');
    const cfg = path.join(dir, 'kamailio.cfg');
    writeFileSync(
      cfg,
      template
        .replaceAll('{{UDP_PORT}}', String(ports.udp))
        .replaceAll('{{WS_PORT}}', String(ports.ws))
        .replaceAll('{{WSS_PORT}}', String(ports.wss))
        .replaceAll('{{SIPP_UAS_PORT}}', String(ports.sippUas))
        .replaceAll('{{GOSSIPPER_UAS_PORT}}', String(ports.gossipperUas))
        .replaceAll('{{CERT}}', cert.certFile)
        .replaceAll('{{KEY}}', cert.keyFile),
    );
    // Foreground (-DD), logging to stderr (-E).
    kam = startPeer(KAMAILIO as string, ['-f', cfg, '-DD', '-E', '-m', '64', '-M', '8'], dir);
    await waitForUdpListener(ports.udp, kam);
    await waitForTcpListener(ports.ws, kam);
    await waitForTcpListener(ports.wss, kam);
  });

  after(async () => {
    if (kam !== undefined) {
      // SIGTERM: the main process ends its children (SIGKILL would orphan them on the ports).
      kam.kill('SIGTERM');
      await kam.exit(5000).catch(() => undefined);
    }
  });

  for (const t of ['w1', 'wss1']) {
    it(
      `gossipper uac -t ${t} → kamailio → sipp uas over UDP: ${CALLS} calls, none failed`,
      { timeout: EXIT_WITHIN_MS + 10_000 },
      async () => {
        const secure = t === 'wss1';
        let sipp: Peer | undefined;
        let ours: Peer | undefined;
        try {
          sipp = startSipp(
            ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(ports.sippUas), '-m', String(CALLS)],
            dir,
          );
          await waitForUdpListener(ports.sippUas, sipp);
          ours = startGossipper(
            [
              '-sn',
              'uac',
              `127.0.0.1:${secure ? ports.wss : ports.ws}`,
              '-t',
              t,
              '-i',
              '127.0.0.1',
              '-p',
              String(await freeTcpPort()),
              '-m',
              String(CALLS),
              '-r',
              String(RATE),
              '-nostdin',
              ...(secure ? ['-tls_ca', labCert().certFile] : []),
            ],
            dir,
          );
          const [oursCode, sippCode] = await Promise.all([
            ours.exit(EXIT_WITHIN_MS),
            sipp.exit(EXIT_WITHIN_MS),
          ]);
          const kamLog = kam === undefined ? '' : `\nkamailio:\n${describeRun(kam)}`;
          assert.equal(oursCode, 0, `gossipper uac\n${describeRun(ours)}${kamLog}`);
          assert.equal(sippCode, 0, `sipp uas\n${describeRun(sipp)}`);
          assertAllSucceeded(CALLS, 'gossipper uac', parseFinalScreens(ours.stdout()));
          assertAllSucceeded(CALLS, 'sipp uas', parseFinalScreens(sipp.stdout()));
          assert.match(ours.stdout(), new RegExp(`\\(${secure ? 'WSS' : 'WS'}\\)`));
        } finally {
          killRunning([ours, sipp]);
        }
      },
    );
  }

  for (const t of ['w1', 'wss1']) {
    it(
      `sipp uac over UDP → kamailio → gossipper uas -t ${t}: ${CALLS} calls, none failed`,
      { timeout: EXIT_WITHIN_MS + 10_000 },
      async () => {
        let sipp: Peer | undefined;
        let ours: Peer | undefined;
        try {
          // Given a remote host, an answering run over WebSocket connects to it (from -p), and
          // Kamailio's config routes UDP requests to that connection.
          ours = startGossipper(
            [
              '-sn',
              'uas',
              `127.0.0.1:${t === 'wss1' ? ports.wss : ports.ws}`,
              '-t',
              t,
              '-i',
              '127.0.0.1',
              '-p',
              String(ports.gossipperUas),
              '-m',
              String(CALLS),
              '-nostdin',
              ...(t === 'wss1' ? ['-tls_ca', labCert().certFile] : []),
            ],
            dir,
          );
          await waitForConnection(ports.gossipperUas, ours);
          sipp = startSipp(
            [
              '-sn',
              'uac',
              `127.0.0.1:${ports.udp}`,
              '-i',
              '127.0.0.1',
              '-p',
              String(await freeUdpPort()),
              '-m',
              String(CALLS),
              '-r',
              String(RATE),
            ],
            dir,
          );
          const [sippCode, oursCode] = await Promise.all([
            sipp.exit(EXIT_WITHIN_MS),
            ours.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(sippCode, 0, `sipp uac\n${describeRun(sipp)}`);
          assert.equal(oursCode, 0, `gossipper uas\n${describeRun(ours)}`);
          assertAllSucceeded(CALLS, 'sipp uac', parseFinalScreens(sipp.stdout()));
          assertAllSucceeded(CALLS, 'gossipper uas', parseFinalScreens(ours.stdout()));
        } finally {
          killRunning([ours, sipp]);
        }
      },
    );
  }
});

/** Waits until a TCP connection from local `port` is established (/proc/net/tcp state 01). */
async function waitForConnection(port: number, peer: Peer, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (;;) {
    const rows = readFileSync('/proc/net/tcp', 'utf8').split('\n');
    if (
      rows.some(
        (r) => r.trim().split(/\s+/)[1]?.endsWith(`:${hex}`) && r.trim().split(/\s+/)[3] === '01',
      )
    ) {
      return;
    }
    if (peer.child.exitCode !== null) {
      throw new Error(`gossipper exited before connecting\n${describeRun(peer)}`);
    }
    if (Date.now() > deadline)
      throw new Error(`no connection from port ${port} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
