/**
 * Loss recovery against real SIPp: a relay between UAC and UAS drops the first 200 OK to INVITE
 * (on its way to the UAC) and the first BYE (on its way to the UAS). Every call must still
 * succeed, recovered by exactly one retransmission of each lost message by its sender
 * (RFC 3261 §13.3.1.4: the UAS retransmits its 2xx until the ACK; §17.1.2.2: Timer E for BYE).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertAllSucceeded,
  parseFinalScreens,
  stepsNamed,
  totalRetrans,
} from '../peers/final-screens.ts';
import type { FinalScreens, StepRow } from '../peers/final-screens.ts';
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
import { startUdpRelay } from '../peers/udp-relay.ts';
import type { DropRule, UdpRelay } from '../peers/udp-relay.ts';

const CALLS = 20;
const RATE = 20;
const EXIT_WITHIN_MS = 20_000;
const DROPS: DropRule[] = [
  { startsWith: 'SIP/2.0 200', cseqMethod: 'INVITE', direction: 'toClient', count: 1 },
  { startsWith: 'BYE ', direction: 'toServer', count: 1 },
];

/** The first row named `name` whose arrow points `arrow` (the INVITE's 200 before the BYE's). */
function row(s: FinalScreens, name: string, arrow: StepRow['arrow']): StepRow {
  const r = stepsNamed(s, name).find((x) => x.arrow === arrow);
  assert.ok(r, `no ${name} row pointing ${arrow}`);
  return r;
}

interface LossRun {
  uac: FinalScreens;
  uas: FinalScreens;
  relay: UdpRelay;
}

/** Starts the UAS, the relay in front of it, then the UAC aimed at the relay; both must exit 0. */
async function runThroughRelay(
  startUas: (port: number) => Peer,
  startUac: (target: string, port: number) => Peer,
): Promise<LossRun> {
  const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
  let uas: Peer | undefined;
  let uac: Peer | undefined;
  let relay: UdpRelay | undefined;
  try {
    uas = startUas(uasPort);
    await waitForUdpListener(uasPort, uas);
    relay = await startUdpRelay(uasPort, DROPS);
    uac = startUac(`127.0.0.1:${relay.port}`, uacPort);
    const [uacCode, uasCode] = await Promise.all([
      uac.exit(EXIT_WITHIN_MS),
      uas.exit(EXIT_WITHIN_MS),
    ]);
    assert.equal(uacCode, 0, `UAC exit code\n${describeRun(uac)}`);
    assert.equal(uasCode, 0, `UAS exit code\n${describeRun(uas)}`);
    return { uac: parseFinalScreens(uac.stdout()), uas: parseFinalScreens(uas.stdout()), relay };
  } finally {
    killRunning([uac, uas]);
    await relay?.close();
  }
}

function assertBothDropped(relay: UdpRelay): void {
  assert.equal(relay.dropped.length, 2, relay.dropped.join('\n'));
  assert.match(relay.dropped[0], /^toClient: SIP\/2\.0 200 .*\(INVITE\)$/);
  assert.match(relay.dropped[1], /^toServer: BYE /);
}

const sippArgs = ['-i', '127.0.0.1', '-m', String(CALLS), '-nostdin'];
const ourArgs = ['-m', String(CALLS), '-nostdin'];

describe(
  'one lost 200 OK and one lost BYE, recovered by retransmission',
  { skip: sippRequirement(), concurrency: true },
  () => {
    it(
      'Gossipper uac → relay → sipp uas: SIPp resends the 200, we resend the BYE',
      { timeout: EXIT_WITHIN_MS + 5000 },
      async () => {
        requireBuiltBin();
        const {
          uac: mine,
          uas: theirs,
          relay,
        } = await runThroughRelay(
          (port) => startSipp(['-sn', 'uas', '-p', String(port), ...sippArgs]),
          (target, port) =>
            startGossipper([
              '-sn',
              'uac',
              target,
              '-p',
              String(port),
              '-r',
              String(RATE),
              ...ourArgs,
            ]),
        );
        assertBothDropped(relay);
        assertAllSucceeded(CALLS, 'gossipper uac', mine);
        assertAllSucceeded(CALLS, 'sipp uas', theirs);
        assert.equal(row(mine, 'BYE', 'right').retrans, 1, 'our BYE resent once');
        assert.equal(totalRetrans(mine), 1, 'nothing else resent by us');
        assert.equal(
          row(mine, '200', 'left').messages,
          CALLS,
          'the resent 200 reached us once per call',
        );
        assert.equal(row(theirs, '200', 'left').retrans, 1, 'SIPp resent its 200 once');
        assert.equal(
          row(theirs, 'BYE', 'right').retrans,
          0,
          'SIPp saw the resent BYE as the first one',
        );
        assert.equal(totalRetrans(theirs), 1, 'nothing else resent by SIPp');
      },
    );

    it(
      'sipp uac → relay → Gossipper uas: we resend the 200, SIPp resends the BYE',
      { timeout: EXIT_WITHIN_MS + 5000 },
      async () => {
        requireBuiltBin();
        const {
          uac: theirs,
          uas: mine,
          relay,
        } = await runThroughRelay(
          (port) => startGossipper(['-sn', 'uas', '-p', String(port), ...ourArgs]),
          (target, port) =>
            startSipp(['-sn', 'uac', target, '-p', String(port), '-r', String(RATE), ...sippArgs]),
        );
        assertBothDropped(relay);
        assertAllSucceeded(CALLS, 'gossipper uas', mine);
        assertAllSucceeded(CALLS, 'sipp uac', theirs);
        assert.equal(row(mine, '200', 'left').retrans, 1, 'our 200 resent once');
        assert.equal(row(mine, 'BYE', 'right').retrans, 0, 'the resent BYE was the first we saw');
        assert.equal(totalRetrans(mine), 1, 'nothing else resent by us');
        assert.equal(row(theirs, 'BYE', 'right').retrans, 1, 'SIPp resent its BYE once');
        assert.equal(totalRetrans(theirs), 1, 'nothing else resent by SIPp');
      },
    );
  },
);
