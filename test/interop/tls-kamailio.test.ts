/**
 * TLS interop through a real SIP proxy (Debian's SIPp has no TLS): Kamailio with its tls module,
 * started by the test from test/interop/fixtures/kamailio-tls.cfg, listening on TLS and UDP and
 * record-routing between them, with a lab certificate written by `gossipper cert`.
 *   Gossipper UAC over TLS → Kamailio → `sipp -sn uas` over UDP
 *   `sipp -sn uac` over UDP → Kamailio → Gossipper UAS over TLS
 * 1000 calls each, zero failures on both ends. Our UAC verifies Kamailio's certificate (-tls_ca).
 * Fails under CI=true when kamailio or sipp is missing, skips loudly otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import {
  describeRun,
  freeUdpPort,
  haveSipp,
  killRunning,
  requireBuiltBin,
  startGossipper,
  startPeer,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 1000;
const RATE = 100;
/** 10 s of calls, the UAS's timewait and Kamailio in between, with room for a slow machine. */
const EXIT_WITHIN_MS = 60_000;
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MODULE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/kamailio/modules',
  '/usr/lib/aarch64-linux-gnu/kamailio/modules',
  '/usr/lib/kamailio/modules',
];

function kamailioBinary(): string | undefined {
  for (const bin of ['kamailio', '/usr/sbin/kamailio']) {
    if (spawnSync(bin, ['-v'], { stdio: 'ignore' }).error === undefined) return bin;
  }
  return undefined;
}

const KAMAILIO = kamailioBinary();
const MODULES = MODULE_DIRS.find((d) => existsSync(path.join(d, 'tls.so')));

function requirement(): string | false {
  const missing: string[] = [];
  if (KAMAILIO === undefined) missing.push('kamailio');
  if (MODULES === undefined) missing.push('kamailio-tls-modules');
  if (!haveSipp()) missing.push('sip-tester (sipp)');
  if (missing.length === 0) return false;
  if (process.env.CI === 'true')
    throw new Error(
      `${missing.join(', ')} required in CI (apt-get install -y ${missing.join(' ')})`,
    );
  const why = `${missing.join(', ')} not installed: TLS Kamailio interop NOT RUN`;
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/@([A-Z_]+)@/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`no value for ${whole}`);
    return String(values[name]);
  });
}

describe('TLS through Kamailio to and from SIPp over UDP', { skip: requirement() }, () => {
  let dir = '';
  let kam: Peer | undefined;
  const ports = { udp: 0, tls: 0, sippUas: 0, oursUas: 0 };

  before(async () => {
    requireBuiltBin();
    dir = mkdtempSync(path.join(tmpdir(), 'gossipper-kamailio-tls-'));
    const cert = startGossipper(['cert', '-san', 'localhost,127.0.0.1'], dir);
    assert.equal(await cert.exit(10_000), 0, describeRun(cert));
    ports.udp = await freeUdpPort();
    ports.tls = await freeTcpPort();
    ports.sippUas = await freeUdpPort();
    ports.oursUas = await freeTcpPort();
    const tlsCfg = path.join(dir, 'tls.cfg');
    writeFileSync(
      tlsCfg,
      fill(readFileSync(path.join(FIXTURES, 'kamailio-tls-module.cfg'), 'utf8'), {
        KEY: path.join(dir, 'cakey.pem'),
        CERT: path.join(dir, 'cacert.pem'),
      }),
    );
    const cfg = path.join(dir, 'kamailio.cfg');
    writeFileSync(
      cfg,
      fill(readFileSync(path.join(FIXTURES, 'kamailio-tls.cfg'), 'utf8'), {
        MODULES: MODULES as string,
        UDP_PORT: ports.udp,
        TLS_PORT: ports.tls,
        TLS_CFG: tlsCfg,
        UDP_PEER_PORT: ports.sippUas,
        TLS_PEER_PORT: ports.oursUas,
      }),
    );
    // Foreground (-DD), logging to stderr (-E), small memory pools.
    kam = startPeer(KAMAILIO as string, ['-f', cfg, '-DD', '-E', '-m', '64', '-M', '8'], dir);
    await waitForUdpListener(ports.udp, kam);
    await waitForTcpListener(ports.tls, kam);
  });

  after(async () => {
    if (kam !== undefined) {
      // SIGTERM: the main process ends its children (SIGKILL would orphan them on the ports).
      kam.kill('SIGTERM');
      await kam.exit(5000).catch(() => undefined);
    }
  });

  it(
    `Gossipper UAC -t l1 → Kamailio → sipp -sn uas over UDP: ${CALLS} calls, none failed`,
    { timeout: EXIT_WITHIN_MS + 10_000 },
    async () => {
      let sipp: Peer | undefined;
      let ours: Peer | undefined;
      try {
        sipp = startSipp(
          [
            '-sn',
            'uas',
            '-i',
            '127.0.0.1',
            '-p',
            String(ports.sippUas),
            '-m',
            String(CALLS),
            '-trace_msg',
            '-message_file',
            'sipp-uas-messages.log',
            '-nostdin',
          ],
          dir,
        );
        await waitForUdpListener(ports.sippUas, sipp);
        ours = startGossipper(
          [
            '-sn',
            'uac',
            `127.0.0.1:${ports.tls}`,
            '-i',
            '127.0.0.1',
            '-p',
            String(await freeTcpPort()),
            '-t',
            'l1',
            '-tls_ca',
            'cacert.pem',
            '-m',
            String(CALLS),
            '-r',
            String(RATE),
            '-nostdin',
          ],
          dir,
        );
        const [ourCode, sippCode] = await Promise.all([
          ours.exit(EXIT_WITHIN_MS),
          sipp.exit(EXIT_WITHIN_MS),
        ]);
        const kamLog = `\nkamailio:\n${describeRun(kam as Peer)}`;
        assert.equal(ourCode, 0, `gossipper exit code\n${describeRun(ours)}${kamLog}`);
        assert.equal(sippCode, 0, `sipp exit code\n${describeRun(sipp)}${kamLog}`);
        const mine = parseFinalScreens(ours.stdout());
        const theirs = parseFinalScreens(sipp.stdout());
        assertAllSucceeded(CALLS, 'gossipper uac', mine);
        assertAllSucceeded(CALLS, 'sipp uas', theirs);
        assert.equal(stepsNamed(theirs, 'INVITE')[0].messages, CALLS);
        assert.equal(stepsNamed(theirs, 'BYE')[0].messages, CALLS);
        assert.match(ours.stdout(), new RegExp(`127\\.0\\.0\\.1:${ports.tls}\\(TLS\\)`));
        // Kamailio record-routed the dialog on both of its transports (double Record-Route),
        // and the request reached SIPp from a TLS leg.
        const seen = readFileSync(path.join(dir, 'sipp-uas-messages.log'), 'utf8');
        assert.match(seen, new RegExp(`Record-Route: <sip:127\\.0\\.0\\.1:${ports.udp};r2=on;lr`));
        assert.match(
          seen,
          new RegExp(`Record-Route: <sip:127\\.0\\.0\\.1:${ports.tls};transport=tls;r2=on;lr`),
        );
        assert.match(seen, /^Via: SIP\/2\.0\/TLS 127\.0\.0\.1:\d+/m);
      } finally {
        killRunning([ours, sipp]);
      }
    },
  );

  it(
    `sipp -sn uac over UDP → Kamailio → Gossipper UAS -t l1: ${CALLS} calls, none failed`,
    { timeout: EXIT_WITHIN_MS + 10_000 },
    async () => {
      let sipp: Peer | undefined;
      let ours: Peer | undefined;
      try {
        ours = startGossipper(
          [
            '-sn',
            'uas',
            '-i',
            '127.0.0.1',
            '-p',
            String(ports.oursUas),
            '-t',
            'l1',
            '-m',
            String(CALLS),
            '-nostdin',
          ],
          dir,
        );
        await waitForTcpListener(ports.oursUas, ours);
        sipp = startSipp([
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
          '-nostdin',
        ]);
        const [ourCode, sippCode] = await Promise.all([
          ours.exit(EXIT_WITHIN_MS),
          sipp.exit(EXIT_WITHIN_MS),
        ]);
        const kamLog = `\nkamailio:\n${describeRun(kam as Peer)}`;
        assert.equal(sippCode, 0, `sipp exit code\n${describeRun(sipp)}${kamLog}`);
        assert.equal(ourCode, 0, `gossipper exit code\n${describeRun(ours)}${kamLog}`);
        const mine = parseFinalScreens(ours.stdout());
        const theirs = parseFinalScreens(sipp.stdout());
        assertAllSucceeded(CALLS, 'sipp uac', theirs);
        assertAllSucceeded(CALLS, 'gossipper uas', mine);
        assert.equal(stepsNamed(mine, 'INVITE')[0].messages, CALLS);
        assert.equal(stepsNamed(mine, 'BYE')[0].messages, CALLS);
        assert.equal(mine.extras.get('Malformed messages'), 0);
      } finally {
        killRunning([ours, sipp]);
      }
    },
  );
});
