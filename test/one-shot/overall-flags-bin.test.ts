/**
 * The rest of SIPp's overall and performance flags through the built bin: `[dynamic_id]` with
 * -dynamicStart/Max/Step (a run-wide counter, values checked against sipp 3.6.1), `-lost` as
 * the default loss of every send, `-sleep` before the first call, and the loop-tuning flags
 * that mean nothing here: accepted, each with a one-line note on stderr.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { startSilentPeer } from '../peers/silent-peer.ts';

/** One OPTIONS per call, the counter twice in its request-URI, then a short pause. */
const SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="dyn">
  <send><![CDATA[
    OPTIONS sip:d[dynamic_id]-[dynamic_id]@[remote_ip]:[remote_port] SIP/2.0
    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
    From: <sip:a@[local_ip]>;tag=[call_number]
    To: <sip:x@[remote_ip]>
    Call-ID: [call_id]
    CSeq: 1 OPTIONS
    Content-Length: 0

  ]]></send>
  <pause milliseconds="10"/>
</scenario>
`;

async function runDyn(extra: string[]): Promise<{ uris: string[]; run: Peer; ms: number }> {
  requireBuiltBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-dyn-'));
  writeFileSync(path.join(dir, 'dyn.xml'), SCENARIO);
  const peer = await startSilentPeer();
  let run: Peer | undefined;
  try {
    const started = Date.now();
    run = startGossipper(
      [
        '-sf',
        'dyn.xml',
        `127.0.0.1:${peer.port}`,
        '-i',
        '127.0.0.1',
        '-p',
        String(await freeUdpPort()),
        '-m',
        '3',
        '-r',
        '100',
        '-nr',
        '-nostdin',
        ...extra,
      ],
      dir,
    );
    assert.equal(await run.exit(15_000), 0, describeRun(run));
    const ms = Date.now() - started;
    // The peer may still be reading the last datagram.
    for (let i = 0; i < 40 && peer.heard.length < 3 && !extra.includes('-lost'); i++)
      await new Promise((r) => setTimeout(r, 25));
    const uris = peer.heard.map((h) => h.startLine.split(' ')[1].split('@')[0]);
    return { uris, run, ms };
  } finally {
    killRunning([run]);
    await peer.close();
  }
}

describe('overall flags', () => {
  it(
    '[dynamic_id] is one counter for the run, wrapping past -dynamicMax (as sipp 3.6.1)',
    { timeout: 30_000 },
    async () => {
      const { uris } = await runDyn([
        '-dynamicStart',
        '5',
        '-dynamicMax',
        '20',
        '-dynamicStep',
        '6',
      ]);
      assert.deepEqual(uris, ['sip:d5-11', 'sip:d17-5', 'sip:d11-17']);
    },
  );

  it('-lost 100 loses every send that has no lost= of its own', { timeout: 30_000 }, async () => {
    const { uris, run } = await runDyn(['-lost', '100']);
    assert.deepEqual(uris, []);
    assert.equal(run.stderr(), '');
  });

  it(
    '-sleep waits before the first call; loop-tuning flags are accepted with a note',
    { timeout: 30_000 },
    async () => {
      const { uris, run, ms } = await runDyn([
        '-sleep',
        '700ms',
        '-timer_resol',
        '10',
        '-max_recv_loops',
        '5',
        '-max_sched_loops',
        '5',
        '-skip_rlimit',
        '-sendbuffer_warn',
        'true',
      ]);
      assert.equal(uris.length, 3);
      assert.ok(ms >= 700, `ran in ${ms} ms, under -sleep`);
      const notes = run.stderr().trim().split('\n');
      assert.deepEqual(
        notes.map((n) => /^gossipper: note: (-\w+) has no effect in Gossipper: .+/.exec(n)?.[1]),
        ['-timer_resol', '-max_recv_loops', '-max_sched_loops', '-skip_rlimit', '-sendbuffer_warn'],
        run.stderr(),
      );
    },
  );
});
