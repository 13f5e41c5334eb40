/**
 * Socket modes against real SIPp 3.6.1: `-t un -max_socket` spreading calls over a few sockets
 * to a SIPp UAS, and a `-t t1` client whose SIPp UAS is killed mid-run and started again, with
 * and without `-max_reconnect`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
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
import { freeTcpPort, waitForTcpListener } from './tcp-listen-wait.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sippUas(port: number, t: string, cwd: string, extra: string[] = []): Peer {
  const args = ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-t', t, '-nostdin'];
  return startSipp([...args, ...extra], cwd);
}

/** A t1 client of `calls` calls at 10/s against a SIPp UAS on `port`, errors in a file. */
function ourT1Client(port: number, dir: string, calls: number, extra: string[]): Peer {
  return startGossipper([
    '-sn',
    'uac',
    `127.0.0.1:${port}`,
    '-i',
    '127.0.0.1',
    '-t',
    't1',
    '-m',
    String(calls),
    '-r',
    '10',
    '-nostdin',
    '-trace_err',
    '-error_file',
    path.join(dir, 'ours-errors.log'),
    ...extra,
  ]);
}

describe('socket modes against SIPp 3.6.1', { skip: sippRequirement() }, () => {
  it(
    '-t un -max_socket 5: the SIPp UAS sees the calls come from three sockets',
    { timeout: 40_000 },
    async () => {
      requireBuiltBin();
      const port = await freeUdpPort();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-maxsock-'));
      let uas: Peer | undefined;
      let ours: Peer | undefined;
      try {
        uas = sippUas(port, 'u1', dir, ['-m', '12', '-trace_msg', '-message_file', 'msg.log']);
        await waitForUdpListener(port, uas);
        ours = startGossipper([
          '-sn',
          'uac',
          `127.0.0.1:${port}`,
          '-i',
          '127.0.0.1',
          '-t',
          'un',
          '-max_socket',
          '5',
          '-d',
          '1000',
          '-m',
          '12',
          '-r',
          '50',
          '-nostdin',
        ]);
        const [code, uasCode] = await Promise.all([ours.exit(30_000), uas.exit(30_000)]);
        assert.equal(code, 0, describeRun(ours));
        assert.equal(uasCode, 0, describeRun(uas));
        assert.equal(parseFinalScreens(ours.stdout()).successful.cumulative, 12);
        assert.equal(parseFinalScreens(uas.stdout()).successful.cumulative, 12);
        const log = readFileSync(path.join(dir, 'msg.log'), 'utf8');
        const vias = log
          .split(/^-+ .*$/m)
          .filter((m) => /^\s*INVITE /m.test(m) && /message received/.test(m))
          .map((m) => /^Via: SIP\/2\.0\/UDP 127\.0\.0\.1:(\d+)/m.exec(m)?.[1]);
        assert.equal(vias.length, 12, log.slice(0, 2000));
        assert.equal(new Set(vias).size, 3, `Via ports: ${vias.join(',')}`);
      } finally {
        killRunning([ours, uas]);
      }
    },
  );

  it(
    '-t ui answering: a SIPp UAC reaches our UAS on each IP of the injection file',
    { timeout: 40_000 },
    async () => {
      requireBuiltBin();
      const port = await freeUdpPort();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-ui-uas-'));
      const csv = path.join(dir, 'ips.csv');
      writeFileSync(csv, 'SEQUENTIAL\n127.0.0.2\n127.0.0.3\n');
      let ours: Peer | undefined;
      const uacs: Peer[] = [];
      try {
        ours = startGossipper([
          '-sn',
          'uas',
          '-t',
          'ui',
          '-inf',
          csv,
          '-p',
          String(port),
          '-m',
          '4',
          '-nostdin',
        ]);
        await waitForUdpListener(port, ours);
        for (const ip of ['127.0.0.2', '127.0.0.3']) {
          const uac = startSipp([
            '-sn',
            'uac',
            `${ip}:${port}`,
            '-i',
            '127.0.0.1',
            '-m',
            '2',
            '-r',
            '10',
            '-nostdin',
          ]);
          uacs.push(uac);
          assert.equal(await uac.exit(20_000), 0, describeRun(uac));
        }
        assert.equal(await ours.exit(20_000), 0, describeRun(ours));
        assert.equal(parseFinalScreens(ours.stdout()).successful.cumulative, 4);
      } finally {
        killRunning([ours, ...uacs]);
      }
    },
  );

  it(
    '-t tn: the SIPp UAS is killed and started again; the run goes on to -m',
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      const port = await freeTcpPort();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-tn-kill-'));
      const calls = 30;
      // SIPp refuses -t tn unless -max_socket is below its open-files limit.
      const uasFlags = ['-max_socket', '1000'];
      let first: Peer | undefined;
      let second: Peer | undefined;
      let ours: Peer | undefined;
      try {
        first = sippUas(port, 'tn', dir, uasFlags);
        await waitForTcpListener(port, first);
        ours = startGossipper([
          '-sn',
          'uac',
          `127.0.0.1:${port}`,
          '-i',
          '127.0.0.1',
          '-t',
          'tn',
          '-m',
          String(calls),
          '-r',
          '10',
          '-d',
          '200',
          '-nostdin',
          '-max_reconnect',
          '3',
        ]);
        await sleep(1000);
        first.kill('SIGKILL');
        await first.exit(5000);
        await sleep(300);
        second = sippUas(port, 'tn', dir, uasFlags);
        await waitForTcpListener(port, second);
        const code = await ours.exit(30_000);
        const s = parseFinalScreens(ours.stdout());
        const ok = s.successful.cumulative ?? 0;
        const failed = s.failed.cumulative ?? 0;
        // The calls in their pause when the UAS died fail (TCP closed); those placed while it was
        // down cannot connect; the rest succeed on both sides of the restart.
        assert.equal(ok + failed, calls, describeRun(ours));
        assert.ok(failed >= 1, describeRun(ours));
        assert.ok(ok >= 15, describeRun(ours));
        assert.ok((s.extras.get('Failed TCP closed') ?? 0) >= 1, describeRun(ours));
        assert.equal(code, 1);
      } finally {
        killRunning([ours, first, second]);
      }
    },
  );

  for (const reconnect of [true, false]) {
    it(
      `-t t1 ${reconnect ? '-max_reconnect 3' : 'without -max_reconnect'}: the SIPp UAS is killed and started again`,
      { timeout: 60_000 },
      async () => {
        requireBuiltBin();
        const port = await freeTcpPort();
        const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-reconnect-'));
        const calls = 30;
        let first: Peer | undefined;
        let second: Peer | undefined;
        let ours: Peer | undefined;
        try {
          first = sippUas(port, 't1', dir);
          await waitForTcpListener(port, first);
          const flags = reconnect ? ['-max_reconnect', '3', '-reconnect_sleep', '1000'] : [];
          ours = ourT1Client(port, dir, calls, flags);
          // A second of calls over the first connection, then the UAS dies under it.
          await sleep(1000);
          first.kill('SIGKILL');
          await first.exit(5000);
          second = sippUas(port, 't1', dir);
          await waitForTcpListener(port, second);
          const code = await ours.exit(30_000);
          const s = parseFinalScreens(ours.stdout());
          const errors = readFileSync(path.join(dir, 'ours-errors.log'), 'utf8');
          if (!reconnect) {
            assert.equal(code, 255, describeRun(ours));
            assert.ok((s.successful.cumulative ?? 0) >= 1, describeRun(ours));
            assert.ok((s.successful.cumulative ?? 0) < calls);
            assert.match(errors, /TCP connection to 127\.0\.0\.1:\d+ (closed|reset)/);
            return;
          }
          // Calls in flight when the UAS died fail (TCP closed); the others succeed, most of
          // them over the connection to the second UAS.
          const ok = s.successful.cumulative ?? 0;
          const failed = s.failed.cumulative ?? 0;
          assert.equal(ok + failed, calls, describeRun(ours));
          assert.ok(ok >= calls - 3, describeRun(ours));
          assert.equal(s.extras.get('Failed TCP closed') ?? 0, failed);
          assert.equal(code, failed > 0 ? 1 : 0);
          assert.match(errors, /reconnecting.*\(reconnection 1 of 3\)/);
          assert.match(errors, /TCP connection re-established from port \d+/);
        } finally {
          killRunning([ours, first, second]);
        }
      },
    );
  }
});
