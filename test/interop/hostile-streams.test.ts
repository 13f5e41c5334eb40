/**
 * Hostile stream peers while a real load runs (issue 17): a Gossipper UAC places calls to a
 * Gossipper UAS over TCP, TLS and WebSocket while other sockets on the same port hold thousands
 * of idle connections, write a message one byte a second (slowloris), claim a 10 MB body, send
 * messages of a thousand header lines each, and send header lines that never end. The UAS runs
 * with -idle_timeout and -message_timeout: every call of the real load succeeds, the attackers
 * are cut by those bounds (or by the header and frame size limits), and the UAS's peak memory
 * stays bounded.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens } from '../peers/final-screens.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

/** 20 s of calls: the attacks start, and are cut, while the load runs. */
const CALLS = 3000;
const RATE = 150;
/** Opened this many at a time (a TLS handshake each, on the UAS's one thread). */
const IDLE = 2000;
const IDLE_BATCH = 100;
/** Header lines in each flood message: far past the parser's 256 (MAX_HEADER_LINES). */
const FLOOD_HEADERS = 1000;
const FLOOD_MESSAGES = 20;
/** Header bytes sent without the blank line that ends them: past the 64 KiB header limit. */
const ENDLESS_HEADER_BYTES = 1024 * 1024;
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
  let head: Buffer;
  if (len < 126) head = Buffer.from([0x81, 0x80 | len]);
  else if (len < 65536) head = Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  else {
    head = Buffer.alloc(10);
    head[0] = 0x81;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
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

/** A whole OPTIONS with `lines` extra header lines: framed, then refused by the parser. */
function floodMessage(n: number, lines: number): string {
  const extra = Array.from({ length: lines }, (_, i) => `X-Flood-${i}: ${'f'.repeat(8)}\r\n`);
  return (
    `OPTIONS sip:flood@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKf${n}\r\n` +
    `From: <sip:a@x>;tag=${n}\r\nTo: <sip:b@x>\r\nCall-ID: flood-${n}\r\nCSeq: 1 OPTIONS\r\n` +
    `${extra.join('')}Content-Length: 0\r\n\r\n`
  );
}

/** A start line and header lines that never end (no blank line), `bytes` long. */
function endlessHeaders(bytes: number): string {
  const line = 'X-Endless: ' + 'e'.repeat(60) + '\r\n';
  return 'OPTIONS sip:endless@127.0.0.1 SIP/2.0\r\n' + line.repeat(Math.ceil(bytes / line.length));
}

/** What the UAS's error log must name: the bound that cut each kind of attacker. */
function expectedCuts(mode: Mode): RegExp[] {
  const common = [
    /too many headers \(limit 256\)/,
    /no complete message within 1500 ms \(-message_timeout\)/,
    /idle for 1500 ms \(-idle_timeout\)/,
  ];
  if (mode === 'w1') return [...common, /Max payload size exceeded|above the 262144-byte limit/];
  return [
    ...common,
    /Content-Length 10485760 above the 1048576-byte limit/,
    /no end of headers within 65536 bytes/,
  ];
}

describe('hostile stream peers during a real load', { concurrency: false }, () => {
  for (const mode of ['t1', 'l1', 'w1'] as const) {
    it(
      `-t ${mode}: ${CALLS} calls succeed beside ${IDLE} idle connections, slowloris peers, header floods and a 10 MB claim`,
      { timeout: EXIT_WITHIN_MS + 40_000 },
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
              '-trace_err',
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
          for (let i = 0; i < IDLE; i += IDLE_BATCH) {
            const batch = Array.from({ length: IDLE_BATCH }, () => attacker(mode, port));
            idle.push(...(await Promise.all(batch)));
          }
          attackers.push(...idle);
          // Slowloris: the start of a request, one byte a second, never finished.
          const slow = await Promise.all([1, 2, 3].map(() => attacker(mode, port)));
          attackers.push(...slow);
          const drip = wire(mode, 'OPTIONS sip:slow@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP x\r\n');
          let at = 0;
          const dripTimer = setInterval(() => {
            for (const s of slow) if (!s.destroyed) s.write(drip.subarray(at, at + 1));
            at = (at + 1) % drip.length;
          }, 1000);
          // A 10 MB Content-Length, 4 KB of it sent, the rest never.
          const big = await attacker(mode, port);
          attackers.push(big);
          big.write(wire(mode, LARGE_CLAIM, mode !== 'w1'));
          // Header floods: whole messages of a thousand header lines each (refused by the
          // parser, the connection then idle), and a megabyte of header lines that never end
          // (cut at the 64 KiB header limit; over WebSocket, one frame past -ws_max_frame).
          const [flood, endless] = await Promise.all([1, 2].map(() => attacker(mode, port)));
          attackers.push(flood, endless);
          for (let n = 0; n < FLOOD_MESSAGES; n++)
            flood.write(wire(mode, floodMessage(n, FLOOD_HEADERS)));
          endless.write(wire(mode, endlessHeaders(ENDLESS_HEADER_BYTES)));
          try {
            const cut = await Promise.all(
              [...idle, ...slow, big, flood, endless].map((s) =>
                closedWithin(s, 4 * IDLE_TIMEOUT_MS + 3000),
              ),
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
          // Each attacker was cut by the bound meant for it (the UAS's -trace_err log names it).
          const errFile = readdirSync(dir).find((f) => f.endsWith('_errors.log')) ?? '';
          const errors = readFileSync(path.join(dir, errFile), 'latin1');
          for (const reason of expectedCuts(mode)) assert.match(errors, reason, errFile);
        } finally {
          for (const s of attackers) s.destroy();
          killRunning([uac, uas]);
        }
      },
    );
  }
});
