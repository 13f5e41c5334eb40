/**
 * Gossipper against real SIPp over TCP, both directions: `-t t1` (one connection for every call)
 * and `-t tn` (one connection per call). Both peers must count every call successful, except
 * where SIPp itself fails calls (see the tn UAC case).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import type { FinalScreens } from '../peers/final-screens.ts';
import {
  describeRun,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 200;
const RATE = 100;
/** 2 s of calls plus SIPp's 4 s timewait on the last one, with room for a slow machine. */
const EXIT_WITHIN_MS = 30_000;

interface Outcome {
  server: FinalScreens;
  client: FinalScreens;
  serverCode: number;
  clientCode: number;
  serverPeer: Peer;
  clientPeer: Peer;
}

/** Starts the server, waits for its listener, runs the client; returns both final screens. */
async function runPair(
  server: (port: number) => Peer,
  client: (port: number) => Peer,
): Promise<Outcome> {
  requireBuiltBin();
  const port = await freeTcpPort();
  let s: Peer | undefined;
  let c: Peer | undefined;
  try {
    s = server(port);
    await waitForTcpListener(port, s);
    c = client(port);
    const [clientCode, serverCode] = await Promise.all([
      c.exit(EXIT_WITHIN_MS),
      s.exit(EXIT_WITHIN_MS),
    ]);
    const screens = (p: Peer, code: number): FinalScreens => {
      try {
        return parseFinalScreens(p.stdout());
      } catch (e) {
        // Say which peer printed nothing, and how it ended.
        throw new Error(`${(e as Error).message}exit ${code}\n${describeRun(p)}`, { cause: e });
      }
    };
    return {
      server: screens(s, serverCode),
      client: screens(c, clientCode),
      serverCode,
      clientCode,
      serverPeer: s,
      clientPeer: c,
    };
  } finally {
    killRunning([c, s]);
  }
}

/** The uas logs every message (-trace_msg) into `dir`, to check what we put on the wire. */
const sippUas =
  (t: string, dir: string) =>
  (port: number): Peer =>
    startSipp(
      [
        '-sn',
        'uas',
        '-i',
        '127.0.0.1',
        '-p',
        String(port),
        '-t',
        t,
        '-max_socket',
        '1000',
        '-m',
        String(CALLS),
        '-nostdin',
        '-trace_msg',
      ],
      dir,
    );
const sippUac =
  (t: string) =>
  (port: number): Peer =>
    startSipp([
      '-sn',
      'uac',
      `127.0.0.1:${port}`,
      '-i',
      '127.0.0.1',
      '-t',
      t,
      '-max_socket',
      '1000',
      '-m',
      String(CALLS),
      '-r',
      String(RATE),
      '-nostdin',
    ]);
const ourUas =
  (t: string) =>
  (port: number): Peer =>
    startGossipper([
      '-sn',
      'uas',
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '-t',
      t,
      '-m',
      String(CALLS),
      '-nostdin',
    ]);
const ourUac =
  (t: string, localPort: number) =>
  (port: number): Peer =>
    startGossipper([
      '-sn',
      'uac',
      `127.0.0.1:${port}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(localPort),
      '-t',
      t,
      '-m',
      String(CALLS),
      '-r',
      String(RATE),
      '-nostdin',
    ]);

/** Via sent-by ports of the INVITEs SIPp received; every Via must say TCP. */
function inviteViaPorts(dir: string): number[] {
  const log = readdirSync(dir).find((f) => f.endsWith('_messages.log'));
  assert.ok(log, `no -trace_msg file in ${dir}`);
  const text = readFileSync(path.join(dir, log), 'latin1');
  const vias = [
    ...text.matchAll(/^INVITE [^\n]*\n(?:[^\n]*\n)*?Via: SIP\/2\.0\/(\w+) 127\.0\.0\.1:(\d+);/gm),
  ];
  assert.equal(vias.length, CALLS, 'INVITE Via headers in the sipp log');
  assert.ok(
    vias.every((m) => m[1] === 'TCP'),
    'every Via says SIP/2.0/TCP',
  );
  return vias.map((m) => Number(m[2]));
}

// One at a time: with the four pairs running at once on two shared cores, SIPp's tn UAS once
// left no final screen at all (a clean-clone run); serial, each pair has the cores it needs.
describe('Gossipper ↔ sipp over TCP', { skip: sippRequirement(), concurrency: false }, () => {
  it(
    `-t t1: our uac → sipp uas, ${CALLS} calls all succeed on our side, SIPp fails at most the one its exit cut`,
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tcp-'));
      const localPort = await freeTcpPort();
      const o = await runPair(sippUas('t1', dir), ourUac('t1', localPort));
      assert.equal(o.clientCode, 0, `gossipper exit code\n${describeRun(o.clientPeer)}`);
      assertAllSucceeded(CALLS, 'gossipper', o.client);
      // When the UAC exits and closes the one connection, SIPp's uas fails the call still in its
      // 4 s timewait: against `sipp -sn uac -t t1` it does so in every run (exit 1, 1 failed call).
      // Everything before that must have succeeded, and every BYE must have reached it.
      assert.ok(
        o.serverCode === 0 || o.serverCode === 1,
        `sipp exit code ${o.serverCode}\n${describeRun(o.serverPeer)}`,
      );
      assert.ok(
        (o.server.failed.cumulative ?? 0) <= 1,
        `sipp failed calls\n${describeRun(o.serverPeer)}`,
      );
      assert.equal(totalAnswered(o.server), CALLS);
      assert.equal(stepsNamed(o.server, 'BYE')[0].messages, CALLS);
      assert.equal(stepsNamed(o.client, 'INVITE')[0].messages, CALLS);
      assert.equal(stepsNamed(o.server, 'INVITE')[0].messages, CALLS);
      assert.equal(o.client.outOfCall, 0);
      // t1: one connection from our SIP port (-p), which [local_port] names.
      assert.deepEqual([...new Set(inviteViaPorts(dir))], [localPort]);
    },
  );

  it(
    `-t t1: sipp uac → our uas, ${CALLS} calls all succeed on both sides`,
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      const o = await runPair(ourUas('t1'), sippUac('t1'));
      assert.equal(o.clientCode, 0, `sipp exit code\n${describeRun(o.clientPeer)}`);
      assert.equal(o.serverCode, 0, `gossipper exit code\n${describeRun(o.serverPeer)}`);
      assertAllSucceeded(CALLS, 'sipp', o.client);
      assertAllSucceeded(CALLS, 'gossipper', o.server);
      assert.equal(o.server.statistics.get('Incoming calls created')?.cumulative, CALLS);
      assert.equal(stepsNamed(o.server, 'BYE')[0].messages, CALLS);
    },
  );

  it(
    `-t tn: sipp uac → our uas, ${CALLS} connections, all calls succeed on both sides`,
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      const o = await runPair(ourUas('tn'), sippUac('tn'));
      assert.equal(o.clientCode, 0, `sipp exit code\n${describeRun(o.clientPeer)}`);
      assert.equal(o.serverCode, 0, `gossipper exit code\n${describeRun(o.serverPeer)}`);
      assertAllSucceeded(CALLS, 'sipp', o.client);
      assertAllSucceeded(CALLS, 'gossipper', o.server);
    },
  );

  it(
    `-t tn: our uac → sipp uas, all ${CALLS} calls succeed on our side`,
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tcp-'));
      const localPort = await freeTcpPort();
      const o = await runPair(sippUas('tn', dir), ourUac('tn', localPort));
      assert.equal(o.clientCode, 0, `gossipper exit code\n${describeRun(o.clientPeer)}`);
      assertAllSucceeded(CALLS, 'gossipper', o.client);
      // SIPp's uas fails a call whose connection closes during its 4 s timewait, and a tn UAC
      // closes each call's connection when the call ends (sipp uac -t tn does the same to it).
      // Every call still reached it and was answered through to the BYE.
      assert.equal(o.server.statistics.get('Incoming calls created')?.cumulative, CALLS);
      assert.equal(stepsNamed(o.server, 'BYE')[0].messages, CALLS);
      assert.equal(totalAnswered(o.server), CALLS);
      // tn: each call's connection has its own local port, and [local_port] follows it.
      const ports = inviteViaPorts(dir);
      assert.equal(new Set(ports).size, CALLS);
      assert.ok(!ports.includes(localPort));
    },
  );
});

/** Successful plus failed calls: every call SIPp created ended one way or the other. */
function totalAnswered(s: FinalScreens): number {
  return (s.successful.cumulative ?? 0) + (s.failed.cumulative ?? 0);
}
