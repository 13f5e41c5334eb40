// The 3PCC command connections on loopback: ESC framing both ways, commands split across TCP
// chunks or packed into one, close reporting, extended-mode peers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { CommandLink } from '../../src/transport/index.ts';
import type { CommandLinkEvents } from '../../src/transport/index.ts';
import { freeTcpPort } from '../interop/tcp-listen-wait.ts';

const ESC = '\x1b';

/** Records commands (as text) and closes; `next(n)` resolves once n commands arrived. */
function recorder(): CommandLinkEvents & {
  commands: string[];
  closes: string[];
  next(n: number): Promise<void>;
} {
  const commands: string[] = [];
  const closes: string[] = [];
  let waiting: { n: number; resolve: () => void } | null = null;
  return {
    commands,
    closes,
    onCommand(c) {
      commands.push(c.toString('latin1'));
      if (waiting !== null && commands.length >= waiting.n) waiting.resolve();
    },
    onClosed(what) {
      closes.push(what);
    },
    next(n) {
      if (commands.length >= n) return Promise.resolve();
      return new Promise((resolve) => (waiting = { n, resolve }));
    },
  };
}

const loopback = (port: number) => ({ address: '127.0.0.1', port });

test('classic mode: commands go both ways, split at ESC however the bytes arrive', async () => {
  const port = await freeTcpPort();
  const b = recorder();
  const listener = await CommandLink.listen(loopback(port), b);
  const a = recorder();
  const connector = await CommandLink.connect(loopback(port), a);
  try {
    assert.equal(connector.send(Buffer.from(`Call-ID: 1\r\n${ESC}`), undefined), true);
    await b.next(1);
    // The listener answers on the connection it accepted.
    assert.equal(listener.send(Buffer.from(`Call-ID: 1\r\nX: y\r\n${ESC}`), undefined), true);
    await a.next(1);
    assert.deepEqual(a.commands, ['Call-ID: 1\r\nX: y\r\n']);

    // Raw bytes: two commands in one write, then one cut across two chunks.
    const raw = net.connect({ host: '127.0.0.1', port });
    await new Promise((r) => raw.once('connect', r));
    raw.write(`Call-ID: 2\r\n${ESC}Call-ID: 3\r\n${ESC}Call`);
    // Both whole commands read: the cut one's start was in that same chunk.
    await b.next(3);
    raw.write(`-ID: 4\r\n${ESC}`);
    await b.next(4);
    assert.deepEqual(b.commands, [
      'Call-ID: 1\r\n',
      'Call-ID: 2\r\n',
      'Call-ID: 3\r\n',
      'Call-ID: 4\r\n',
    ]);
    raw.destroy();
  } finally {
    await connector.close();
    await listener.close();
  }
});

test('the twin closing is reported; our own close is not', async () => {
  const port = await freeTcpPort();
  const b = recorder();
  const listener = await CommandLink.listen(loopback(port), b);
  const connector = await CommandLink.connect(loopback(port), recorder());
  assert.equal(connector.send(Buffer.from(`Call-ID: 1\r\n${ESC}`), undefined), true);
  await b.next(1);
  const closed = new Promise<void>((resolve) => {
    const original = b.onClosed;
    b.onClosed = (what) => {
      original(what);
      resolve();
    };
  });
  await connector.close();
  await closed;
  assert.deepEqual(b.closes, ['the 3PCC twin closed the connection']);
  assert.equal(listener.send(Buffer.from(`Call-ID: 1\r\n${ESC}`), undefined), false);
  await listener.close();
  assert.equal(b.closes.length, 1);
});

test('connecting to no twin fails with the address in the message', async () => {
  const port = await freeTcpPort();
  await assert.rejects(
    CommandLink.connect(loopback(port), recorder()),
    new RegExp(`cannot connect to the 3PCC twin at 127\\.0\\.0\\.1:${port}: ECONNREFUSED`),
  );
});

test('extended mode: the master connects to its peers at once, a slave once the master came', async () => {
  const [mPort, sPort] = await Promise.all([freeTcpPort(), freeTcpPort()]);
  const s = recorder();
  const slave = await CommandLink.extended(
    loopback(sPort),
    new Map([['m', loopback(mPort)]]),
    false,
    s,
  );
  assert.equal(slave.send(Buffer.from(`Call-ID: 1\r\n${ESC}`), 'm'), false, 'not connected yet');
  const m = recorder();
  const master = await CommandLink.extended(
    loopback(mPort),
    new Map([['s1', loopback(sPort)]]),
    true,
    m,
  );
  try {
    assert.equal(master.send(Buffer.from(`Call-ID: 1\r\nFrom: m\r\n${ESC}`), 's1'), true);
    assert.equal(master.send(Buffer.from(`Call-ID: 1\r\n${ESC}`), 'nobody'), false);
    await s.next(1);
    // The slave's connection back to the master is made when the master's came in.
    for (
      let i = 0;
      i < 100 && !slave.send(Buffer.from(`Call-ID: 1\r\nFrom: s1\r\n${ESC}`), 'm');
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    await m.next(1);
    assert.deepEqual(m.commands, ['Call-ID: 1\r\nFrom: s1\r\n']);
    assert.deepEqual(s.commands, ['Call-ID: 1\r\nFrom: m\r\n']);
  } finally {
    await master.close();
    await slave.close();
  }
});
