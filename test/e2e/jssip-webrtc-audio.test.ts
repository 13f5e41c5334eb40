/**
 * DTLS-SRTP against a real browser: JsSIP in headless Chromium, its microphone Chromium's fake
 * audio device, calls a Gossipper UAS over WSS whose scenario answers with `[webrtc_answer]`
 * (a werift peer). Audio must flow both ways: the browser's getStats() shows RTP received
 * (inbound-rtp packetsReceived) and sent (outbound-rtp packetsSent), both decrypted/encrypted by
 * SRTP keys from the DTLS handshake; a receiver report from Gossipper's peer arrives through
 * SRTCP (remote-inbound-rtp); and Gossipper's final screen counts the RTP packets it received,
 * with no failed media. Fails under CI=true when chromium is missing, skips loudly otherwise.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freeTcpPort, waitForTcpListener } from '../interop/tcp-listen-wait.ts';
import { labCert } from '../peers/lab-cert.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { CHROMIUM, chromiumRequirement, servePage } from './jssip-page.ts';

const SCENARIO = path.join(import.meta.dirname, 'fixtures/jssip-webrtc-uas.xml');
/** 20 ms packets: 50 is one second of audio each way. */
const MIN_PACKETS = 50;

interface BrowserAudio {
  events: string[];
  packetsReceived: number;
  packetsSent: number;
  dtlsState: string;
  codec: string;
  /** Stats Chromium keeps only from RTCP reports it received (SRTCP from Gossipper's peer). */
  remoteReports: string[];
}

/**
 * Runs in the page: one call with the fake microphone, held until the peer connection's stats
 * show `min` packets each way (or `timeoutMs`), then hung up.
 */
async function audioCall(arg: {
  url: string;
  min: number;
  timeoutMs: number;
}): Promise<BrowserAudio> {
  interface Stat {
    type: string;
    kind?: string;
    packetsReceived?: number;
    packetsSent?: number;
    dtlsState?: string;
    mimeType?: string;
  }
  interface Pc {
    getStats(): Promise<{ forEach(f: (s: Stat) => void): void }>;
  }
  interface Session {
    on(event: string, f: (e: { cause?: string }) => void): void;
    terminate(): void;
    connection: Pc;
  }
  interface Ua {
    on(event: string, f: (e: { cause?: string }) => void): void;
    start(): void;
    stop(): void;
    call(target: string, options: object): Session;
  }
  const w = globalThis as unknown as {
    JsSIP: { WebSocketInterface: new (url: string) => object; UA: new (config: object) => Ua };
  };
  const events: string[] = [];
  const ua = new w.JsSIP.UA({
    sockets: [new w.JsSIP.WebSocketInterface(arg.url)],
    uri: 'sip:alice@gossipper.invalid',
    register: false,
    session_timers: false,
  });
  await new Promise<void>((resolve) => {
    ua.on('connected', () => resolve());
    ua.start();
  });
  // No named inner functions: tsx's keepNames would wrap them in a helper the page lacks.
  const stats = await new Promise<BrowserAudio>((resolve, reject) => {
    const session = ua.call('sip:bob@127.0.0.1', {
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: [] },
    });
    const got = {
      packetsReceived: 0,
      packetsSent: 0,
      dtlsState: '',
      codec: '',
      remoteReports: [] as string[],
    };
    session.on('confirmed', () => {
      events.push('confirmed');
      const deadline = performance.now() + arg.timeoutMs;
      void (async () => {
        while (performance.now() < deadline) {
          (await session.connection.getStats()).forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio')
              got.packetsReceived = s.packetsReceived ?? 0;
            if (s.type === 'outbound-rtp' && s.kind === 'audio')
              got.packetsSent = s.packetsSent ?? 0;
            if (s.type === 'transport') got.dtlsState = s.dtlsState ?? '';
            const isReport = s.type === 'remote-inbound-rtp' || s.type === 'remote-outbound-rtp';
            if (isReport && !got.remoteReports.includes(s.type)) got.remoteReports.push(s.type);
            if (s.type === 'codec' && s.mimeType?.startsWith('audio/')) got.codec = s.mimeType;
          });
          if (
            got.packetsReceived >= arg.min &&
            got.packetsSent >= arg.min &&
            got.remoteReports.includes('remote-inbound-rtp')
          )
            break;
          await new Promise((r) => setTimeout(r, 200));
        }
        session.terminate();
      })();
    });
    session.on('ended', (e) => {
      events.push(`ended:${e.cause}`);
      resolve({ events, ...got });
    });
    session.on('failed', (e) => reject(new Error(`call failed: ${e.cause}`)));
  });
  ua.stop();
  return stats;
}

/** A counter of the final screen's "Gossipper extras", e.g. "RTP packets received". */
function extra(stdout: string, name: string): number {
  const rows = [...stdout.matchAll(new RegExp(`^\\s*${name}\\s*\\|\\s*(\\d+)`, 'gm'))];
  assert.ok(rows.length > 0, `no "${name}" row in the final screen:\n${stdout.slice(-3000)}`);
  return Number(rows[rows.length - 1][1]);
}

describe(
  'JsSIP in Chromium calls a [webrtc_answer] Gossipper UAS',
  { skip: chromiumRequirement('JsSIP WebRTC audio test') },
  () => {
    it(
      'over WSS: DTLS-SRTP audio flows both ways, counted on both sides',
      { timeout: 90_000 },
      async (t) => {
        requireBuiltBin();
        const { chromium } = await import('playwright-core');
        const port = await freeTcpPort();
        const cert = labCert();
        let uas: Peer | undefined;
        const page = await servePage();
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: [
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
            // ICE candidates on 127.0.0.1 too, where Gossipper's peer listens (-i 127.0.0.1).
            '--allow-loopback-in-peer-connection',
            '--ignore-certificate-errors',
          ],
        });
        try {
          uas = startGossipper(
            ['-sf', SCENARIO, '-t', 'wss1', '-i', '127.0.0.1', '-p', String(port)].concat([
              '-m',
              '1',
              '-nostdin',
              '-tls_cert',
              cert.certFile,
              '-tls_key',
              cert.keyFile,
            ]),
          );
          await waitForTcpListener(port, uas);
          const context = await browser.newContext({ ignoreHTTPSErrors: true });
          const tab = await context.newPage();
          const errors: string[] = [];
          tab.on('pageerror', (e) => errors.push(e.message));
          await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
          const audio = await tab.evaluate(audioCall, {
            url: `wss://127.0.0.1:${port}/`,
            min: MIN_PACKETS,
            timeoutMs: 20_000,
          });
          assert.deepEqual(errors, []);
          assert.deepEqual(audio.events, ['confirmed', 'ended:Terminated']);
          assert.equal(audio.dtlsState, 'connected');
          assert.match(audio.codec, /^audio\/PCM[UA]$/);
          // A receiver report on the browser's stream came back through SRTCP.
          assert.ok(audio.remoteReports.includes('remote-inbound-rtp'), audio.remoteReports.join());
          assert.ok(
            audio.packetsReceived >= MIN_PACKETS,
            `browser received ${audio.packetsReceived}`,
          );
          assert.ok(audio.packetsSent >= MIN_PACKETS, `browser sent ${audio.packetsSent}`);
          const code = await uas.exit(20_000);
          assert.equal(code, 0, describeRun(uas));
          const out = uas.stdout();
          assert.ok(extra(out, 'RTP packets received') >= MIN_PACKETS, describeRun(uas));
          assert.ok(extra(out, 'RTP packets sent') >= MIN_PACKETS, describeRun(uas));
          assert.equal(extra(out, 'Failed media'), 0);
          assert.equal(extra(out, 'RTP packets lost'), 0);
          t.diagnostic(`browser saw RTCP: ${audio.remoteReports.join(', ')}`);
          t.diagnostic(
            `browser: ${audio.codec}, received ${audio.packetsReceived}, sent ${audio.packetsSent}; ` +
              `gossipper: received ${extra(out, 'RTP packets received')}, sent ${extra(out, 'RTP packets sent')}`,
          );
        } finally {
          await browser.close();
          page.close();
          killRunning([uas]);
        }
      },
    );
  },
);
