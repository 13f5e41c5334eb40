/**
 * A lost TCP connection, end to end through the built bin: the calls on it fail as "TCP closed",
 * the screen says why, and a `-t t1` client whose one connection is gone ends the run with
 * SIPp's exit code 255 (SIPp 3.6.1 checked: a peer closing after the first INVITE gives one
 * failed call and exit 255).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
import { describeRun, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

/** Accepts connections and closes each as soon as its first bytes arrive. */
async function closingPeer(): Promise<{
  port: number;
  close: () => Promise<void>;
  received: () => number;
}> {
  let received = 0;
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      received++;
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test(
  '-t t1: the peer closing the connection fails the call (TCP closed) and ends the run with 255',
  { timeout: 20_000 },
  async () => {
    requireBuiltBin();
    const peer = await closingPeer();
    let ours: Peer | undefined;
    try {
      ours = startGossipper([
        '-sn',
        'uac',
        `127.0.0.1:${peer.port}`,
        '-i',
        '127.0.0.1',
        '-t',
        't1',
        '-m',
        '10',
        '-r',
        '10',
        '-nostdin',
      ]);
      const code = await ours.exit(15_000);
      assert.equal(code, 255, describeRun(ours));
      const s = parseFinalScreens(ours.stdout());
      assert.ok((s.failed.cumulative ?? 0) >= 1, 'at least the first call failed');
      // The final statistics screen has no cause rows (as SIPp's): the extras block has them.
      assert.equal(s.extras.get('Failed TCP closed'), s.failed.cumulative);
      assert.equal(s.successful.cumulative, 0);
      // SIPp's final screens carry no "Last Error" line (sipp 3.6.1, checked with -trace_err):
      // the error reaches stderr.
      assert.match(
        ours.stdout() + ours.stderr(),
        /TCP connection to 127\.0\.0\.1:\d+ closed by the peer/,
      );
      assert.match(ours.stdout(), /127\.0\.0\.1:\d+\(TCP\)/);
    } finally {
      killRunning([ours]);
      await peer.close();
    }
  },
);

test(
  '-t tn: each call whose connection is closed fails as TCP closed; the run goes on to -m',
  { timeout: 20_000 },
  async () => {
    requireBuiltBin();
    const peer = await closingPeer();
    let ours: Peer | undefined;
    try {
      ours = startGossipper([
        '-sn',
        'uac',
        `127.0.0.1:${peer.port}`,
        '-i',
        '127.0.0.1',
        '-t',
        'tn',
        '-m',
        '5',
        '-r',
        '20',
        '-nostdin',
      ]);
      const code = await ours.exit(15_000);
      assert.equal(code, 1, `failed calls give exit 1\n${describeRun(ours)}`);
      const s = parseFinalScreens(ours.stdout());
      assert.equal(s.failed.cumulative, 5);
      assert.equal(s.extras.get('Failed TCP closed'), 5);
      assert.equal(peer.received(), 5, 'one connection per call');
    } finally {
      killRunning([ours]);
      await peer.close();
    }
  },
);
