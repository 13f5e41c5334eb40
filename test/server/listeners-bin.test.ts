// `listeners[]` in a server profile: one SIP bind each (UDP and TCP on one port, a second UDP
// port), all on the primary's scenario: listed by /transports, toggled one by one (new dialogs
// only), and hot-reloaded together by POST /scenario/apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
import { buildRequest } from '../peers/memory-transport.ts';
import { parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { answering, call, jsonInit, xmlInit } from './api-fixture.ts';
import { apiBase, statsById } from './server-peer.ts';

/** An OPTIONS ping: the answer, or undefined when none came within 400 ms. */
async function ping(port: number, callId: string): Promise<SipMessage | undefined> {
  const peer = createSocket('udp4');
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  try {
    const reply = once(peer, 'message').then(([buf]) => parseSipMessage(buf as Buffer));
    peer.send(buildRequest('OPTIONS', { callId, cseq: 1 }), port, '127.0.0.1');
    const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 400));
    return (await Promise.race([reply, timeout])) as SipMessage | undefined;
  } finally {
    peer.close();
  }
}

test(
  'listeners: three binds of one scenario, toggled one by one, reloaded together',
  { skip: sippRequirement(), timeout: 60_000 },
  async () => {
    requireBuiltBin();
    const [portA, portB, sippPort] = [
      await freeUdpPort(),
      await freeUdpPort(),
      await freeUdpPort(),
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-listeners-'));
    const file = path.join(dir, 'multi.json');
    writeFileSync(
      file,
      JSON.stringify({
        api_addr: '127.0.0.1:0',
        listeners: [
          { transport: 'udp', local_ip: '127.0.0.1', local_port: portA },
          { transport: 'tcp', local_ip: '127.0.0.1', local_port: portA },
          { transport: 'udp', local_ip: '127.0.0.1', local_port: portB },
        ],
      }),
    );
    let server: Peer | undefined;
    let sipp: Peer | undefined;
    try {
      server = startGossipper(['server', '-config', file], dir);
      const base = await apiBase(server, 'stdout');
      await waitForUdpListener(portB, server);
      const listeners = (await call(`${base}/transports`)).body.listeners as Array<
        Record<string, unknown>
      >;
      assert.deepEqual(
        listeners.map((l) => [l.index, l.transport, l.local_port, l.scenario_name, l.enabled]),
        [
          [0, 'udp', portA, 'management', true],
          [1, 'tcp', portA, 'management', true],
          [2, 'udp', portB, 'management', true],
        ],
      );
      assert.equal((await ping(portB, 'b-1'))?.startLine, 'SIP/2.0 200 OK');
      sipp = startSipp(
        [
          '-sn',
          'uac',
          `127.0.0.1:${portA}`,
          '-t',
          't1',
          '-i',
          '127.0.0.1',
          '-p',
          String(sippPort),
        ].concat(['-m', '5', '-r', '10', '-nostdin']),
        dir,
      );
      assert.equal(await sipp.exit(20_000), 0, `calls over the TCP listener\n${describeRun(sipp)}`);

      const off = await call(`${base}/transports`, jsonInit('POST', { index: 2, enabled: false }));
      const enabled = (off.body.listeners as Array<{ enabled: boolean }>).map((l) => l.enabled);
      assert.deepEqual(enabled, [true, true, false]);
      assert.equal(await ping(portB, 'b-2'), undefined, 'a disabled listener took a dialog');
      assert.equal((await ping(portA, 'a-1'))?.startLine, 'SIP/2.0 200 OK');

      const applied = await call(`${base}/scenario/apply`, xmlInit('POST', answering('B')));
      assert.deepEqual(applied.body, { applied: true });
      await call(`${base}/transports`, jsonInit('POST', { index: 2, enabled: true }));
      for (const port of [portA, portB])
        assert.equal((await ping(port, `after-${port}`))?.header('X-Scenario'), 'B', `${port}`);

      const stats = await statsById(base);
      assert.deepEqual([...stats.keys()], ['primary', 'primary-l1', 'primary-l2']);
      assert.equal(stats.get('primary-l1')?.success_calls, 5);
      server.kill('SIGTERM');
      assert.equal(await server.exit(20_000), 0, describeRun(server));
    } finally {
      killRunning([sipp, server]);
    }
  },
);
