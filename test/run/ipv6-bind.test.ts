/**
 * `-i ::1` binds every socket to ::1 (UDP and the TCP listener), as SIPp 3.6.1 does (observed with
 * ss: `[::1]:port`); a client of a [::1] remote without -i binds to every IPv6 address (`::`).
 * Read from /proc/net/{udp6,tcp6}.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { freeV6Port, ipv6Requirement } from '../peers/ipv6.ts';
import {
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { waitForTcpListener } from '../interop/tcp-listen-wait.ts';

/** ::1 as /proc/net/*6 prints it: four 32-bit words, each in host (little-endian) order. */
const LOOPBACK6_HEX = '00000000000000000000000001000000';
const ANY6_HEX = '0'.repeat(32);

/** Local addresses bound to `port` in /proc/net/{table}, as "HEXADDR:HEXPORT". */
function boundAddresses(table: 'udp6' | 'tcp6', port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync(`/proc/net/${table}`, 'latin1')
    .split('\n')
    .slice(1)
    .map((row) => row.trim().split(/\s+/)[1] ?? '')
    .filter((local) => local.endsWith(`:${hexPort}`));
}

describe('IPv6 binding', { skip: ipv6Requirement() }, () => {
  const cases: Array<{
    name: string;
    args: string[];
    table: 'udp6' | 'tcp6';
    expect: string;
  }> = [
    {
      name: 'UDP uas with -i ::1',
      args: ['-sn', 'uas', '-i', '::1'],
      table: 'udp6',
      expect: LOOPBACK6_HEX,
    },
    {
      name: 'TCP listener with -i ::1',
      args: ['-sn', 'uas', '-i', '::1', '-t', 't1'],
      table: 'tcp6',
      expect: LOOPBACK6_HEX,
    },
    {
      // Nothing answers on the discard port: the client only has to bind.
      name: 'UDP uac to [::1] without -i: every IPv6 address',
      args: ['-sn', 'uac', '[::1]:9', '-r', '1'],
      table: 'udp6',
      expect: ANY6_HEX,
    },
  ];
  for (const c of cases) {
    it(c.name, { timeout: 15_000 }, async () => {
      requireBuiltBin();
      const port = await freeV6Port();
      let peer: Peer | undefined;
      try {
        peer = startGossipper([...c.args, '-p', String(port), '-m', '1', '-nostdin']);
        if (c.table === 'udp6') await waitForUdpListener(port, peer);
        else await waitForTcpListener(port, peer);
        const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
        assert.deepEqual(boundAddresses(c.table, port), [`${c.expect}:${hexPort}`]);
      } finally {
        killRunning([peer]);
      }
    });
  }
});
