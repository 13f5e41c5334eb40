/**
 * Hostile stream peers while a real load runs (issue 17): a Gossipper UAC places calls to a
 * Gossipper UAS over TCP, TLS and WebSocket while other sockets on the same port hold hundreds
 * of idle connections, write a message one byte at a time (slowloris), and claim a 10 MB body.
 * The UAS runs with -idle_timeout and -message_timeout: every call of the real load succeeds,
 * the attackers are cut by those bounds, and the UAS's peak memory stays bounded.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

/** 12 s of calls: the attacks start, and are cut, while the load runs. */
const CALLS = 1800;
const RATE = 150;
const IDLE = 300;
const IDLE_TIMEOUT_MS = 1500;
const MESSAGE_TIMEOUT_MS = 1500;
const EXIT_WITHIN_MS = 40_000;
/** Far above a UAS at this load (about 70 MB), far below what buffering the claims would take. */
const PEAK_RSS_LIMIT_KB = 250 * 1024;

type Mode = 't1' | 'l1' | 'w1';

/** A raw connection to the UAS's port, as the transport needs it (a WebSocket upgrade for w1). */
async function attacker(mode: Mode, port: number): Promise<net.Socket> {
  const socket: net.Socket =
    mode === 'l1'
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once(mode === 'l1' ? 'secureConnect' : 'connect', () => resolve());
    socket.once('close', () => reject(new Error('closed before connecting')));
  });
  if (mode === 'w1') {
    socket.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: sip\r\n\r\n',
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  }
  return socket;
}

/** SIP bytes as the transport carries them: raw on TCP/TLS, one masked text frame on WS. */
function wire(mode: Mode, text: string, finished = true): Buffer {
  const payload = Buffer.from(text, 'latin1');
  if (mode !== 'w1') return payload;
  // A frame header claiming the whole payload; `finished` false sends only part of it.
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x81, 0x80 | len])
      : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  const frame = Buffer.concat([head, mask, body]);
  return finished ? frame : frame.subarray(0, frame.length - 10);
}

function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function peakRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const LARGE_CLAIM =
  'INVITE sip:big@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKbig\r\n' +
  'From: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: big-claim\r\nCSeq: 1 INVITE\r\n' +
  'Content-Length: 10485760\r\n\r\n' +
  'x'.repeat(4000);

describe('hostile stream peers during a real load', { concurrency: false }, () => {
  for (const mode of ['t1', 'l1', 'w1'] as const) {
    it(
      `-t ${mode}: ${CALLS} calls succeed beside ${IDLE} idle connections, slowloris peers and a 10 MB claim`,
      { timeout: EXIT_WITHIN_MS + 20_000 },
      async () => {
        requireBuiltBin();
        const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-hostile-streams-'));
        if (mode === 'l1') {
          const cert = startGossipper(['cert'], dir);
          assert.equal(await cert.exit(10_000), 0, describeRun(cert));
        }
        const port = await freeTcpPort();
        const attackers: net.Socket[] = [];
        let uas: Peer | undefined;
        let uac: Peer | undefined;
        try {
          uas = startGossipper(
            [
              '-sn',
              'uas',
              '-i',
              '127.0.0.1',
              '-p',
              String(port),
              '-t',
              mode,
              '-m',
              String(CALLS),
              '-idle_timeout',
              String(IDLE_TIMEOUT_MS),
              '-message_timeout',
              String(MESSAGE_TIMEOUT_MS),
              '-nostdin',
            ],
            dir,
          );
          await waitForTcpListener(port, uas);
          const uasPid = uas.child.pid ?? -1;
          uac = startGossipper(
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
              String(CALLS),
              '-r',
              String(RATE),
              '-nostdin',
              ...(mode === 'l1' ? ['-tls_ca', 'cacert.pem'] : []),
            ],
            dir,
          );
          const idle: net.Socket[] = [];
          for (let i = 0; i < IDLE; i++) idle.push(await attacker(mode, port));
          attackers.push(...idle);
          // Slowloris: the start of a request, one byte every 100 ms, never finished.
          const slow = await Promise.all([1, 2, 3].map(() => attacker(mode, port)));
          attackers.push(...slow);
          const drip = wire(mode, 'OPTIONS sip:slow@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP x\r\n');
          let at = 0;
          const dripTimer = setInterval(() => {
            for (const s of slow) if (!s.destroyed) s.write(drip.subarray(at, at + 1));
            at = (at + 1) % drip.length;
          }, 100);
          // A 10 MB Content-Length, 4 KB of it sent, the rest never.
          const big = await attacker(mode, port);
          attackers.push(big);
          big.write(wire(mode, LARGE_CLAIM, mode !== 'w1'));
          try {
            const cut = await Promise.all(
              [...idle, ...slow, big].map((s) => closedWithin(s, 4 * IDLE_TIMEOUT_MS + 3000)),
            );
            assert.equal(cut.filter((c) => !c).length, 0, 'every attacker was cut');
          } finally {
            clearInterval(dripTimer);
          }
          // The load is still running (12 s of calls): the UAS's peak so far includes the attack.
          assert.equal(uas.child.exitCode, null, 'the UAS outlived the attack');
          const peak = peakRssKb(uasPid);
          assert.ok(peak < PEAK_RSS_LIMIT_KB, `UAS peak RSS ${peak} kB`);
          const [uacCode, uasCode] = await Promise.all([
            uac.exit(EXIT_WITHIN_MS),
            uas.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(uacCode, 0, `UAC\n${describeRun(uac)}`);
          assert.equal(uasCode, 0, `UAS\n${describeRun(uas)}`);
          assertAllSucceeded(CALLS, 'uac', parseFinalScreens(uac.stdout()));
          assertAllSucceeded(CALLS, 'uas', parseFinalScreens(uas.stdout()));
        } finally {
          for (const s of attackers) s.destroy();
          killRunning([uac, uas]);
        }
      },
    );
  }
});
