/**
 * A real browser softphone against a Gossipper UAS: JsSIP (npm `jssip`, bundled for the browser
 * here with esbuild) in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
 * registers and places calls over SIP over WebSocket to `gossipper -sf jssip-uas.xml`, over WS and
 * over WSS with a lab certificate. Each call is answered with SDP that WebRTC accepts and hung up
 * by JsSIP once confirmed; no media flows. Asserted on both sides: JsSIP's registered, confirmed
 * and ended events, and Gossipper's counters (every REGISTER and call successful, the INVITE and
 * BYE rows). Fails under CI=true when chromium is missing, skips loudly otherwise.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import { labCert } from '../peers/lab-cert.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from '../interop/tcp-listen-wait.ts';
import { CHROMIUM, chromiumRequirement, servePage } from './jssip-page.ts';

const CALLS = 3;
/**
 * The REGISTER at start is a call of the scenario; the one JsSIP sends (expires 0) when it stops
 * reuses that Call-ID, so it is a message for an ended call, not a new one.
 */
const REGISTERS = 1;
const SCENARIO = path.join(import.meta.dirname, 'fixtures/jssip-uas.xml');

/** Runs in the page: register, place `calls` calls one after another, hang each up, stop. */
async function softphone(arg: { url: string; calls: number }): Promise<string[]> {
  interface Session {
    on(event: string, f: (e: { cause?: string }) => void): void;
    terminate(): void;
  }
  interface Ua {
    on(event: string, f: (e: { cause?: string }) => void): void;
    start(): void;
    stop(): void;
    call(target: string, options: object): Session;
  }
  interface AudioGraph {
    createMediaStreamDestination(): { stream: object };
    createOscillator(): { connect(to: object): void; start(): void };
    close(): Promise<void>;
  }
  // The page's globals (this function runs in Chromium; the tests compile without DOM types).
  const w = globalThis as unknown as {
    JsSIP: {
      WebSocketInterface: new (url: string) => object;
      UA: new (config: object) => Ua;
    };
    AudioContext: new () => AudioGraph;
  };
  const events: string[] = [];
  const ua = new w.JsSIP.UA({
    sockets: [new w.JsSIP.WebSocketInterface(arg.url)],
    uri: 'sip:alice@gossipper.invalid',
    register: true,
    register_expires: 600,
    session_timers: false,
  });
  await new Promise<void>((resolve, reject) => {
    ua.on('registered', () => resolve());
    ua.on('registrationFailed', (e) => reject(new Error(`registration failed: ${e.cause}`)));
    ua.start();
  });
  events.push('registered');
  for (let i = 0; i < arg.calls; i++) {
    // A tone as the local stream: no microphone needed.
    const audio = new w.AudioContext();
    const dest = audio.createMediaStreamDestination();
    const tone = audio.createOscillator();
    tone.connect(dest);
    tone.start();
    await new Promise<void>((resolve, reject) => {
      const session = ua.call('sip:bob@127.0.0.1', {
        mediaStream: dest.stream,
        pcConfig: { iceServers: [] },
      });
      session.on('confirmed', () => {
        events.push('confirmed');
        session.terminate();
      });
      session.on('ended', (e) => {
        events.push(`ended:${e.cause}`);
        resolve();
      });
      session.on('failed', (e) => reject(new Error(`call ${i} failed: ${e.cause}`)));
    });
    await audio.close();
  }
  ua.stop();
  return events;
}

describe(
  'JsSIP in Chromium against a Gossipper UAS',
  { skip: chromiumRequirement('JsSIP browser test') },
  () => {
    for (const t of ['w1', 'wss1']) {
      const secure = t === 'wss1';
      it(
        `over ${secure ? 'WSS' : 'WS'}: registers and completes ${CALLS} calls, on both sides`,
        { timeout: 60_000 },
        async () => {
          requireBuiltBin();
          const { chromium } = await import('playwright-core');
          const port = await freeTcpPort();
          const cert = secure ? labCert() : undefined;
          let uas: Peer | undefined;
          const page = await servePage();
          const browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: [
              '--use-fake-device-for-media-stream',
              '--use-fake-ui-for-media-stream',
              // The lab certificate is self-signed.
              '--ignore-certificate-errors',
            ],
          });
          try {
            uas = startGossipper(
              ['-sf', SCENARIO, '-t', t, '-i', '127.0.0.1', '-p', String(port)].concat(
                ['-m', String(CALLS + REGISTERS), '-nostdin'],
                cert ? ['-tls_cert', cert.certFile, '-tls_key', cert.keyFile] : [],
              ),
            );
            await waitForTcpListener(port, uas);
            const context = await browser.newContext({ ignoreHTTPSErrors: true });
            const tab = await context.newPage();
            const errors: string[] = [];
            tab.on('pageerror', (e) => errors.push(e.message));
            await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
            const url = `${secure ? 'wss' : 'ws'}://127.0.0.1:${port}/`;
            const events = await tab.evaluate(softphone, { url, calls: CALLS });
            assert.deepEqual(events, [
              'registered',
              ...Array.from({ length: CALLS }, () => ['confirmed', 'ended:Terminated']).flat(),
            ]);
            assert.deepEqual(errors, []);
            const code = await uas.exit(20_000);
            assert.equal(code, 0, describeRun(uas));
            const screens = parseFinalScreens(uas.stdout());
            assertAllSucceeded(CALLS + REGISTERS, 'gossipper uas', screens);
            assert.equal(stepsNamed(screens, 'INVITE')[0].messages, CALLS);
            assert.equal(stepsNamed(screens, 'REGISTER')[0].messages, REGISTERS);
            assert.equal(stepsNamed(screens, 'BYE')[0].messages, CALLS);
          } finally {
            await browser.close();
            page.close();
            killRunning([uas]);
          }
        },
      );
    }
  },
);
