/**
 * The Transport contract (src/transport/transport.ts), run against every implementation in
 * transport-contract-pairs.ts. An implementation leaves a case out only with a stated reason,
 * listed in its row; none is skipped in CI.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest } from '../peers/memory-transport.ts';
import { IMPLEMENTATIONS } from './transport-contract-pairs.ts';
import type { CaseName, Endpoint, Implementation, Pair } from './transport-contract-pairs.ts';

function message(callId: string): Buffer {
  return buildRequest('OPTIONS', { callId, cseq: 1 });
}

function callIdOf(text: string): string {
  return /^Call-ID: (.*)\r$/m.exec(text)?.[1] ?? '';
}

/** Lets I/O run (pumping queued transports) until `isDone`; the deadline only guards a hang. */
async function until(pair: Pair, isDone: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    pair.pump();
    if (isDone()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

type Case = (pair: Pair, impl: Implementation) => Promise<void>;

const CASES: Record<CaseName, Case> = {
  async 'carries a message both ways, from the bound addresses'(pair) {
    const { client, server } = pair;
    client.transport.send(message('to-server'), server.transport.localAddress);
    await until(pair, () => server.received.length === 1, 'the server to receive');
    assert.equal(callIdOf(server.received[0].text), 'to-server');
    assert.equal(server.received[0].from.port, client.transport.localAddress.port);
    server.transport.send(message('to-client'), client.transport.localAddress);
    await until(pair, () => client.received.length === 1, 'the client to receive');
    assert.equal(callIdOf(client.received[0].text), 'to-client');
    assert.equal(client.received[0].from.port, server.transport.localAddress.port);
    assert.equal(client.received[0].via, client.transport);
    assert.deepEqual([...client.errors, ...server.errors], []);
  },

  async 'a reply on the receiving transport reaches the sender'(pair) {
    const { client, server } = pair;
    client.transport.send(message('request'), server.transport.localAddress);
    await until(pair, () => server.received.length === 1, 'the request');
    const { via, from } = server.received[0];
    via.send(message('reply'), from);
    await until(pair, () => client.received.length === 1, 'the reply');
    assert.equal(callIdOf(client.received[0].text), 'reply');
    assert.deepEqual([...client.errors, ...server.errors], []);
  },

  async 'localAddress has the bound port'(pair) {
    for (const s of pair.subjects) {
      assert.ok(
        Number.isInteger(s.transport.localAddress.port) && s.transport.localAddress.port > 0,
        `port ${s.transport.localAddress.port}`,
      );
    }
    // What a peer sees as the sender is the port the transport says it is bound to.
    pair.client.transport.send(message('from-port'), pair.server.transport.localAddress);
    await until(pair, () => pair.server.received.length === 1, 'the message');
    assert.equal(pair.server.received[0].from.port, pair.client.transport.localAddress.port);
  },

  async 'close() resolves and is idempotent'(pair) {
    for (const s of pair.subjects) {
      await s.transport.close();
      await s.transport.close();
      await Promise.all([s.transport.close(), s.transport.close()]);
    }
  },

  async 'close() reports onClosed'(pair) {
    for (const s of pair.subjects) {
      await s.transport.close();
      assert.ok(s.closed.includes(s.transport), 'onClosed named the transport');
    }
  },

  async 'a send after close() never throws'(pair) {
    for (const s of pair.subjects) {
      await s.transport.close();
      assert.doesNotThrow(() =>
        s.transport.send(message('late'), peerOf(pair, s).transport.localAddress),
      );
    }
  },

  async 'a send after close() reports through onError'(pair) {
    for (const s of pair.subjects) {
      await s.transport.close();
      const before = s.errors.length;
      s.transport.send(message('late'), peerOf(pair, s).transport.localAddress);
      await until(pair, () => s.errors.length > before, 'the send error');
      assert.match(s.errors[before], /^send: /);
    }
  },

  async 'isReliable says whether SIP retransmits over it'(pair, impl) {
    for (const s of pair.subjects) assert.equal(s.transport.isReliable, impl.isReliable);
  },
};

function peerOf(pair: Pair, e: Endpoint): Endpoint {
  return e === pair.client ? pair.server : pair.client;
}

async function closeAll(pair: Pair): Promise<void> {
  await Promise.all([pair.client.transport.close(), pair.server.transport.close()]);
}

for (const impl of IMPLEMENTATIONS) {
  describe(`Transport contract: ${impl.name}`, { skip: impl.skip }, () => {
    for (const name of impl.cases) {
      test(name, async () => {
        const pair = await impl.open();
        try {
          await CASES[name](pair, impl);
        } finally {
          await closeAll(pair);
        }
      });
    }
  });
}

test('every implementation runs every case or states why it leaves it out', () => {
  const names = Object.keys(CASES) as CaseName[];
  for (const impl of IMPLEMENTATIONS) {
    for (const name of names) {
      const isRun = impl.cases.includes(name);
      const reason = impl.leftOut[name];
      assert.ok(isRun !== (reason !== undefined && reason.length > 0), `${impl.name}: "${name}"`);
    }
  }
});
