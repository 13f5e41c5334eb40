/**
 * Timeouts against peers that do not answer, each run side by side with real SIPp under the same
 * flags: both must fail (or end) the same way, exit with the same code and put the same messages
 * on the wire (what a silent peer hears, per Call-ID).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens, stepsNamed } from '../peers/final-screens.ts';
import type { FinalScreens } from '../peers/final-screens.ts';
import {
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { methodsByCallId, startSilentPeer } from '../peers/silent-peer.ts';
import type { SilentPeerOptions } from '../peers/silent-peer.ts';

const EXIT_WITHIN_MS = 15_000;

function scenario(name: string, body: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-timeout-')), `${name}.xml`);
  const request = (method: string): string => `<send><![CDATA[
      ${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 ${method}
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Content-Length: 0

    ]]></send>`;
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="${name}">\n${body.replace(/\{(\w+)\}/g, (_m, method: string) => request(method))}\n</scenario>\n`,
  );
  return file;
}

interface Outcome {
  code: number;
  screens: FinalScreens;
  /** Methods the peer heard, per Call-ID, in order. */
  heard: string[][];
}

/** Runs `args` with Gossipper, then SIPp (same flags), each against its own silent peer. */
async function bothAgainstSilentPeer(
  args: string[],
  peerOptions: SilentPeerOptions = {},
): Promise<{ ours: Outcome; sipp: Outcome }> {
  const run = async (start: (a: string[]) => Peer, extra: string[]): Promise<Outcome> => {
    const silent = await startSilentPeer(peerOptions);
    let peer: Peer | undefined;
    try {
      peer = start([
        ...args,
        `127.0.0.1:${silent.port}`,
        '-p',
        String(await freeUdpPort()),
        '-nostdin',
        ...extra,
      ]);
      const code = await peer.exit(EXIT_WITHIN_MS);
      return {
        code,
        screens: parseFinalScreens(peer.stdout()),
        heard: [...methodsByCallId(silent.heard).values()],
      };
    } finally {
      killRunning([peer]);
      await silent.close();
    }
  };
  const [ours, sipp] = await Promise.all([
    run(startGossipper, []),
    run(startSipp, ['-i', '127.0.0.1']),
  ]);
  return { ours, sipp };
}

function inviteRow(s: FinalScreens): { messages: number; retrans?: number; timeout?: number } {
  const { messages, retrans, timeout } = stepsNamed(s, 'INVITE')[0];
  return { messages, retrans, timeout };
}

describe(
  'silent and hanging peers, Gossipper and SIPp side by side',
  { skip: sippRequirement(), concurrency: true },
  () => {
    it(
      '-sn uac -m 1 -max_invite_retrans 2: INVITE sent 3 times, call fails on UDP retransmission timeout, exit 1',
      { timeout: 20_000 },
      async () => {
        requireBuiltBin();
        const { ours, sipp } = await bothAgainstSilentPeer([
          '-sn',
          'uac',
          '-m',
          '1',
          '-max_invite_retrans',
          '2',
        ]);
        for (const [who, o] of [
          ['gossipper', ours],
          ['sipp', sipp],
        ] as const) {
          assert.equal(o.code, 1, `${who} exit code`);
          assert.equal(o.screens.failed.cumulative, 1, `${who} failed calls`);
          assert.equal(o.screens.successful.cumulative, 0, `${who} successful calls`);
          assert.deepEqual(
            inviteRow(o.screens),
            { messages: 1, retrans: 2, timeout: 1 },
            `${who} INVITE row`,
          );
          // Nothing was ever received, so SIPp's abort sends no CANCEL (call.cpp abortCall).
          assert.deepEqual(o.heard, [['INVITE', 'INVITE', 'INVITE']], `${who} on the wire`);
        }
        assert.equal(ours.screens.extras.get('Failed max UDP retrans'), 1);
      },
    );

    it(
      '-sf without retransmission, -recv_timeout 1000: FailedTimeoutOnRecv, exit 1',
      { timeout: 20_000 },
      async () => {
        requireBuiltBin();
        const file = scenario('no-retrans', '{INVITE}\n<recv response="200"/>');
        const { ours, sipp } = await bothAgainstSilentPeer([
          '-sf',
          file,
          '-m',
          '1',
          '-recv_timeout',
          '1000',
        ]);
        for (const [who, o] of [
          ['gossipper', ours],
          ['sipp', sipp],
        ] as const) {
          assert.equal(o.code, 1, `${who} exit code`);
          assert.equal(o.screens.failed.cumulative, 1, `${who} failed calls`);
          assert.deepEqual(
            inviteRow(o.screens),
            { messages: 1, retrans: 0, timeout: undefined },
            `${who} INVITE row`,
          );
          assert.equal(stepsNamed(o.screens, '200')[0].timeout, 1, `${who} 200 row timeout`);
          assert.deepEqual(o.heard, [['INVITE']], `${who} on the wire`);
        }
        assert.equal(ours.screens.extras.get('Failed recv timeout'), 1);
        assert.equal(ours.screens.extras.get('Failed max UDP retrans'), undefined);
      },
    );

    it(
      'a peer that only answers 100 Trying: on -recv_timeout the call is CANCELled, exit 1',
      { timeout: 20_000 },
      async () => {
        requireBuiltBin();
        const { ours, sipp } = await bothAgainstSilentPeer(
          ['-sn', 'uac', '-m', '1', '-recv_timeout', '1000'],
          { sendTrying: true },
        );
        for (const [who, o] of [
          ['gossipper', ours],
          ['sipp', sipp],
        ] as const) {
          assert.equal(o.code, 1, `${who} exit code`);
          assert.equal(o.screens.failed.cumulative, 1, `${who} failed calls`);
          assert.equal(stepsNamed(o.screens, '100')[0].messages, 1, `${who} 100 row`);
          // Something was received, so the abort CANCELs the INVITE; the last call's CANCEL must
          // leave before the socket closes at exit.
          assert.deepEqual(o.heard, [['INVITE', 'CANCEL']], `${who} on the wire`);
        }
      },
    );

    it(
      'a scenario ending on a send: its last message reaches the peer before exit 0',
      { timeout: 20_000 },
      async () => {
        requireBuiltBin();
        const file = scenario('fire-and-forget', '{MESSAGE}');
        const { ours, sipp } = await bothAgainstSilentPeer(['-sf', file, '-m', '3', '-r', '10']);
        for (const [who, o] of [
          ['gossipper', ours],
          ['sipp', sipp],
        ] as const) {
          assert.equal(o.code, 0, `${who} exit code`);
          assert.equal(o.screens.successful.cumulative, 3, `${who} successful calls`);
          assert.deepEqual(o.heard, [['MESSAGE'], ['MESSAGE'], ['MESSAGE']], `${who} on the wire`);
        }
      },
    );

    it(
      '-timeout 1s on an idle -sn uas: exit 97 (no call succeeded or failed)',
      { timeout: 20_000 },
      async () => {
        requireBuiltBin();
        const [ourPort, sippPort] = [await freeUdpPort(), await freeUdpPort()];
        let ours: Peer | undefined;
        let sipp: Peer | undefined;
        try {
          const started = Date.now();
          ours = startGossipper([
            '-sn',
            'uas',
            '-p',
            String(ourPort),
            '-timeout',
            '1s',
            '-nostdin',
          ]);
          sipp = startSipp([
            '-sn',
            'uas',
            '-i',
            '127.0.0.1',
            '-p',
            String(sippPort),
            '-timeout',
            '1s',
            '-nostdin',
          ]);
          const [ourCode, sippCode] = await Promise.all([
            ours.exit(EXIT_WITHIN_MS),
            sipp.exit(EXIT_WITHIN_MS),
          ]);
          assert.equal(sippCode, 97, 'sipp exit code');
          assert.equal(ourCode, 97, 'gossipper exit code');
          assert.ok(Date.now() - started >= 1000, 'waited for the timeout');
          const screens = parseFinalScreens(ours.stdout());
          assert.equal(screens.successful.cumulative, 0);
          assert.equal(screens.failed.cumulative, 0);
        } finally {
          killRunning([ours, sipp]);
        }
      },
    );
  },
);
