// `gossipper server` (the built bin) under real SIPp traffic, driven over its HTTP API: a
// scenario hot-applied mid-run (calls in flight finish on the old one, new calls use the new one,
// none fails), SIGTERM draining to exit 0, and `-api_addr` beside a one-shot run whose achieved
// rate follows POST /control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { buildRequest } from '../peers/memory-transport.ts';
import { call, jsonInit, xmlInit } from './api-fixture.ts';
import { apiBase, serverReady, startServerBin, startSippUac, until } from './server-peer.ts';

/** The uas flow, each response tagged; 180 at once, the 200 after `pauseMs`. */
function taggedUas(tag: string, pauseMs: number): string {
  const head = (status: string, toTag: boolean): string => `
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:]${toTag ? ';tag=[pid]T[call_number]' : ''}
[last_Call-ID:]
[last_CSeq:]
X-Scenario: ${tag}
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Length: 0
`;
  return `<?xml version="1.0"?>
<scenario name="tagged ${tag}">
<recv request="INVITE"/>
<send><![CDATA[${head('180 Ringing', true)}
]]></send>
<pause milliseconds="${pauseMs}"/>
<send retrans="500"><![CDATA[${head('200 OK', true)}
]]></send>
<recv request="ACK" optional="true"/>
<recv request="BYE"/>
<send><![CDATA[${head('200 OK', false)}
]]></send>
<timewait milliseconds="300"/>
</scenario>
`;
}

interface Received {
  /** The status code. */
  status: string;
  callId: string;
  cseq: string;
  tag: string;
}

/** The responses in a sipp -trace_msg log, in the order received. */
function receivedResponses(log: string): Received[] {
  const out: Received[] = [];
  for (const block of log.split(/^-{20,}.*$/m)) {
    const m = /UDP message received \[\d+\] bytes :\s*\n\s*SIP\/2\.0 (\d{3})/.exec(block);
    if (!m) continue;
    const header = (name: string): string =>
      new RegExp(`^${name}:\\s*(.*?)\\r?$`, 'mi').exec(block)?.[1] ?? '';
    out.push({
      status: m[1],
      callId: header('Call-ID'),
      cseq: header('CSeq'),
      tag: header('X-Scenario'),
    });
  }
  return out;
}

test(
  'hot apply at 1,000 calls/s under SIPp load: in-flight calls keep theirs, new calls use the new one',
  { skip: sippRequirement(), timeout: 120_000 },
  async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-server-'));
    const file = path.join(dir, 'tagged.xml');
    writeFileSync(file, taggedUas('A', 200));
    const [sipPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
    // 3 s of load at 1,000 calls/s; the 200 ms pause keeps about 200 calls in flight.
    const calls = 3000;
    let server: Peer | undefined;
    let sipp: Peer | undefined;
    try {
      server = startServerBin(dir, sipPort, ['-sf', file]);
      const base = await serverReady(server, sipPort);
      sipp = startSippUac(dir, sipPort, uacPort, 1000, calls, ['-trace_msg']);
      // Mid-run: calls have been answered with A.
      const deadline = Date.now() + 20_000;
      while (((await call(`${base}/stats`)).body.total_calls as number) < 1000) {
        assert.ok(Date.now() < deadline, `no traffic\n${describeRun(server)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const put = await call(`${base}/scenario?apply=true`, xmlInit('PUT', taggedUas('B', 200)));
      assert.deepEqual(put.body, { written: file, applied: true });
      assert.equal(await sipp.exit(60_000), 0, `sipp: a call failed\n${describeRun(sipp)}`);

      const stats = (await call(`${base}/stats`)).body;
      assert.equal(stats.total_calls, calls);
      assert.equal(stats.failed_calls, 0);
      assert.match(readFileSync(file, 'latin1'), /X-Scenario: B/);

      const log = readdirSync(dir).find((n) => /_messages\.log$/.test(n));
      assert.ok(log, `no sipp message trace in ${dir}`);
      const responses = receivedResponses(readFileSync(path.join(dir, log), 'latin1'));
      // A call's first 180: under load SIPp may retransmit an INVITE, and the server answers a
      // retransmission with the call's last message again, a 180 that says nothing new.
      const seen = new Set<string>();
      const ringing = responses.filter(
        (r) => r.status.startsWith('180') && !seen.has(r.callId) && seen.add(r.callId),
      );
      const answered = responses.filter((r) => r.status.startsWith('200') && /INVITE/.test(r.cseq));
      assert.equal(new Set(ringing.map((r) => r.callId)).size, calls);
      // Each call answered by one scenario from its 180 to its 200.
      const tagOf = new Map(ringing.map((r) => [r.callId, r.tag]));
      for (const r of answered) assert.equal(r.tag, tagOf.get(r.callId), r.callId);
      const firstB = ringing.findIndex((r) => r.tag === 'B');
      assert.ok(firstB > 0, 'some calls before the apply, some after');
      // After the first call on B, every new call is on B.
      assert.deepEqual(
        ringing.slice(firstB).filter((r) => r.tag !== 'B'),
        [],
        'a call started on the old scenario after the apply',
      );
      // Calls in flight at the apply finished on A after B was in use.
      const firstBAt = responses.indexOf(ringing[firstB]);
      const lateA = answered.filter((r) => r.tag === 'A' && responses.indexOf(r) > firstBAt);
      assert.ok(lateA.length > 0, 'no call in flight at the apply finished on the old scenario');

      server.kill('SIGTERM');
      assert.equal(await server.exit(15_000), 0, describeRun(server));
      assert.match(server.stdout(), /stopped \(drained\): 3000 calls, 3000 successful, 0 failed/);
    } finally {
      killRunning([server, sipp]);
    }
  },
);

test(
  'SIGTERM drains: calls in flight finish, no new call starts, exit 0',
  { skip: sippRequirement(), timeout: 30_000 },
  async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-server-'));
    const file = path.join(dir, 'slow.xml');
    writeFileSync(file, taggedUas('S', 1500));
    const [sipPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
    let server: Peer | undefined;
    let sipp: Peer | undefined;
    try {
      server = startServerBin(dir, sipPort, ['-sf', file]);
      const base = await serverReady(server, sipPort);
      sipp = startSippUac(dir, sipPort, uacPort, 50, 20);
      const deadline = Date.now() + 10_000;
      while (((await call(`${base}/stats`)).body.total_calls as number) < 20) {
        assert.ok(Date.now() < deadline, describeRun(server));
        await new Promise((r) => setTimeout(r, 20));
      }
      // All 20 calls are in their 1.5 s pause now.
      assert.equal((await call(`${base}/stats`)).body.active_calls, 20);
      server.kill('SIGTERM');
      assert.equal(await server.exit(15_000), 0, describeRun(server));
      assert.match(server.stderr(), /SIGTERM: draining, 20 call\(s\) in flight/);
      assert.match(server.stdout(), /stopped \(drained\): 20 calls, 20 successful, 0 failed/);
      assert.equal(await sipp.exit(15_000), 0, describeRun(sipp));
    } finally {
      killRunning([server, sipp]);
    }
  },
);

test(
  '-api_addr beside a one-shot run: the achieved rate follows POST /control, pause stops calls',
  { skip: sippRequirement(), timeout: 60_000 },
  async () => {
    requireBuiltBin();
    const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
    let uas: Peer | undefined;
    let ours: Peer | undefined;
    try {
      uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(uasPort), '-nostdin']);
      await waitForUdpListener(uasPort, uas);
      ours = startGossipper([
        '-sn',
        'uac',
        `127.0.0.1:${uasPort}`,
        '-i',
        '127.0.0.1',
        '-p',
        String(uacPort),
        '-r',
        '20',
        '-nostdin',
        '-api_addr',
        '127.0.0.1:0',
        '-timeout',
        '40',
      ]);
      const base = await apiBase(ours, 'stderr');
      // An open API beside a one-shot run says so too (the line after the API's own).
      await until(
        async () =>
          /gossipper: WARNING: the HTTP API on 127\.0\.0\.1:\d+ has no auth/.test(ours!.stderr()),
        'the open-API warning',
      );
      const created = async (): Promise<number> =>
        (await call(`${base}/stats`)).body.total_calls as number;
      const rateOver = async (ms: number): Promise<number> => {
        const before = await created();
        const t0 = Date.now();
        await new Promise((r) => setTimeout(r, ms));
        return ((await created()) - before) / ((Date.now() - t0) / 1000);
      };
      await new Promise((r) => setTimeout(r, 500));
      const slow = await rateOver(2000);
      assert.ok(slow > 14 && slow < 26, `at -r 20: ${slow} calls/s`);
      const set = await call(`${base}/control`, jsonInit('POST', { rate: 100 }));
      assert.deepEqual(set.body, { rate: 100, paused: false });
      await new Promise((r) => setTimeout(r, 300));
      const fast = await rateOver(2000);
      assert.ok(fast > 80 && fast < 120, `after POST rate 100: ${fast} calls/s`);
      await call(`${base}/control`, jsonInit('POST', { pause: true }));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await rateOver(1000), 0, 'paused, yet calls were created');
      const stats = (await call(`${base}/stats`)).body;
      assert.equal(stats.failed_calls, 0);
      ours.kill('SIGINT');
      await ours.exit(15_000);
    } finally {
      killRunning([ours, uas]);
    }
  },
);

test(
  'the default management scenario answers SIPp calls and an OPTIONS ping',
  { skip: sippRequirement(), timeout: 30_000 },
  async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-server-'));
    const [sipPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
    let server: Peer | undefined;
    let sipp: Peer | undefined;
    const ping = createSocket('udp4');
    try {
      server = startGossipper(
        ['server', '-i', '127.0.0.1', '-p', String(sipPort), '-api_addr', '127.0.0.1:0'],
        dir,
      );
      const base = await apiBase(server, 'stdout');
      assert.match(server.stdout(), /scenario "management" \(server mode\)/);
      await waitForUdpListener(sipPort, server);
      // No -api_token, no users: the API is open, and the server says so at start.
      assert.match(
        server.stderr(),
        /gossipper server: WARNING: the HTTP API on 127\.0\.0\.1:\d+ has no authentication/,
      );
      ping.bind(0, '127.0.0.1');
      await once(ping, 'listening');
      const answered = once(ping, 'message') as Promise<[Buffer]>;
      ping.send(buildRequest('OPTIONS', { callId: 'ping-1', cseq: 1 }), sipPort, '127.0.0.1');
      const reply = parseSipMessage((await answered)[0]) as SipMessage;
      assert.equal(reply.startLine, 'SIP/2.0 200 OK');
      assert.match(reply.header('Allow') ?? '', /OPTIONS/);
      sipp = startSippUac(dir, sipPort, uacPort, 50, 20);
      assert.equal(await sipp.exit(20_000), 0, describeRun(sipp));
      const stats = (await call(`${base}/stats`)).body;
      assert.equal(stats.total_calls, 21);
      assert.equal(stats.failed_calls, 0);
      server.kill('SIGTERM');
      assert.equal(await server.exit(15_000), 0, describeRun(server));
    } finally {
      ping.close();
      killRunning([server, sipp]);
    }
  },
);
