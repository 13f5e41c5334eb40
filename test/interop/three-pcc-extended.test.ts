/**
 * 3PCC extended mode (`-master`, `-slave`, `-slave_cfg`) across real processes: a master and a
 * slave controller (fixtures/3pcc-master.xml, 3pcc-slave.xml: `sendCmd dest=`, `recvCmd src=`,
 * `From: <name>` in each command) call SIPp's 3pcc-A and 3pcc-B. Each controller is ours or
 * SIPp's. Every process is bounded in time and killed by its own handle.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
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

const CALLS = 3;
const EXIT_WITHIN_MS = 20_000;
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

type Side = 'ours' | 'sipp';

function start(side: Side, args: string[]): Peer {
  return side === 'ours' ? startGossipper(args) : startSipp(args);
}

async function runExtended(master: Side, slave: Side): Promise<void> {
  requireBuiltBin();
  const [portA, portB, portM, portS, twinM, twinS] = await Promise.all([
    freeUdpPort(),
    freeUdpPort(),
    freeUdpPort(),
    freeUdpPort(),
    freeTcpPort(),
    freeTcpPort(),
  ]);
  const cfg = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-3pcc-')), 'peers.cfg');
  writeFileSync(cfg, `m;127.0.0.1:${twinM}\ns1;127.0.0.1:${twinS}\n`);
  const peers: Peer[] = [];
  const common = ['-i', '127.0.0.1', '-nostdin'];
  try {
    const party = (name: string, port: number): Peer => {
      const p = startSipp(['-sn', name, '-p', String(port), '-m', String(CALLS), ...common]);
      peers.push(p);
      return p;
    };
    const partyA = party('3pcc-A', portA);
    const partyB = party('3pcc-B', portB);
    await Promise.all([waitForUdpListener(portA, partyA), waitForUdpListener(portB, partyB)]);
    const s = start(slave, [
      '-sf',
      path.join(FIXTURES, '3pcc-slave.xml'),
      `127.0.0.1:${portB}`,
      '-p',
      String(portS),
      '-slave',
      's1',
      '-slave_cfg',
      cfg,
      ...common,
    ]);
    peers.push(s);
    await waitForTcpListener(twinS, s);
    const m = start(master, [
      '-sf',
      path.join(FIXTURES, '3pcc-master.xml'),
      `127.0.0.1:${portA}`,
      '-p',
      String(portM),
      '-master',
      'm',
      '-slave_cfg',
      cfg,
      '-m',
      String(CALLS),
      '-r',
      '10',
      ...common,
    ]);
    peers.push(m);
    assert.equal(await m.exit(EXIT_WITHIN_MS), 0, `master: ${describeRun(m)}`);
    assert.equal(await s.exit(EXIT_WITHIN_MS), 0, `slave: ${describeRun(s)}`);
    assert.equal(await partyA.exit(EXIT_WITHIN_MS), 0, `party A: ${describeRun(partyA)}`);
    assert.equal(await partyB.exit(EXIT_WITHIN_MS), 0, `party B: ${describeRun(partyB)}`);
    for (const [who, p] of [
      ['master', m],
      ['slave', s],
      ['party A', partyA],
      ['party B', partyB],
    ] as const) {
      const screens = parseFinalScreens(p.stdout());
      assert.equal(screens.successful.cumulative, CALLS, `${who}: successful calls`);
      assert.equal(screens.failed.cumulative, 0, `${who}: failed calls`);
    }
  } finally {
    killRunning(peers);
  }
}

describe('3PCC extended mode (-master/-slave) with SIPp 3.6.1', { skip: sippRequirement() }, () => {
  it('our master with SIPp’s slave', async () => {
    await runExtended('ours', 'sipp');
  });
  it('SIPp’s master with our slave', async () => {
    await runExtended('sipp', 'ours');
  });
  it('our master with our slave', async () => {
    await runExtended('ours', 'ours');
  });
});
