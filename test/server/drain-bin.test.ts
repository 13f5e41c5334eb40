// SIGTERM on `gossipper server` under SIPp load when calls outlast -drain_timeout: no new call
// is taken once the drain begins (SIPp keeps sending INVITEs), the calls in flight are ended
// when the bound passes, and the server exits 0 soon after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { call } from './api-fixture.ts';
import { serverReady, startServerBin, startSippUac } from './server-peer.ts';

/** A UAS that rings, then waits a minute before answering: every call outlives the drain. */
const SLOW_UAS = `<?xml version="1.0"?>
<scenario name="slow">
<recv request="INVITE"/>
<send><![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]T[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<pause milliseconds="60000"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]T[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port]>
Content-Length: 0

]]></send>
<recv request="ACK"/>
</scenario>
`;

async function stderrMatch(peer: Peer, re: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = re.exec(peer.stderr());
    if (m) return m;
    assert.ok(Date.now() < deadline, `no ${re} on stderr\n${describeRun(peer)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test(
  'SIGTERM past -drain_timeout: no new call after the signal, the open ones ended, exit 0',
  { skip: sippRequirement(), timeout: 60_000 },
  async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-drain-'));
    const file = path.join(dir, 'slow.xml');
    writeFileSync(file, SLOW_UAS);
    const [sipPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
    let server: Peer | undefined;
    let sipp: Peer | undefined;
    try {
      server = startServerBin(dir, sipPort, ['-sf', file, '-drain_timeout', '1']);
      const base = await serverReady(server, sipPort);
      // SIPp places calls all along, so INVITEs keep coming during the drain.
      sipp = startSippUac(dir, sipPort, uacPort, 50, 5000);
      const deadline = Date.now() + 10_000;
      while (((await call(`${base}/stats`)).body.active_calls as number) < 10) {
        assert.ok(Date.now() < deadline, describeRun(server));
        await new Promise((r) => setTimeout(r, 20));
      }
      server.kill('SIGTERM');
      // Every call created so far is in flight (the UAS holds each for a minute), so the count
      // the drain logs is every call created before it; the server must end with no more.
      const drain = await stderrMatch(
        server,
        /SIGTERM: draining, (\d+) call\(s\) in flight \(at most 1 s\)/,
        5000,
      );
      const atDrain = Number(drain[1]);
      const ended = await stderrMatch(
        server,
        /drain timeout reached: ending (\d+) call\(s\) in flight/,
        5000,
      );
      assert.ok(Number(ended[1]) >= 10, ended[0]);
      assert.equal(await server.exit(10_000), 0, describeRun(server));
      const stopped = /stopped \(drained\): (\d+) calls, (\d+) successful, (\d+) failed/.exec(
        server.stdout(),
      );
      assert.ok(stopped, describeRun(server));
      assert.equal(Number(stopped[1]), atDrain, 'a call was created after the drain began');
      // Every call created was one of those in flight: none had ended before the signal.
      assert.equal(Number(stopped[2]) + Number(stopped[3]), atDrain);
    } finally {
      killRunning([server, sipp]);
    }
  },
);
