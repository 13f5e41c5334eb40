// The summary's UDP drop counters (generator.udp_receive_buffer_errors, udp_in_errors): read from
// /proc/net/snmp, and on Linux checked against the kernel itself by overflowing a socket's
// receive buffer while this process cannot read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readUdpDrops } from '../../src/output/udp-drops.ts';

const SNMP = `Ip: Forwarding DefaultTTL InReceives
Ip: 1 64 100
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 5000 3 17 4000 12 0 0 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 0 99 0 99 0 0 0 0
`;

test('the Udp: lines of /proc/net/snmp by column name, not UdpLite; no file, no figures', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-snmp-'));
  const file = path.join(dir, 'snmp');
  writeFileSync(file, SNMP);
  assert.deepEqual(readUdpDrops(file), { inErrors: 17, rcvbufErrors: 12 });
  assert.equal(readUdpDrops(path.join(dir, 'none')), undefined);
  writeFileSync(file, 'Ip: Forwarding\nIp: 1\n');
  assert.equal(readUdpDrops(file), undefined);
});

test(
  'a receive buffer overflowed while the loop is blocked shows in RcvbufErrors',
  { skip: !existsSync('/proc/net/snmp') && 'needs Linux /proc/net/snmp' },
  async () => {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 4096 });
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const before = readUdpDrops();
    assert.ok(before !== undefined);
    // spawnSync blocks this event loop while the child floods the socket: nothing reads it, so
    // the kernel drops what does not fit and counts it.
    const flood = spawnSync(process.execPath, [
      '-e',
      `const s = require('node:dgram').createSocket('udp4');
       const b = Buffer.alloc(1000);
       let n = 0;
       const next = () => n++ < 2000 ? s.send(b, ${socket.address().port}, '127.0.0.1', next) : s.close();
       next();`,
    ]);
    assert.equal(flood.status, 0, String(flood.stderr));
    const after = readUdpDrops();
    socket.close();
    assert.ok(after !== undefined);
    assert.ok(
      after.rcvbufErrors - before.rcvbufErrors > 0,
      `RcvbufErrors ${before.rcvbufErrors} -> ${after.rcvbufErrors}`,
    );
    assert.ok(after.inErrors >= before.inErrors);
  },
);
