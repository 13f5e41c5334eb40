// Result files of `gossipper server` (docs/results.md, as on a one-shot run): a server drained
// by SIGTERM under SIPp load leaves its summary JSON (valid against the shipped schema), call
// records, JUnit file and HTML report; a broken gate makes the exit code 2 with its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
import { summarySchema } from '../stats/summary-schema.ts';
import { assertDistinctResultFiles } from '../../src/server/result-files.ts';
import { defaultRunConfig } from '../../src/config/index.ts';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { call } from './api-fixture.ts';
import { serverReady, startServerBin, startSippUac, until } from './server-peer.ts';

test(
  'a drained server writes its summary, records, JUnit and report; a broken gate exits 2',
  { skip: sippRequirement(), timeout: 60_000 },
  async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-server-results-'));
    const [sipPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
    let server: Peer | undefined;
    let sipp: Peer | undefined;
    try {
      server = startServerBin(dir, sipPort, [
        '-sn',
        'uas',
        '-summary_json',
        'summary.json',
        '-call_records_jsonl',
        'calls.jsonl',
        '-summary_html',
        'report.html',
        '-junit',
        'junit.xml',
        '-threshold',
        'failed_calls==0',
        '-threshold',
        'total_calls<5',
      ]);
      const base = await serverReady(server, sipPort);
      sipp = startSippUac(dir, sipPort, uacPort, 50, 20);
      assert.equal(await sipp.exit(20_000), 0, describeRun(sipp));
      await until(
        async () => (await call(`${base}/stats`)).body.success_calls === 20,
        'the 20 calls to end on the server',
      );
      server.kill('SIGTERM');
      assert.equal(await server.exit(15_000), 2, describeRun(server));
      // One line per broken gate, and only for the broken one.
      assert.match(server.stderr(), /gossipper server: gate broken: total_calls<5: broken/);
      assert.equal(server.stderr().match(/gate broken/g)?.length, 1, server.stderr());

      const summary = summarySchema.parse(
        JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')),
      );
      assert.equal(summary.mode, 'server');
      assert.equal(summary.engine_id, 'primary');
      assert.match(summary.run_id, /^\d+-\d+-primary$/);
      assert.equal(summary.total_calls, 20);
      assert.equal(summary.success_calls, 20);
      assert.equal(summary.end_reason, 'interrupted');
      assert.equal(summary.exit_code, 2);
      assert.deepEqual(
        summary.gates?.map((g) => [g.gate, g.pass]),
        [
          ['failed_calls==0', true],
          ['total_calls<5', false],
        ],
      );
      const records = readFileSync(path.join(dir, 'calls.jsonl'), 'utf8').trim().split('\n');
      assert.equal(records.length, 20);
      assert.ok(records.every((l) => (JSON.parse(l) as { success: boolean }).success));
      assert.match(
        readFileSync(path.join(dir, 'junit.xml'), 'utf8'),
        /<testsuite [^>]*tests="2" failures="1"/,
      );
      assert.ok(existsSync(path.join(dir, 'report.html')));
    } finally {
      killRunning([server, sipp]);
    }
  },
);

test('two engines of one server may not write one result file', () => {
  const a = defaultRunConfig();
  a.results.summaryJson = '/srv/summary.json';
  const b = defaultRunConfig();
  b.results.summaryJson = '/srv/summary.json';
  const c = defaultRunConfig();
  c.results.summaryJson = '/srv/c.json';
  c.results.callRecords = '/srv/summary.json';
  assertDistinctResultFiles([
    { id: 'edge', config: a },
    { id: 'load', config: { ...c, results: { ...c.results, callRecords: '/srv/c.jsonl' } } },
  ]);
  assert.throws(
    () =>
      assertDistinctResultFiles([
        { id: 'edge', config: a },
        { id: 'load', config: b },
      ]),
    /engine "edge" -summary_json and engine "load" -summary_json both write \/srv\/summary\.json/,
  );
  assert.throws(
    () =>
      assertDistinctResultFiles([
        { id: 'edge', config: a },
        { id: 'load', config: c },
      ]),
    /engine "edge" -summary_json and engine "load" -call_records_jsonl both write/,
  );
});

test('a composite config whose shared summary_json reaches two engines is refused at start', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-server-results-'));
  writeFileSync(
    path.join(dir, 'hybrid.json'),
    JSON.stringify({
      local_ip: '127.0.0.1',
      api_addr: '127.0.0.1:0',
      summary_json: 'summary.json',
      server: { scenario_name: 'uas', local_port: 0 },
      clients: [{ id: 'load', scenario_name: 'uac', remote_addr: '127.0.0.1:5999' }],
    }),
  );
  const io = fakeIo(dir);
  assert.notEqual(await main(['server', '-config', 'hybrid.json'], io), 0);
  assert.match(
    io.err(),
    /engine "primary" -summary_json and engine "load" -summary_json both write .*summary\.json/,
  );
  assert.doesNotMatch(io.out(), /HTTP API v1 at/, 'nothing started');
});
