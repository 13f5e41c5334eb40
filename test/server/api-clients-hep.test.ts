// POST /api/v1/clients takes the HEP keys (docs/hep.md): the dynamic client's engine mirrors
// what it sends to the collector, with its own capture id, and reports its counts when it ends.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DynamicClients, EngineRegistry } from '../../src/server/index.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { startHepCollector } from '../peers/hep-collector.ts';
import { freeUdpPort } from '../peers/processes.ts';

test('a dynamic client with hep_addr mirrors its INVITE', { timeout: 15_000 }, async () => {
  const collector = await startHepCollector();
  const base = mkdtempSync(path.join(tmpdir(), 'gossipper-api-hep-'));
  const io = fakeIo(base);
  const registry = new EngineRegistry();
  const clients = new DynamicClients({ registry, io, log: () => {} });
  // Nothing answers there: the INVITE (and its retransmissions) is all the client sends.
  const silentPort = await freeUdpPort();
  try {
    await clients.start(
      {
        scenario_name: 'uac',
        remote_addr: `127.0.0.1:${silentPort}`,
        local_ip: '127.0.0.1',
        rate: 10,
        total_calls: 1,
        hep_addr: `127.0.0.1:${collector.port}`,
        hep_capture_id: 77,
      },
      'hep',
    );
    await collector.waitFor(1);
  } finally {
    clients.stopAll(true);
    await clients.allFinished();
  }
  const first = collector.packets[0];
  assert.match(first.payload.toString('latin1'), /^INVITE sip:/);
  assert.equal(first.captureId, 77);
  assert.equal(first.dstPort, silentPort);
  assert.equal(first.authKey, undefined, 'no auth key asked for');
  assert.match(io.err(), /engine "hep": HEP: \d+ packets sent to 127\.0\.0\.1:\d+/);
  await collector.close();
});

test(
  'a client body without hep_* keys inherits the server HEP settings',
  { timeout: 15_000 },
  async () => {
    const collector = await startHepCollector();
    const io = fakeIo(mkdtempSync(path.join(tmpdir(), 'gossipper-api-hep-')));
    const registry = new EngineRegistry();
    const hep = {
      addr: { host: '127.0.0.1', port: collector.port },
      captureId: 42,
      password: 'parent-key',
      rtcp: 'off' as const,
      mediaReport: false,
    };
    const clients = new DynamicClients({ registry, io, log: () => {}, hep });
    const silentPort = await freeUdpPort();
    const body = {
      scenario_name: 'uac',
      remote_addr: `127.0.0.1:${silentPort}`,
      local_ip: '127.0.0.1',
      rate: 10,
      total_calls: 1,
    };
    try {
      await clients.start(body, 'inherits');
      await collector.waitFor(1);
      // A body with a hep_* key of its own sets the export alone: no -hep_addr, no export.
      await clients.start({ ...body, hep_capture_id: 5 }, 'own');
    } finally {
      clients.stopAll(true);
      await clients.allFinished();
      await collector.close();
    }
    const first = collector.packets[0];
    assert.match(first.payload.toString('latin1'), /^INVITE sip:/);
    assert.equal(first.captureId, 42);
    assert.equal(first.authKey, 'parent-key');
    assert.match(io.err(), /engine "inherits": HEP: \d+ packets sent/);
    assert.doesNotMatch(io.err(), /engine "own": HEP/);
    assert.ok(
      collector.packets.every((p) => p.captureId === 42),
      'nothing from "own"',
    );
  },
);
