/**
 * Issue 12, defect 4: `-i` must be an address (or a name that resolves, as SIPp's getaddrinfo
 * allows), and the sockets bind to it. An invalid -i used to go on the wire in Via, From,
 * Contact and Call-ID while the run exited 0, and -i 127.0.0.1 still listened on 0.0.0.0.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import {
  freeUdpPort,
  killRunning,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { waitForTcpListener } from '../interop/tcp-listen-wait.ts';

/** Local addresses ("0100007F:13C4") bound to `port` in a /proc/net table, upper case hex. */
function boundAddresses(table: 'udp' | 'tcp', port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync(`/proc/net/${table}`, 'latin1')
    .split('\n')
    .slice(1)
    .map((row) => row.trim().split(/\s+/)[1] ?? '')
    .filter((local) => local.endsWith(`:${hexPort}`));
}

const LOOPBACK_HEX = '0100007F';
const ANY_HEX = '00000000';

describe('-i: invalid addresses end the run with 255', () => {
  for (const bad of ['999.1.1.1', 'not-an-ip.invalid', '1.2.3']) {
    it(`-i ${bad}`, { timeout: 15_000 }, async () => {
      const io = fakeIo();
      const code = await main(
        ['-sn', 'uas', '-i', bad, '-p', String(await freeUdpPort()), '-m', '1', '-nostdin'],
        io,
      );
      assert.equal(code, 255);
      assert.match(
        io.err(),
        new RegExp(
          `^gossipper: Can't get local IP address: -i "${bad.replaceAll('.', '\\.')}" is not an IP address`,
          'm',
        ),
      );
      assert.match(io.err(), /^hint: /m);
      assert.equal(io.out(), '', 'nothing ran');
    });
  }

  it('-i of another family than the remote', { timeout: 15_000 }, async () => {
    const io = fakeIo();
    const code = await main(
      [
        '-sn',
        'uac',
        '127.0.0.1:5060',
        '-i',
        '::1',
        '-p',
        String(await freeUdpPort()),
        '-m',
        '1',
        '-nostdin',
      ],
      io,
    );
    assert.equal(code, 255);
    assert.match(io.err(), /-i ::1 is IPv6 but the remote 127\.0\.0\.1 is IPv4/);
  });
});

describe('-i: the sockets bind to it', () => {
  const cases: Array<{ name: string; args: string[]; table: 'udp' | 'tcp'; expect: string }> = [
    {
      name: 'UDP with -i 127.0.0.1',
      args: ['-i', '127.0.0.1'],
      table: 'udp',
      expect: LOOPBACK_HEX,
    },
    {
      name: 'UDP with -i localhost (a name, resolved once)',
      args: ['-i', 'localhost'],
      table: 'udp',
      expect: LOOPBACK_HEX,
    },
    {
      name: 'TCP listener with -i 127.0.0.1',
      args: ['-i', '127.0.0.1', '-t', 't1'],
      table: 'tcp',
      expect: LOOPBACK_HEX,
    },
    { name: 'UDP without -i: every interface, as SIPp', args: [], table: 'udp', expect: ANY_HEX },
  ];
  for (const c of cases) {
    it(c.name, { timeout: 15_000 }, async () => {
      const port = await freeUdpPort();
      let uas: Peer | undefined;
      try {
        uas = startGossipper(['-sn', 'uas', '-p', String(port), ...c.args, '-nostdin']);
        if (c.table === 'udp') await waitForUdpListener(port, uas);
        else await waitForTcpListener(port, uas);
        assert.deepEqual(boundAddresses(c.table, port), [
          `${c.expect}:${port.toString(16).toUpperCase().padStart(4, '0')}`,
        ]);
      } finally {
        killRunning([uas]);
      }
    });
  }
});

describe('-i: SIPp 3.6.1 refuses an invalid one with 255 too', { skip: sippRequirement() }, () => {
  it('sipp -i 999.1.1.1', { timeout: 15_000 }, async () => {
    let sipp: Peer | undefined;
    try {
      sipp = startSipp([
        '-sn',
        'uas',
        '-i',
        '999.1.1.1',
        '-p',
        String(await freeUdpPort()),
        '-m',
        '1',
        '-nostdin',
      ]);
      assert.equal(await sipp.exit(10_000), 255);
      assert.match(sipp.stdout() + sipp.stderr(), /Can't get local IP address/);
    } finally {
      killRunning([sipp]);
    }
  });
});
