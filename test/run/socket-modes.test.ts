/**
 * SIPp's socket modes end to end, in-process through main() against stateless answerers on
 * loopback: `-max_socket` (calls share sockets round-robin past the cap), `-t ui` (one socket per
 * local IP from the injection file), and `-t t1` with `-max_reconnect` / `-reconnect_close` /
 * `-reconnect_sleep` when the peer closes the connection mid-run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { parseFinalScreens } from '../peers/final-screens.ts';
import { freeUdpPort } from '../peers/processes.ts';
import { statelessTcpUas, statelessUdpUas } from '../peers/stateless-uas.ts';

/** One run; `errors` is its -trace_err file (stderr keeps only the last error, as SIPp's). */
async function run(
  args: string[],
): Promise<{ code: number; out: string; err: string; errors: string }> {
  const io = fakeIo();
  const errorFile = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-sockets-')), 'err.log');
  const code = await main(
    [...args, '-i', '127.0.0.1', '-nostdin', '-trace_err', '-error_file', errorFile],
    io,
  );
  const errors = existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : '';
  return { code, out: io.out(), err: io.err(), errors };
}

function counts(out: string): { ok: number; failed: number; tcpClosed: number } {
  const s = parseFinalScreens(out);
  return {
    ok: s.successful.cumulative ?? 0,
    failed: s.failed.cumulative ?? 0,
    tcpClosed: s.extras.get('Failed TCP closed') ?? 0,
  };
}

describe('-max_socket', () => {
  it(
    '-t un -max_socket 5: three call sockets (SIPp counts the SIP-port and control ones), used in turn',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessUdpUas();
      try {
        // -d 1000 keeps every call open while the others start: 10 calls need 10 sockets at once.
        const r = await run([
          '-sn',
          'uac',
          `127.0.0.1:${uas.port}`,
          '-t',
          'un',
          '-max_socket',
          '5',
          '-d',
          '1000',
          '-m',
          '10',
          '-r',
          '50',
          '-p',
          String(await freeUdpPort()),
        ]);
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(counts(r.out), { ok: 10, failed: 0, tcpClosed: 0 });
        const ports = uas.invites.map((i) => i.port);
        const distinct = [...new Set(ports)];
        assert.equal(distinct.length, 3, `ports used: ${ports.join(',')}`);
        // Round-robin once the cap is reached: the 4th call goes out on the 1st call's socket...
        assert.deepEqual(ports.slice(3, 6), ports.slice(0, 3));
      } finally {
        await uas.close();
      }
    },
  );

  it(
    '-t tn -max_socket 4: two connections carry all the calls; the default opens one per call',
    { timeout: 30_000 },
    async () => {
      for (const [flags, expected] of [
        [['-max_socket', '4'], 2],
        [[], 6],
      ] as const) {
        const uas = await statelessTcpUas();
        try {
          const r = await run([
            '-sn',
            'uac',
            `127.0.0.1:${uas.port}`,
            '-t',
            'tn',
            ...flags,
            '-d',
            '1000',
            '-m',
            '6',
            '-r',
            '50',
            '-p',
            String(await freeUdpPort()),
          ]);
          assert.equal(r.code, 0, r.err);
          assert.equal(counts(r.out).ok, 6);
          assert.equal(uas.connections.length, expected);
          assert.equal(new Set(uas.invites.map((i) => i.connection)).size, expected);
        } finally {
          await uas.close();
        }
      }
    },
  );

  it('-max_socket 2 is refused: no call could get a socket', { timeout: 30_000 }, async () => {
    const r = await run(['-sn', 'uac', '127.0.0.1:9', '-t', 'un', '-max_socket', '2']);
    assert.equal(r.code, 1);
    assert.match(r.err, /-max_socket: 2 is too small \(expected at least 3\)/);
  });
});

describe('-t ui', () => {
  it("each call sends from the socket of its injection line's IP, on the SIP port", async () => {
    const uas = await statelessUdpUas();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-ui-'));
    const csv = path.join(dir, 'ips.csv');
    writeFileSync(
      csv,
      'SEQUENTIAL\nalice;127.0.0.2\nbob;127.0.0.3\ncarol;127.0.0.2\ndave;127.0.0.4\n',
    );
    const sipPort = await freeUdpPort();
    try {
      const r = await run([
        '-sn',
        'uac',
        `127.0.0.1:${uas.port}`,
        '-t',
        'ui',
        '-inf',
        csv,
        '-ip_field',
        '1',
        '-m',
        '4',
        '-r',
        '50',
        '-p',
        String(sipPort),
      ]);
      assert.equal(r.code, 0, r.err);
      assert.equal(counts(r.out).ok, 4);
      assert.deepEqual(
        uas.invites.map((i) => `${i.address}:${i.port}`),
        ['127.0.0.2', '127.0.0.3', '127.0.0.2', '127.0.0.4'].map((ip) => `${ip}:${sipPort}`),
      );
    } finally {
      await uas.close();
    }
  });

  it('without an injection file: a clear error', { timeout: 30_000 }, async () => {
    const r = await run(['-sn', 'uac', '127.0.0.1:9', '-t', 'ui', '-m', '1']);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /-t ui needs an injection file \(-inf\)/);
  });
});

describe('-t t1: the peer closes the connection mid-run', () => {
  const base = (port: number): string[] => [
    '-sn',
    'uac',
    `127.0.0.1:${port}`,
    '-t',
    't1',
    '-m',
    '10',
    '-r',
    '20',
    '-p',
    '0',
  ];

  it(
    '-max_reconnect 3: the call on the lost connection fails, the run goes on over a new one',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessTcpUas({ dropAtInvite: 3 });
      try {
        const r = await run([...base(uas.port), '-max_reconnect', '3']);
        assert.equal(r.code, 1, `a failed call gives exit 1\n${r.err}`);
        assert.deepEqual(counts(r.out), { ok: 9, failed: 1, tcpClosed: 1 });
        assert.equal(uas.connections.length, 2);
        assert.match(
          r.errors,
          /TCP connection to 127\.0\.0\.1:\d+ closed by the peer; reconnecting, closing its calls \(reconnection 1 of 3\), 1 call\(s\) failed/,
        );
        assert.match(r.errors, /TCP connection re-established from port \d+/);
        // Reconnected from the same local port: [local_port] in the headers stays true.
        const ports = new Set(uas.invites.map((i) => i.port));
        assert.equal(ports.size, 1);
      } finally {
        await uas.close();
      }
    },
  );

  it(
    '-reconnect_close false: the calls on the lost connection finish over the new one',
    { timeout: 30_000 },
    async () => {
      // The peer answers INVITE 3 and closes; calls 1-3 are in their 500 ms pause then, and their
      // BYEs can only reach it over the new connection (it answers statelessly).
      const uas = await statelessTcpUas({ dropAtInvite: 3, answerBeforeDrop: true });
      try {
        const r = await run([
          ...base(uas.port),
          '-r',
          '10',
          '-d',
          '500',
          '-max_reconnect',
          '3',
          '-reconnect_close',
          'false',
        ]);
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(counts(r.out), { ok: 10, failed: 0, tcpClosed: 0 });
        assert.equal(uas.connections.length, 2);
        assert.ok(
          uas.byes.filter((b) => b.connection === 2).length >= 3,
          'calls 1-3 said BYE on the new one',
        );
        assert.match(r.errors, /closed by the peer; reconnecting \(reconnection 1 of 3\)/);
      } finally {
        await uas.close();
      }
    },
  );

  it(
    '-max_reconnect 2 used up: exit 255 after three lost connections, nothing hangs',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessTcpUas({ dropEverything: true });
      try {
        const r = await run([...base(uas.port), '-max_reconnect', '2']);
        assert.equal(r.code, 255, r.err);
        assert.deepEqual(counts(r.out), { ok: 0, failed: 3, tcpClosed: 3 });
        assert.equal(uas.connections.length, 3);
        assert.match(r.errors, /max number of reconnections reached/);
      } finally {
        await uas.close();
      }
    },
  );

  it(
    '-max_reconnect 0 (the default): the first loss ends the run with 255',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessTcpUas({ dropAtInvite: 3 });
      try {
        const r = await run(base(uas.port));
        assert.equal(r.code, 255, r.err);
        assert.deepEqual(counts(r.out), { ok: 2, failed: 1, tcpClosed: 1 });
        assert.equal(uas.connections.length, 1);
      } finally {
        await uas.close();
      }
    },
  );

  it(
    '-reconnect_sleep 300: the new connection comes at least 300 ms after the loss',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessTcpUas({ dropAtInvite: 2 });
      try {
        const r = await run([
          ...base(uas.port),
          '-m',
          '4',
          '-max_reconnect',
          '1',
          '-reconnect_sleep',
          '300',
        ]);
        assert.equal(r.code, 1, r.err);
        assert.deepEqual(counts(r.out), { ok: 3, failed: 1, tcpClosed: 1 });
        assert.equal(uas.connections.length, 2);
        const lostAt = uas.invites[1];
        assert.equal(lostAt.connection, 1);
        assert.ok(
          uas.connections[1] - uas.connections[0] >= 300,
          `reconnected at ${uas.connections[1]} ms`,
        );
      } finally {
        await uas.close();
      }
    },
  );
});

describe('-t tn: the peer closes each connection', () => {
  it(
    'with -max_reconnect 3 as without: each call fails as TCP closed, the run goes on to -m',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessTcpUas({ dropEverything: true });
      try {
        const r = await run([
          '-sn',
          'uac',
          `127.0.0.1:${uas.port}`,
          '-t',
          'tn',
          '-m',
          '5',
          '-r',
          '20',
          '-p',
          '0',
          '-max_reconnect',
          '3',
        ]);
        assert.equal(r.code, 1, r.err);
        assert.deepEqual(counts(r.out), { ok: 0, failed: 5, tcpClosed: 5 });
        assert.equal(uas.connections.length, 5);
      } finally {
        await uas.close();
      }
    },
  );
});

describe('-t tn: nobody listens', () => {
  it(
    'each call fails as TCP closed (SIPp 3.6.1 counts a refused connection so), exit 1',
    { timeout: 30_000 },
    async () => {
      const closed = await statelessTcpUas();
      const port = closed.port;
      await closed.close();
      const r = await run([
        '-sn',
        'uac',
        `127.0.0.1:${port}`,
        '-t',
        'tn',
        '-m',
        '3',
        '-r',
        '20',
        '-p',
        '0',
      ]);
      assert.equal(r.code, 1, r.err);
      assert.deepEqual(counts(r.out), { ok: 0, failed: 3, tcpClosed: 3 });
      assert.match(r.errors, /cannot open a socket for call 1: .*ECONNREFUSED/);
    },
  );
});

describe('accepted with a note', () => {
  it(
    '-bind_local and -gracefulclose run, each with a line saying why it changes nothing',
    { timeout: 30_000 },
    async () => {
      const uas = await statelessUdpUas();
      try {
        const r = await run([
          '-sn',
          'uac',
          `127.0.0.1:${uas.port}`,
          '-m',
          '1',
          '-bind_local',
          '-gracefulclose',
          'false',
          '-p',
          String(await freeUdpPort()),
        ]);
        assert.equal(r.code, 0, r.err);
        assert.match(
          r.err,
          /-bind_local has no effect in Gossipper: sockets are always bound to the -i address/,
        );
        assert.match(r.err, /-gracefulclose has no effect in Gossipper: .*SCTP/);
      } finally {
        await uas.close();
      }
    },
  );
});
