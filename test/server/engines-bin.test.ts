// Several engines in one `gossipper server` process (the built bin), driven over the API: a
// composite config answering SIPp's UAC load while its own client engine loads a SIPp UAS, the
// client's achieved rate following POST /control; and dynamic clients started, observed in
// /stats and /live, and stopped one at a time while the others go on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
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
import { call, jsonInit } from './api-fixture.ts';
import { achievedRate, apiBase, statsById, until } from './server-peer.ts';

function writeConfig(value: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-engines-'));
  const file = path.join(dir, 'composite.json');
  writeFileSync(file, JSON.stringify(value, null, 2));
  return { dir, file };
}

test(
  'composite config under SIPp load: every engine in /stats, a client follows POST /control',
  { skip: sippRequirement(), timeout: 90_000 },
  async () => {
    requireBuiltBin();
    const [serverPort, sippUasPort, sippUacPort] = [
      await freeUdpPort(),
      await freeUdpPort(),
      await freeUdpPort(),
    ];
    const target = `127.0.0.1:${sippUasPort}`;
    const { dir, file } = writeConfig({
      local_ip: '127.0.0.1',
      api_addr: '127.0.0.1:0',
      server: { id: 'edge', scenario_name: 'uas', local_port: serverPort },
      clients: [
        { id: 'load', scenario_name: 'uac', remote_addr: target, rate: 20, local_port: 0 },
        { id: 'trickle', scenario_name: 'uac', remote_addr: target, rate: 5, local_port: 0 },
      ],
    });
    let uas: Peer | undefined;
    let server: Peer | undefined;
    let uac: Peer | undefined;
    try {
      uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sippUasPort), '-nostdin']);
      await waitForUdpListener(sippUasPort, uas);
      server = startGossipper(['server', '-config', file], dir);
      const base = await apiBase(server, 'stdout');
      await waitForUdpListener(serverPort, server);
      assert.match(server.stdout(), /engine "edge": SIP UDP 127\.0\.0\.1:\d+, scenario "uas"/);
      assert.match(server.stdout(), /engine "load": .* \(client mode\) to 127\.0\.0\.1:\d+/);
      const calls = 150;
      uac = startSipp(
        [
          '-sn',
          'uac',
          `127.0.0.1:${serverPort}`,
          '-i',
          '127.0.0.1',
          '-p',
          String(sippUacPort),
          '-r',
          '50',
          '-m',
          String(calls),
          '-nostdin',
        ],
        dir,
      );
      const ids = [...(await statsById(base)).keys()];
      assert.deepEqual(ids, ['edge', 'load', 'trickle']);
      await new Promise((r) => setTimeout(r, 500));
      const slow = await achievedRate(base, 'load', 2000);
      assert.ok(slow > 14 && slow < 26, `load at rate 20: ${slow} calls/s`);
      const set = await call(`${base}/control`, jsonInit('POST', { engine_id: 'load', rate: 100 }));
      assert.deepEqual(set.body, {
        multi: true,
        engines: [
          { id: 'edge', rate: 10, paused: false },
          { id: 'load', rate: 100, paused: false },
          { id: 'trickle', rate: 5, paused: false },
        ],
      });
      await new Promise((r) => setTimeout(r, 300));
      const fast = await achievedRate(base, 'load', 2000);
      assert.ok(fast > 80 && fast < 120, `load after POST rate 100: ${fast} calls/s`);
      const other = await achievedRate(base, 'trickle', 2000);
      assert.ok(other > 2 && other < 8, `trickle, untouched: ${other} calls/s`);
      // A client row paused through /transports creates nothing.
      const rows = await call(
        `${base}/transports`,
        jsonInit('POST', { clients: [{ id: 'trickle', accepting: false }] }),
      );
      const trickle = (rows.body.clients as Array<{ id: string; accepting: boolean }>).find(
        (c) => c.id === 'trickle',
      );
      assert.equal(trickle?.accepting, false);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await achievedRate(base, 'trickle', 1000), 0, 'paused, yet it placed calls');

      assert.equal(await uac.exit(30_000), 0, `SIPp's calls to the server\n${describeRun(uac)}`);
      const stats = await statsById(base);
      assert.equal(stats.get('edge')?.total_calls, calls);
      for (const [id, s] of stats) assert.equal(s.failed_calls, 0, `engine ${id}`);
      server.kill('SIGTERM');
      assert.equal(await server.exit(20_000), 0, describeRun(server));
      assert.match(server.stdout(), /stopped "edge" \(drained\): 150 calls, 150 successful/);
      assert.match(
        server.stdout(),
        /engine "load" \(drained\): \d+ calls, \d+ successful, 0 failed/,
      );
    } finally {
      killRunning([uac, server, uas]);
    }
  },
);

test(
  'dynamic clients: started, seen in /stats and /live, stopped one at a time',
  { timeout: 60_000 },
  async () => {
    requireBuiltBin();
    const serverPort = await freeUdpPort();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-dynamic-'));
    const outside = path.join(tmpdir(), `gossipper-outside-${process.pid}.json`);
    let server: Peer | undefined;
    let ws: WebSocket | undefined;
    try {
      // The built-in management scenario answers uac's calls.
      server = startGossipper(
        ['server', '-i', '127.0.0.1', '-p', String(serverPort), '-api_addr', '127.0.0.1:0'],
        dir,
      );
      const base = await apiBase(server, 'stdout');
      await waitForUdpListener(serverPort, server);
      assert.equal('multi' in (await call(`${base}/stats`)).body, false, 'one engine: bare');
      const body = (id: string): RequestInit =>
        jsonInit('POST', {
          id,
          scenario_name: 'uac',
          remote_addr: `127.0.0.1:${serverPort}`,
          local_ip: '127.0.0.1',
          local_port: 0,
          rate: 20,
        });
      for (const id of ['d1', 'd2']) {
        const started = await call(`${base}/clients`, body(id));
        assert.equal(started.status, 201, JSON.stringify(started.body));
        assert.deepEqual(started.body, { id, started: true });
      }
      const refusals: Array<[RequestInit, number, RegExp]> = [
        [jsonInit('POST', { api_addr: ':1', remote_addr: 'x:1' }), 400, /"api_addr": not allowed/],
        [jsonInit('POST', { scenario_name: 'uas' }), 400, /"uas" is a server scenario/],
        [jsonInit('POST', { speed: 3 }), 400, /unknown key "speed"/],
        [jsonInit('POST', { rate: -1 }), 400, /"rate" must be a number >= 0/],
        [jsonInit('POST', '[1]'), 400, /the body must be a JSON object|expected record/],
        [jsonInit('POST', '{"rate":'), 400, /malformed JSON/],
        [{ method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }, 415, /json/],
        // Files named by a body stay inside the server's directory, by key or by extra_args.
        [
          jsonInit('POST', { scenario_file: '../uac.xml', remote_addr: `127.0.0.1:${serverPort}` }),
          400,
          /-sf \S*uac\.xml is outside the server.s directory/,
        ],
        [
          jsonInit('POST', {
            scenario_name: 'uac',
            remote_addr: `127.0.0.1:${serverPort}`,
            extra_args: ['-summary_json', outside],
          }),
          400,
          /-summary_json \S+ is outside the server.s directory/,
        ],
      ];
      for (const [init, status, error] of refusals) {
        const res = await call(`${base}/clients`, init);
        assert.equal(res.status, status, String(init.body));
        assert.match(String(res.body.error), error);
      }
      assert.equal(existsSync(outside), false, 'a refused body wrote its summary outside');
      const taken = await call(`${base}/clients`, body('d1'));
      assert.equal(taken.status, 409);
      assert.match(String(taken.body.error), /engine id "d1" is taken/);
      const listed = (await call(`${base}/clients`)).body;
      assert.deepEqual(listed.dynamic, ['d1', 'd2']);
      assert.deepEqual(listed.dynamic_client_api, { can_post: true, can_delete: true });

      ws = new WebSocket(`${base.replace('http', 'ws')}/live`);
      const frame = await new Promise<{
        stats: { engines: Array<{ id: string }> };
        transports: { clients: Array<{ id: string; dynamic: boolean }> };
      }>((resolve, reject) => {
        ws?.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
        ws?.once('error', reject);
      });
      assert.deepEqual(
        frame.stats.engines.map((e) => e.id),
        ['primary', 'd1', 'd2'],
      );
      assert.deepEqual(
        frame.transports.clients.map((c) => [c.id, c.dynamic]),
        [
          ['d1', true],
          ['d2', true],
        ],
      );
      await until(
        async () => ((await statsById(base)).get('d1')?.success_calls ?? 0) >= 10,
        'calls of d1 to succeed',
      );

      const del = await fetch(`${base}/clients?id=d1`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      const envelope = (await call(`${base}/stats`)).body;
      assert.deepEqual(envelope.dynamic_client_ids, ['d2']);
      const after = await statsById(base);
      assert.deepEqual([...after.keys()], ['primary', 'd2']);
      const again = await call(`${base}/clients?id=d1`, { method: 'DELETE' });
      assert.equal(again.status, 404);
      const config = await call(`${base}/clients?id=primary`, { method: 'DELETE' });
      assert.equal(config.status, 409);
      // d2 and the server go on.
      const rate = await achievedRate(base, 'd2', 1500);
      assert.ok(rate > 12 && rate < 28, `d2 after d1 stopped: ${rate} calls/s`);
      const d2 = (await statsById(base)).get('d2');
      assert.equal(d2?.failed_calls, 0);
      assert.match(server.stderr(), /client "d1" stopped \(DELETE \/api\/v1\/clients\)/);
      ws.close();
      server.kill('SIGTERM');
      assert.equal(await server.exit(20_000), 0, describeRun(server));
    } finally {
      ws?.terminate();
      killRunning([server]);
    }
  },
);
