/**
 * IPv6 against real SIPp on ::1 (issue 15 item 3), over UDP and TCP, both ways: every call
 * completes on both sides, and what each side renders from its keywords is byte for byte what
 * SIPp renders in the same place (its -trace_msg against ours, pids masked). Also the node:dgram
 * UDP path, `-rsa` with `setdest`, and `-threads 2`. A host without IPv6 loopback fails this
 * under CI=true and skips it loudly otherwise.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertAllSucceeded, parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
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

const KEYWORDS_UAC = path.join(import.meta.dirname, 'fixtures/ipv6-keywords-uac.xml');
const SETDEST_UAC = path.join(import.meta.dirname, 'fixtures/ipv6-setdest-uac.xml');
const AUTH_UAC = path.join(import.meta.dirname, 'fixtures/ipv6-auth-uac.xml');
const AUTH_UAS = path.join(import.meta.dirname, 'fixtures/ipv6-auth-uas.xml');
const CALLS = 200;
const RATE = 100;
/** 2 s of calls plus the uas's 4 s timewait, with room for a slow, shared machine. */
const EXIT_WITHIN_MS = 30_000;

function waitListening(tr: string, port: number, peer: Peer): Promise<void> {
  return tr.startsWith('t') ? waitForTcpListener(port, peer) : waitForUdpListener(port, peer);
}

/**
 * Both peers exit 0 and count `calls` successful calls each. `tcpSippUas`: that peer is SIPp's
 * uas over TCP, which fails the call still in its 4 s timewait when the client closes the
 * connection at its exit (exit 1, one failed call; as over IPv4, test/interop/tcp-sipp.test.ts):
 * it must then have answered every call through to the BYE, the last one at most failed.
 */
async function assertBothSucceed(
  calls: number,
  a: Peer,
  b: Peer,
  tcpSippUas?: Peer,
): Promise<void> {
  const codes = await Promise.all([a.exit(EXIT_WITHIN_MS), b.exit(EXIT_WITHIN_MS)]);
  for (const [i, peer] of [a, b].entries()) {
    const name = peer.child.spawnfile;
    assert.ok(
      codes[i] === 0 || codes[i] === 1,
      `${name} exit code ${codes[i]}\n${describeRun(peer)}`,
    );
    const screens = parseFinalScreens(peer.stdout());
    if (peer === tcpSippUas && codes[i] === 1) {
      assert.equal(screens.failed.cumulative, 1, `${name} failed calls\n${describeRun(peer)}`);
      assert.equal(screens.successful.cumulative, calls - 1, `${name}\n${describeRun(peer)}`);
      assert.equal(stepsNamed(screens, 'BYE')[0]?.messages, calls, `${name}: BYEs received`);
      continue;
    }
    assert.equal(codes[i], 0, `${name} exit code\n${describeRun(peer)}`);
    assertAllSucceeded(calls, name, screens);
  }
}

/** Our bin with `env` added: spawn copies the environment at once, so no other test sees it. */
function startGossipperWith(env: Record<string, string>, args: string[]): Peer {
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  try {
    return startGossipper(args);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const protocolOf = (tr: string): string => (tr.startsWith('t') ? 'TCP' : 'UDP');
/** A command line written as one string: words split on spaces. */
const argv = (line: string): string[] => line.split(' ');

describe('IPv6 on ::1 against SIPp', { skip: ipv6SippRequirement(), concurrency: true }, () => {
  for (const tr of ['u1', 't1']) {
    it(`-t ${tr}: gossipper -sn uac → sipp -sn uas -i ::1, ${CALLS} calls`, async () => {
      requireBuiltBin();
      const [uasPort, uacPort] = [await freeV6Port(), await freeV6Port()];
      let sipp: Peer | undefined;
      let ours: Peer | undefined;
      try {
        sipp = startSipp(argv(`-sn uas -t ${tr} -i ::1 -p ${uasPort} -m ${CALLS} -nostdin`));
        await waitListening(tr, uasPort, sipp);
        ours = startGossipper(
          argv(
            `-sn uac [::1]:${uasPort} -i ::1 -t ${tr} -p ${uacPort} -m ${CALLS} -r ${RATE} -nostdin`,
          ),
        );
        await assertBothSucceed(CALLS, ours, sipp, tr === 't1' ? sipp : undefined);
        // SIPp draws the remote host bare on its scenario screen, IPv6 included.
        assert.match(ours.stdout(), new RegExp(` ::1:${uasPort}\\(${protocolOf(tr)}\\)\\n`));
      } finally {
        killRunning([ours, sipp]);
      }
    });

    it(`-t ${tr}: sipp -sn uac -i ::1 → gossipper -sn uas -i ::1, ${CALLS} calls`, async () => {
      requireBuiltBin();
      const [uasPort, uacPort] = [await freeV6Port(), await freeV6Port()];
      let sipp: Peer | undefined;
      let ours: Peer | undefined;
      try {
        ours = startGossipper(argv(`-sn uas -t ${tr} -i ::1 -p ${uasPort} -m ${CALLS} -nostdin`));
        await waitListening(tr, uasPort, ours);
        sipp = startSipp(
          argv(
            `-sn uac [::1]:${uasPort} -i ::1 -t ${tr} -p ${uacPort} -m ${CALLS} -r ${RATE} -nostdin`,
          ),
        );
        await assertBothSucceed(CALLS, ours, sipp);
      } finally {
        killRunning([ours, sipp]);
      }
    });
  }

  it('UDP on node:dgram both ways (GOSSIPPER_UDP_IO=dgram), 50 calls each', async () => {
    requireBuiltBin();
    const dgram = { GOSSIPPER_UDP_IO: 'dgram' };
    const [a, b, c, d] = [
      await freeV6Port(),
      await freeV6Port(),
      await freeV6Port(),
      await freeV6Port(),
    ];
    const peers: Array<Peer | undefined> = [];
    try {
      const sippUas = startSipp(argv(`-sn uas -i ::1 -p ${a} -m 50 -nostdin`));
      const ourUas = startGossipperWith(dgram, argv(`-sn uas -i ::1 -p ${c} -m 50 -nostdin`));
      peers.push(sippUas, ourUas);
      await waitForUdpListener(a, sippUas);
      await waitForUdpListener(c, ourUas);
      const ourUac = startGossipperWith(
        dgram,
        argv(`-sn uac [::1]:${a} -i ::1 -p ${b} -m 50 -r 100 -nostdin`),
      );
      const sippUac = startSipp(argv(`-sn uac [::1]:${c} -i ::1 -p ${d} -m 50 -r 100 -nostdin`));
      peers.push(ourUac, sippUac);
      await Promise.all([
        assertBothSucceed(50, ourUac, sippUas),
        assertBothSucceed(50, ourUas, sippUac),
      ]);
      assert.match(ourUac.stdout(), /node:dgram I\/O/, 'the dgram path carried the uac');
      assert.match(ourUas.stdout(), /node:dgram I\/O/, 'the dgram path carried the uas');
    } finally {
      killRunning(peers);
    }
  });

  it('-rsa [::1]:9 then setdest host="localhost": the calls reach sipp on ::1', async () => {
    requireBuiltBin();
    const uasPort = await freeV6Port();
    let sipp: Peer | undefined;
    let ours: Peer | undefined;
    try {
      sipp = startSipp(argv(`-sn uas -i ::1 -p ${uasPort} -m 20 -nostdin`));
      await waitForUdpListener(uasPort, sipp);
      // Port 9 (discard): nothing answers there, so a call only succeeds after setdest moved it.
      ours = startGossipper(
        argv(`-sf ${SETDEST_UAC} [::1]:${uasPort} -rsa [::1]:9 -i ::1 -p 0`).concat(
          argv('-m 20 -r 50 -nostdin'),
        ),
      );
      await assertBothSucceed(20, ours, sipp);
    } finally {
      killRunning([ours, sipp]);
    }
  });

  it(`-threads 2: gossipper -sn uac -i ::1 → sipp -sn uas, ${CALLS} calls`, async () => {
    requireBuiltBin();
    const uasPort = await freeV6Port();
    let sipp: Peer | undefined;
    let ours: Peer | undefined;
    try {
      sipp = startSipp(argv(`-sn uas -i ::1 -p ${uasPort} -m ${CALLS} -nostdin`));
      await waitForUdpListener(uasPort, sipp);
      // -p 0: each shard binds a port of its own.
      ours = startGossipper(
        argv(`-sn uac [::1]:${uasPort} -i ::1 -threads 2 -p 0 -m ${CALLS} -r ${RATE} -nostdin`),
      );
      await assertBothSucceed(CALLS, ours, sipp);
    } finally {
      killRunning([ours, sipp]);
    }
  });

  it('[authentication]: the same Authorization as sipp (digest uri with the IPv6 bare)', async () => {
    requireBuiltBin();
    const [uasPort, uacPort] = [await freeV6Port(), await freeV6Port()];
    const lines: string[] = [];
    for (const start of [startSipp, startGossipper]) {
      const dir = freshDir();
      let uas: Peer | undefined;
      let uac: Peer | undefined;
      try {
        uas = startSipp(argv(`-sf ${AUTH_UAS} -i ::1 -p ${uasPort} -m 1 -nostdin`));
        await waitForUdpListener(uasPort, uas);
        uac = start(
          argv(`-sf ${AUTH_UAC} [::1]:${uasPort} -i ::1 -p ${uacPort} -m 1 -nostdin -trace_msg`),
          dir,
        );
        await assertBothSucceed(1, uac, uas);
      } finally {
        killRunning([uac, uas]);
      }
      const second = sentMessages(dir).sent[2] ?? '';
      lines.push(/^Authorization: .*$/m.exec(second)?.[0] ?? `no Authorization in\n${second}`);
    }
    assert.equal(lines[1], lines[0]);
    assert.match(lines[1], new RegExp(`,uri="sip:::1:${uasPort}",`));
  });
});

/** The messages a -trace_msg file says were sent, each exactly as many bytes as it announces. */
function sentMessages(dir: string): { pid: string; sent: string[] } {
  const file = readdirSync(dir).find((f) => f.endsWith('_messages.log'));
  assert.ok(file, `no -trace_msg file in ${dir}`);
  const text = readFileSync(path.join(dir, file), 'latin1');
  const sent: string[] = [];
  const header = /(UDP|TCP) message sent \((\d+) bytes\):\n\n/g;
  for (let m = header.exec(text); m !== null; m = header.exec(text)) {
    sent.push(text.slice(header.lastIndex, header.lastIndex + Number(m[2])));
  }
  return { pid: /_(\d+)_messages\.log$/.exec(file)?.[1] ?? '', sent };
}

/** Masks what differs between two runs of the same call: the pids (tags, branches, Call-ID). */
function masked(text: string, pids: string[]): string {
  let out = text.replace(/\d+SIPpTag/g, 'PIDSIPpTag');
  for (const pid of pids) out = out.replace(new RegExp(`(?<![0-9])${pid}(?![0-9])`, 'g'), 'PID');
  return out;
}

const freshDir = (): string => mkdtempSync(path.join(tmpdir(), 'gossipper-ipv6-'));

/**
 * One call of the client `scenario` (e.g. `-sn uac`) by sipp, then by us, each against a fresh
 * `sipp -sn uas` on the same ports: the messages each client sent, pids masked.
 */
async function clientTraces(
  tr: string,
  scenario: string,
): Promise<{ theirs: string[]; ours: string[]; uasPort: number; uacPort: number }> {
  requireBuiltBin();
  const [uasPort, uacPort, mediaPort] = [
    await freeV6Port(),
    await freeV6Port(),
    await freeV6Port(),
  ];
  const runs: string[][] = [];
  for (const start of [startSipp, startGossipper]) {
    const dir = freshDir();
    let uas: Peer | undefined;
    let uac: Peer | undefined;
    try {
      uas = startSipp(argv(`-sn uas -t ${tr} -i ::1 -p ${uasPort} -m 1 -nostdin`));
      await waitListening(tr, uasPort, uas);
      uac = start(
        argv(`${scenario} [::1]:${uasPort} -t ${tr} -i ::1 -p ${uacPort}`).concat(
          argv(`-mp ${mediaPort} -m 1 -nostdin -trace_msg`),
        ),
        dir,
      );
      await assertBothSucceed(1, uac, uas, tr === 't1' ? uas : undefined);
    } finally {
      killRunning([uac, uas]);
    }
    const { pid, sent } = sentMessages(dir);
    runs.push(sent.map((m) => masked(m, [pid])));
  }
  return { theirs: runs[0], ours: runs[1], uasPort, uacPort };
}

describe(
  'IPv6 keywords as SIPp renders them',
  // One at a time: each test compares byte traces of single calls, and on two shared cores the
  // concurrent SIPp runs of the other tests made one exit before printing its screen.
  { skip: ipv6SippRequirement(), concurrency: false },
  () => {
    for (const tr of ['u1', 't1']) {
      it(`-t ${tr}: the same client scenario sends the same bytes as sipp`, async () => {
        const { theirs, ours, uasPort, uacPort } = await clientTraces(tr, `-sf ${KEYWORDS_UAC}`);
        assert.equal(ours.length, 3, 'INVITE, ACK, BYE');
        assert.deepEqual(ours, theirs);
        // The keyword lines themselves, as SIPp 3.6.1 printed them (observed).
        const invite = ours[0];
        for (const line of [
          `INVITE sip:service@[::1]:${uasPort} SIP/2.0`,
          `Via: SIP/2.0/${protocolOf(tr)} [::1]:${uacPort};branch=z9hG4bK-PID-1-0`,
          'Call-ID: 1-PID@::1',
          `X-Remote: [::1] ::1 ${uasPort}`,
          `X-Local: [::1] 6 ${uacPort}`,
          'X-Media: ::1 6',
          'X-Server: ::1',
          'o=kw 1 1 IN IP6 [::1]',
          'c=IN IP6 ::1',
        ]) {
          assert.ok(
            invite.includes(`${line}\r\n`),
            `INVITE lacks ${JSON.stringify(line)}\n${invite}`,
          );
        }
      });

      it(`-t ${tr}: the built-in uac sends the same bytes as sipp's`, async () => {
        const { theirs, ours } = await clientTraces(tr, '-sn uac');
        assert.equal(ours.length, 3, 'INVITE, ACK, BYE');
        assert.deepEqual(ours, theirs);
      });

      it(`-t ${tr}: the built-in uas answers with the same bytes as sipp's`, async () => {
        requireBuiltBin();
        const [uasPort, uacPort, mediaPort] = [
          await freeV6Port(),
          await freeV6Port(),
          await freeV6Port(),
        ];
        const runs: string[][] = [];
        for (const start of [startSipp, startGossipper]) {
          const [uasDir, uacDir] = [freshDir(), freshDir()];
          let uas: Peer | undefined;
          let uac: Peer | undefined;
          try {
            uas = start(
              argv(
                `-sn uas -t ${tr} -i ::1 -p ${uasPort} -mp ${mediaPort} -m 1 -nostdin -trace_msg`,
              ),
              uasDir,
            );
            await waitListening(tr, uasPort, uas);
            uac = startSipp(
              argv(
                `-sn uac [::1]:${uasPort} -t ${tr} -i ::1 -p ${uacPort} -m 1 -nostdin -trace_msg`,
              ),
              uacDir,
            );
            const sippUasOverTcp = tr === 't1' && start === startSipp ? uas : undefined;
            await assertBothSucceed(1, uas, uac, sippUasOverTcp);
          } finally {
            killRunning([uac, uas]);
          }
          const answered = sentMessages(uasDir);
          const caller = sentMessages(uacDir);
          runs.push(answered.sent.map((m) => masked(m, [answered.pid, caller.pid])));
        }
        const [theirs, ours] = runs;
        assert.equal(ours.length, 3, '180, 200, 200 to BYE');
        assert.deepEqual(ours, theirs);
        const ok = ours[1];
        for (const line of [
          `Contact: <sip:[::1]:${uasPort};transport=${protocolOf(tr)}>`,
          'o=user1 53655765 2353687637 IN IP6 [::1]',
          'c=IN IP6 ::1',
          `m=audio ${mediaPort} RTP/AVP 0`,
        ]) {
          assert.ok(ok.includes(`${line}\r\n`), `200 lacks ${JSON.stringify(line)}\n${ok}`);
        }
      });
    }
  },
);
