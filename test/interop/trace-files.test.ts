/**
 * Every trace file, written by the built bin and by real SIPp for the same run (the built-in uac
 * against a SIPp uas): the same files exist, with the same headers, separators, block layout and
 * time formats; only numbers (times, pids, ports, sizes, counts) may differ. Then the ways a run
 * ends early (SIGINT, -timeout): every file is complete on disk.
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

const EXIT_WITHIN_MS = 20_000;
const TRACES = [
  '-trace_msg',
  '-trace_shortmsg',
  '-trace_err',
  '-trace_stat',
  '-fd',
  '1',
  '-trace_counts',
  '-trace_error_codes',
  '-trace_rtt',
  '-rtt_freq',
  '1',
  '-trace_screen',
  '-trace_logs',
];

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gossipper-traces-'));
}

/** The trace files of a directory by kind: `uac_<pid>_messages.log` → `messages.log`. */
function traceFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const m = /^uac_\d+_(.*)$/.exec(name);
    if (m) out.set(m[1], readFileSync(path.join(dir, name), 'latin1'));
  }
  return out;
}

/** Numbers become N: what is left is layout, words and separators. */
function shape(text: string): string {
  return text.replace(/-?\d+(\.\d+)?/g, 'N');
}

async function startUas(): Promise<{ uas: Peer; port: number }> {
  const port = await freeUdpPort();
  const uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-nostdin']);
  await waitForUdpListener(port, uas);
  return { uas, port };
}

async function uacRun(
  start: (args: string[], cwd: string) => Peer,
  uasPort: number,
  extra: string[],
): Promise<{ dir: string; code: number; peer: Peer }> {
  const dir = tempDir();
  const localPort = await freeUdpPort();
  const peer = start(
    [
      '-sn',
      'uac',
      `127.0.0.1:${uasPort}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(localPort),
      '-nostdin',
      ...TRACES,
      ...extra,
    ],
    dir,
  );
  return { dir, peer, code: await peer.exit(EXIT_WITHIN_MS) };
}

/** Resolves once the `kind` trace file in `dir` satisfies `ok`, polling the file system. */
async function fileReaches(
  dir: string,
  kind: string,
  ok: (text: string) => boolean,
  peer: Peer,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok(traceFiles(dir).get(kind) ?? '')) {
    if (peer.child.exitCode !== null) throw new Error(`exited early\n${describeRun(peer)}`);
    if (Date.now() > deadline) throw new Error(`${kind} never got there`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A complete -trace_msg file: whole blocks only, the last one ending its message. */
function assertWholeBlocks(text: string): void {
  const blocks = text.split(/^(?=-{47} )/m).filter((b) => b !== '');
  assert.ok(blocks.length > 0);
  for (const b of blocks) {
    const m =
      /^-{47} \S+ \S+\nUDP message (sent \((\d+) bytes\)|received \[(\d+)\] bytes ):\n\n/.exec(b);
    assert.ok(m, b.slice(0, 200));
    const size = Number(m[2] ?? m[3]);
    assert.equal(Buffer.byteLength(b.slice(m[0].length), 'latin1'), size + 1, b.slice(0, 200));
  }
}

/** Stat rows: header, the start row, the periods, two final rows; each as wide as the header. */
function assertStatComplete(text: string): string[] {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a line break');
  const width = lines[0].split(';').length;
  for (const l of lines) assert.equal(l.split(';').length, width);
  assert.ok(lines.length >= 4, text);
  return lines;
}

/**
 * trace_client_scenario.xml of the samples without its actions and variables: named RTDs, a
 * counter and an -inf field, against the samples' server, which rejects some calls with 486.
 */
const CLIENT_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="trace test client">
  <send retrans="500" start_rtd="setup" counter="invites"><![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: [cseq] INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      X-Field: [field0] [field1] [field0 line=1]
      Content-Length: 0

    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rtd="setup"/>
  <send><![CDATA[

      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Content-Length: 0

    ]]></send>
  <pause/>
  <send retrans="500" start_rtd="bye"><![CDATA[

      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: [cseq] BYE
      Content-Length: 0

    ]]></send>
  <recv response="200" rtd="bye" crlf="true"/>
</scenario>
`;

const SAMPLES = path.join(import.meta.dirname, '../output/sipp-samples');

/** The number of status codes listed in an error codes file. */
function codesIn(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => {
      assert.match(l, /^\S+\t\S+\t\d+\.\d{6};\d\d:\d\d:\d\d:\d{6};(\d{3},)*$/);
      return l
        .split(';')[2]
        .split(',')
        .filter((c) => c !== '');
    });
}

describe('trace files against sipp 3.6.1', { skip: sippRequirement() }, () => {
  it('the built-in uac: same files, same layout as sipp writes', { timeout: 60_000 }, async () => {
    requireBuiltBin();
    const peers: Peer[] = [];
    try {
      const { uas, port } = await startUas();
      peers.push(uas);
      const flags = ['-m', '5', '-r', '10'];
      const theirs = await uacRun(startSipp, port, flags);
      const ours = await uacRun((a, cwd) => startGossipper(a, cwd), port, flags);
      assert.equal(theirs.code, 0, describeRun(theirs.peer));
      assert.equal(ours.code, 0, describeRun(ours.peer));
      const t = traceFiles(theirs.dir);
      const o = traceFiles(ours.dir);
      // No error: no errors.log on either side; no <log>: no logs.log.
      assert.deepEqual([...o.keys()].sort(), [...t.keys()].sort());
      assert.equal(o.has('errors.log'), false);
      for (const kind of ['messages.log', 'shortmessages.log', 'counts.csv', 'error_codes.csv'])
        assert.equal(shape(o.get(kind) ?? ''), shape(t.get(kind) ?? ''), kind);
      // The stat file: the header exactly, the rows' layout (numbers aside).
      const [oHead, ...oRows] = (o.get('.csv') ?? '').split('\n');
      const [tHead, ...tRows] = (t.get('.csv') ?? '').split('\n');
      assert.equal(oHead, tHead);
      assert.equal(oRows.map(shape).join('\n'), tRows.map(shape).join('\n'));
      // rtt: the header, and one `ms;ms;rtd` row per sample.
      const oRtt = (o.get('rtt.csv') ?? '').split('\n');
      const tRtt = (t.get('rtt.csv') ?? '').split('\n');
      assert.equal(oRtt[0], tRtt[0]);
      assert.equal(oRtt.length, tRtt.length);
      for (const row of oRtt.slice(1, -1)) assert.match(row, /^[\d.]+;-?[\d.e+-]+;1$/);
      // The screen dump: the same screens, in order, with the same title and footer bars.
      const bars = (s: string) => s.split('\n').filter((l) => /^-{5,}[^+]*$/.test(l));
      assert.deepEqual(bars(o.get('screen.log') ?? ''), bars(t.get('screen.log') ?? ''));
    } finally {
      killRunning(peers);
    }
  });

  it(
    'named RTDs, a counter, rejected calls: same headers, unexpected blocks and codes as sipp',
    {
      timeout: 60_000,
    },
    async () => {
      requireBuiltBin();
      const peers: Peer[] = [];
      try {
        const dir = tempDir();
        const client = path.join(dir, 'tc.xml');
        writeFileSync(client, CLIENT_XML);
        const port = await freeUdpPort();
        const server = path.join(SAMPLES, 'trace_server_scenario.xml');
        const uas = startSipp(['-sf', server, '-i', '127.0.0.1', '-p', String(port), '-nostdin']);
        peers.push(uas);
        await waitForUdpListener(port, uas);
        const run = async (start: (args: string[], cwd: string) => Peer) => {
          const cwd = tempDir();
          const args = ['-sf', client, `127.0.0.1:${port}`, '-i', '127.0.0.1', '-p'];
          args.push(String(await freeUdpPort()), '-nostdin', '-r', '10', '-m', '20', '-d', '100');
          args.push('-inf', path.join(SAMPLES, 'trace_users.csv'), ...TRACES);
          const peer = start(args, cwd);
          peers.push(peer);
          await peer.exit(EXIT_WITHIN_MS);
          const files = new Map<string, string>();
          for (const name of readdirSync(cwd)) {
            const m = /^tc_\d+_(.*)$/.exec(name);
            if (m) files.set(m[1], readFileSync(path.join(cwd, name), 'latin1'));
          }
          return files;
        };
        const t = await run(startSipp);
        const o = await run((a, cwd) => startGossipper(a, cwd));
        assert.deepEqual([...o.keys()].sort(), [...t.keys()].sort());
        const head = (m: Map<string, string>, kind: string) => (m.get(kind) ?? '').split('\n')[0];
        for (const kind of ['.csv', 'counts.csv', 'rtt.csv'])
          assert.equal(head(o, kind), head(t, kind));
        assert.match(head(o, '.csv'), /;ResponseTimesetup\(P\);.*;invites\(P\);invites\(C\);$/);
        // Every rejected call: its 486 as a received block, the unexpected block right after,
        // its code in the error codes file and an entry in the errors file.
        for (const files of [o, t]) {
          const messages = files.get('messages.log') ?? '';
          const unexpected =
            messages.split(/^-{47}\nUnexpected UDP message received:\n\n/m).length - 1;
          const received486 = messages.match(/received \[\d+\] bytes :\n\nSIP\/2\.0 486 /g) ?? [];
          assert.equal(unexpected, received486.length);
          assert.ok(
            /bytes :\n\n(SIP\/2\.0 486 [^]*?)\n-{47}\nUnexpected UDP message received:\n\n\1\n/.test(
              messages,
            ) || unexpected === 0,
          );
          const codes = codesIn(files.get('error_codes.csv') ?? '');
          assert.deepEqual(codes, Array(unexpected).fill('486') as string[]);
          const aborts =
            (files.get('errors.log') ?? '').split('Aborting call on unexpected').length - 1;
          assert.equal(aborts, unexpected);
        }
        for (const row of (o.get('rtt.csv') ?? '').trimEnd().split('\n').slice(1))
          assert.match(row, /^[\d.]+;-?[\d.e+-]+;(setup|bye)$/);
      } finally {
        killRunning(peers);
      }
    },
  );

  for (const end of ['SIGINT', '-timeout'] as const) {
    it(`${end}: every file is complete when the run ends early`, { timeout: 60_000 }, async () => {
      requireBuiltBin();
      const peers: Peer[] = [];
      try {
        const { uas, port } = await startUas();
        peers.push(uas);
        const dir = tempDir();
        const localPort = await freeUdpPort();
        const extra = end === '-timeout' ? ['-timeout', '2s'] : [];
        const ours = startGossipper(
          [
            '-sn',
            'uac',
            `127.0.0.1:${port}`,
            '-i',
            '127.0.0.1',
            '-p',
            String(localPort),
            '-r',
            '20',
            '-nostdin',
            ...TRACES,
            ...extra,
          ],
          dir,
        );
        peers.push(ours);
        if (end === 'SIGINT') {
          // A period row was written: calls are flowing and the files are open.
          // Answers came back and a -fd period ended (header, start row, one period row).
          await fileReaches(dir, 'shortmessages.log', (t) => t.includes('\tR\t'), ours);
          await fileReaches(dir, '.csv', (t) => t.split('\n').length > 3, ours);
          ours.kill('SIGINT');
        }
        await ours.exit(EXIT_WITHIN_MS);
        const o = traceFiles(dir);
        assertWholeBlocks(o.get('messages.log') ?? '');
        const short = (o.get('shortmessages.log') ?? '').split('\n');
        assert.equal(short.pop(), '');
        for (const l of short) assert.equal(l.split('\t').length, 7, l);
        const rows = assertStatComplete(o.get('.csv') ?? '');
        const last = rows[rows.length - 1].split(';');
        const col = (name: string) => last[rows[0].split(';').indexOf(name)];
        assert.ok(Number(col('OutgoingCall(C)')) > 0, 'the final row has the calls');
        assert.equal(col('ElapsedTime(P)'), '00:00:00', 'the last row is the empty final period');
        assert.ok((o.get('counts.csv') ?? '').split('\n').length >= 4);
        assert.match(o.get('screen.log') ?? '', /Statistics Screen/);
        assert.match(o.get('rtt.csv') ?? '', /^Date_ms;response_time_ms;rtd_no\n[\d.]+;/);
      } finally {
        killRunning(peers);
      }
    });
  }
});
