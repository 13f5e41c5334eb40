/**
 * 3PCC (`-3pcc`) across real processes: the controller's two halves (3pcc-C-A, 3pcc-C-B) pass
 * SDP over their TCP twin connection while SIPp's 3pcc-A and 3pcc-B answer the two legs. Each
 * half is ours or SIPp's, so our command framing (ESC-ended text with a Call-ID) must be what
 * SIPp sends and reads. Every process is bounded in time and killed by its own handle.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
import type { FinalScreens } from '../peers/final-screens.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 4;
/** Calls at 10/s, a 1 s pause in each, the agents' 2 s timewait: far less than this. */
const EXIT_WITHIN_MS = 20_000;

type Side = 'ours' | 'sipp';

function start(side: Side, args: string[]): Peer {
  return side === 'ours' ? startGossipper(args) : startSipp(args);
}

interface Outcome {
  controllerA: FinalScreens;
  controllerB: FinalScreens;
  /** The `[ Sent Command ]` / `[ Received Command ]` counts of each controller's last screen. */
  commandsA: { sent: number; received: number };
  commandsB: { sent: number; received: number };
  partyA: FinalScreens;
  partyB: FinalScreens;
  peers: Peer[];
}

async function run3pcc(a: Side, b: Side): Promise<Outcome> {
  requireBuiltBin();
  const [portA, portB, portCA, portCB, twin] = await Promise.all([
    freeUdpPort(),
    freeUdpPort(),
    freeUdpPort(),
    freeUdpPort(),
    freeTcpPort(),
  ]);
  const peers: Peer[] = [];
  try {
    const agent = (name: string, port: number): Peer => {
      const p = startSipp([
        '-sn',
        name,
        '-i',
        '127.0.0.1',
        '-p',
        String(port),
        '-m',
        String(CALLS),
        '-nostdin',
      ]);
      peers.push(p);
      return p;
    };
    const partyA = agent('3pcc-A', portA);
    const partyB = agent('3pcc-B', portB);
    await Promise.all([waitForUdpListener(portA, partyA), waitForUdpListener(portB, partyB)]);
    const cb = start(b, [
      '-sn',
      '3pcc-C-B',
      `127.0.0.1:${portB}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(portCB),
      '-3pcc',
      `127.0.0.1:${twin}`,
      '-nostdin',
    ]);
    peers.push(cb);
    await waitForTcpListener(twin, cb);
    const ca = start(a, [
      '-sn',
      '3pcc-C-A',
      `127.0.0.1:${portA}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(portCA),
      '-3pcc',
      `127.0.0.1:${twin}`,
      '-m',
      String(CALLS),
      '-r',
      '10',
      '-nostdin',
    ]);
    peers.push(ca);
    assert.equal(await ca.exit(EXIT_WITHIN_MS), 0, `controller A: ${describeRun(ca)}`);
    // Controller B (ours or SIPp's) ends when its twin's connection goes, its calls done.
    assert.equal(await cb.exit(EXIT_WITHIN_MS), 0, `controller B: ${describeRun(cb)}`);
    // The parties end after their -m calls and the last one's 2 s timewait.
    assert.equal(await partyA.exit(EXIT_WITHIN_MS), 0, `party A: ${describeRun(partyA)}`);
    assert.equal(await partyB.exit(EXIT_WITHIN_MS), 0, `party B: ${describeRun(partyB)}`);
    return {
      controllerA: parseFinalScreens(ca.stdout()),
      controllerB: parseFinalScreens(cb.stdout()),
      commandsA: commandRows(ca.stdout()),
      commandsB: commandRows(cb.stdout()),
      partyA: parseFinalScreens(partyA.stdout()),
      partyB: parseFinalScreens(partyB.stdout()),
      peers,
    };
  } finally {
    killRunning(peers);
  }
}

/** The command rows of the last scenario screen in `stdout` (-1 when absent). */
function commandRows(stdout: string): { sent: number; received: number } {
  const last = (label: string): number => {
    const all = [...stdout.matchAll(new RegExp(`\\[ ${label} \\]\\s+(\\d+)`, 'g'))];
    return all.length === 0 ? -1 : Number(all[all.length - 1][1]);
  };
  return { sent: last('Sent Command'), received: last('Received Command') };
}

function assertCalls(o: Outcome): void {
  const all: Array<[string, FinalScreens]> = [
    ['controller A', o.controllerA],
    ['controller B', o.controllerB],
    ['party A', o.partyA],
    ['party B', o.partyB],
  ];
  for (const [who, screens] of all) {
    assert.equal(screens.successful.cumulative, CALLS, `${who}: successful calls`);
    assert.equal(screens.failed.cumulative, 0, `${who}: failed calls`);
  }
  assert.deepEqual(o.commandsA, { sent: CALLS, received: CALLS });
  assert.deepEqual(o.commandsB, { sent: CALLS, received: CALLS });
}

describe('3PCC twins (-3pcc) with SIPp 3.6.1', { skip: sippRequirement() }, () => {
  it('our 3pcc-C-A with SIPp’s 3pcc-C-B: every call succeeds end to end', async () => {
    assertCalls(await run3pcc('ours', 'sipp'));
  });

  it('SIPp’s 3pcc-C-A with our 3pcc-C-B: every call succeeds end to end', async () => {
    assertCalls(await run3pcc('sipp', 'ours'));
  });

  it('our two halves together: every call succeeds end to end', async () => {
    assertCalls(await run3pcc('ours', 'ours'));
  });
});
