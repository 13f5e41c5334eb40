/**
 * 3PCC over IPv6 loopback (issue 15 item 3): the twin connection of `-3pcc [::1]:port` and the
 * `-slave_cfg` peers written `name;[::1]:port`, with SIPp's 3pcc-A and 3pcc-B answering on ::1
 * and each controller half ours or SIPp's (SIPp 3.6.1 runs all of this on ::1 itself). A host
 * without IPv6 loopback fails this under CI=true and skips it loudly otherwise.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
import {
  describeRun,
  killRunning,
  requireBuiltBin,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { freeV6Port, ipv6SippRequirement } from '../peers/ipv6.ts';
import { waitForTcpListener } from './tcp-listen-wait.ts';

const CALLS = 3;
const EXIT_WITHIN_MS = 20_000;
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

type Side = 'ours' | 'sipp';

const argv = (line: string): string[] => line.split(' ');
const start = (side: Side, args: string[]): Peer =>
  side === 'ours' ? startGossipper(args) : startSipp(args);

/**
 * Parties A and B (SIPp) on ::1, then the controller that waits (`second`), then the one that
 * starts the calls (`first`); all four must end with CALLS successful calls and exit 0.
 */
async function runFour(
  first: (partyA: number) => string[],
  second: (partyB: number) => string[],
  sides: { first: Side; second: Side; secondListensOn: number },
): Promise<void> {
  requireBuiltBin();
  const [portA, portB] = [await freeV6Port(), await freeV6Port()];
  const peers: Peer[] = [];
  try {
    const party = (name: string, port: number): Peer => {
      const p = startSipp(argv(`-sn ${name} -i ::1 -p ${port} -m ${CALLS} -nostdin`));
      peers.push(p);
      return p;
    };
    const partyA = party('3pcc-A', portA);
    const partyB = party('3pcc-B', portB);
    await Promise.all([waitForUdpListener(portA, partyA), waitForUdpListener(portB, partyB)]);
    const waiting = start(sides.second, second(portB));
    peers.push(waiting);
    await waitForTcpListener(sides.secondListensOn, waiting);
    const calling = start(sides.first, first(portA));
    peers.push(calling);
    const named: Array<[string, Peer]> = [
      [`${sides.first} controller A`, calling],
      [`${sides.second} controller B`, waiting],
      ['party A', partyA],
      ['party B', partyB],
    ];
    for (const [who, p] of named) {
      assert.equal(await p.exit(EXIT_WITHIN_MS), 0, `${who}: ${describeRun(p)}`);
      const screens = parseFinalScreens(p.stdout());
      assert.equal(screens.successful.cumulative, CALLS, `${who}: successful calls`);
      assert.equal(screens.failed.cumulative, 0, `${who}: failed calls`);
    }
  } finally {
    killRunning(peers);
  }
}

async function classic(a: Side, b: Side): Promise<void> {
  const [ca, cb, twin] = [await freeV6Port(), await freeV6Port(), await freeV6Port()];
  await runFour(
    (portA) =>
      argv(`-sn 3pcc-C-A [::1]:${portA} -i ::1 -p ${ca} -3pcc [::1]:${twin}`).concat(
        argv(`-m ${CALLS} -r 10 -nostdin`),
      ),
    (portB) => argv(`-sn 3pcc-C-B [::1]:${portB} -i ::1 -p ${cb} -3pcc [::1]:${twin} -nostdin`),
    { first: a, second: b, secondListensOn: twin },
  );
}

async function extended(master: Side, slave: Side): Promise<void> {
  const ports = [await freeV6Port(), await freeV6Port(), await freeV6Port(), await freeV6Port()];
  const [portM, portS, twinM, twinS] = ports;
  const cfg = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-3pcc6-')), 'peers.cfg');
  writeFileSync(cfg, `m;[::1]:${twinM}\ns1;[::1]:${twinS}\n`);
  await runFour(
    (portA) =>
      argv(
        `-sf ${path.join(FIXTURES, '3pcc-master.xml')} [::1]:${portA} -i ::1 -p ${portM}`,
      ).concat(argv(`-master m -slave_cfg ${cfg} -m ${CALLS} -r 10 -nostdin`)),
    (portB) =>
      argv(`-sf ${path.join(FIXTURES, '3pcc-slave.xml')} [::1]:${portB} -i ::1 -p ${portS}`).concat(
        argv(`-slave s1 -slave_cfg ${cfg} -nostdin`),
      ),
    { first: master, second: slave, secondListensOn: twinS },
  );
}

describe(
  '3PCC over IPv6 ::1 with SIPp 3.6.1',
  { skip: ipv6SippRequirement(), concurrency: true },
  () => {
    it('-3pcc [::1]:port: our 3pcc-C-A with SIPp’s 3pcc-C-B', () => classic('ours', 'sipp'));
    it('-3pcc [::1]:port: SIPp’s 3pcc-C-A with our 3pcc-C-B', () => classic('sipp', 'ours'));
    it('-slave_cfg [::1] lines: our master with SIPp’s slave', () => extended('ours', 'sipp'));
    it('-slave_cfg [::1] lines: SIPp’s master with our slave', () => extended('sipp', 'ours'));
  },
);
