/**
 * `-trace_calldebug` through the built bin, against sipp 3.6.1 doing the same: the built-in uac
 * calls a sipp server that rejects every INVITE with 486, so every call fails and both write
 * each call's transcript; the events (start, messages sent and received, the unexpected 486,
 * the abort, the ACK) come in the same order and words. sipp's lines Gossipper does not write
 * (its "Processing message i of type t", "Set Last Recv Hash", scenario indexes and message
 * hashes) are left out of the comparison. Calls that succeed leave the file empty, as in sipp.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
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

const BUSY_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="busy">
  <recv request="INVITE"/>
  <send><![CDATA[

SIP/2.0 486 Busy Here
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
  <recv request="ACK"/>
</scenario>
`;

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gossipper-calldebug-'));
}

async function server(
  args: string[],
  start: (args: string[], cwd: string) => Peer = startSipp,
): Promise<{ peer: Peer; port: number }> {
  const port = await freeUdpPort();
  const dir = tempDir();
  writeFileSync(path.join(dir, 'busy.xml'), BUSY_XML);
  const peer = start([...args, '-i', '127.0.0.1', '-p', String(port), '-nostdin'], dir);
  await waitForUdpListener(port, peer);
  return { peer, port };
}

/** Runs the built-in uac (`start`: the bin or sipp) for 2 calls; the calldebug file's text. */
async function uac(
  start: (args: string[], cwd: string) => Peer,
  port: number,
  extra: string[] = ['-m', '2'],
): Promise<string> {
  const dir = tempDir();
  const local = await freeUdpPort();
  const peer = start(
    [
      '-sn',
      'uac',
      `127.0.0.1:${port}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(local),
      ...extra,
      '-r',
      '10',
      '-d',
      '10',
      '-nostdin',
      '-trace_calldebug',
    ],
    dir,
  );
  await peer.exit(20_000);
  const name = readdirSync(dir).find((n) => /^uac_\d+_calldebug\.log$/.test(n));
  assert.ok(name, `no calldebug file\n${describeRun(peer)}`);
  return readFileSync(path.join(dir, name), 'latin1');
}

/** Each call's event lines, numbers as N, without what only sipp writes. */
function events(text: string): string[][] {
  const calls: string[][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('Call debugging information for call ')) calls.push([]);
    const m = /^\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d{6}\t\d+\.\d{6} (.*)$/.exec(line);
    if (m === null) continue;
    if (/^(Processing message \d+ of type|Set Last Recv Hash)/.test(m[1])) continue;
    const words = m[1]
      .replace(/ \((index -?\d+, )?hash \d+\)/, '')
      .replace(/\d+/g, 'N')
      .replace(/(N\.)+N/g, 'IP');
    calls.at(-1)?.push(words);
  }
  return calls;
}

describe('-trace_calldebug against sipp 3.6.1', { skip: sippRequirement() }, () => {
  it('failed calls: the same transcripts as sipp writes', { timeout: 60_000 }, async () => {
    requireBuiltBin();
    let busy: Peer | undefined;
    try {
      const s = await server(['-sf', 'busy.xml']);
      busy = s.peer;
      const ours = await uac(startGossipper, s.port);
      const theirs = await uac(startSipp, s.port);
      const expected = events(theirs);
      assert.equal(expected.length, 2, theirs);
      assert.deepEqual(events(ours), expected, ours);
      // Each block opens as sipp's does, and carries the messages themselves.
      assert.ok(ours.startsWith(`${'-'.repeat(79)}\nCall debugging information for call `));
      assert.match(ours, /:\nSIP\/2\.0 486 Busy Here\r\n/);
      assert.match(ours, /Unexpected UDP message received:\n\nSIP\/2\.0 486 Busy Here\r\n/);
    } finally {
      killRunning([busy]);
    }
  });

  it(
    'a retransmission timeout: the same transcript as sipp writes',
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      // Nobody listens there: the INVITE is sent, retransmitted once, then the call is aborted.
      const silent = await freeUdpPort();
      const args = ['-m', '1', '-max_invite_retrans', '1'];
      const ours = await uac(startGossipper, silent, args);
      const theirs = await uac(startSipp, silent, args);
      assert.deepEqual(events(ours), events(theirs), ours);
      assert.match(ours, /Retransmisison required \(2 retransmissions, max 1\)\n/);
    },
  );

  it('successful calls: the file exists and stays empty', { timeout: 60_000 }, async () => {
    requireBuiltBin();
    let uas: Peer | undefined;
    try {
      const s = await server(['-sn', 'uas']);
      uas = s.peer;
      assert.equal(await uac(startGossipper, s.port), '');
    } finally {
      killRunning([uas]);
    }
  });
});

describe('-trace_calldebug, Gossipper on both sides', () => {
  it(
    'every failed call has its transcript, with the same events as sipp',
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      let busy: Peer | undefined;
      try {
        const s = await server(['-sf', 'busy.xml'], startGossipper);
        busy = s.peer;
        const text = await uac(startGossipper, s.port);
        const expected = [
          'Starting call N-N@IP',
          'Sending UDP message for call N-N@IP:',
          'Processing N byte incoming message for call-ID N-N@IP:',
          'Unexpected UDP message received:',
          'Aborting call N-N@IP (index N).',
          'Sending UDP message for call N-N@IP:',
        ];
        assert.deepEqual(events(text), [expected, expected], text);
      } finally {
        killRunning([busy]);
      }
    },
  );
});
