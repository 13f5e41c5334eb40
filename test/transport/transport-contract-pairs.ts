/**
 * The implementations transport-contract.test.ts runs against, each as a connected pair and the
 * contract cases it can do. A new transport (TLS, WebSocket) joins by adding a row here.
 */
import { FakeClock } from '../../src/engine/clock.ts';
import { batchedAddonRequirement } from '../peers/native-addon.ts';
import {
  StreamBufferBudget,
  TcpConnection,
  TcpListener,
  inProcessPair,
} from '../../src/transport/index.ts';
import type { RemoteAddress, StreamHandlers, Transport } from '../../src/transport/index.ts';
import { BatchedUdpTransport } from '../../src/transport/udp-batched.ts';
import { DgramUdpTransport } from '../../src/transport/udp-dgram.ts';
import type { UdpOptions } from '../../src/transport/udp-options.ts';
import { ENGINE_ADDRESS, MemoryTransport, PEER_ADDRESS } from '../peers/memory-transport.ts';
import { webSocketPair } from './ws-pair.ts';
import { tlsPair } from './tls-pair.ts';

/** One side of a pair and what its transport reported. */
export interface Endpoint {
  readonly transport: Transport;
  readonly received: Array<{ text: string; from: RemoteAddress; via: Transport }>;
  /** onError reports, as `<kind>: <message>`. */
  readonly errors: string[];
  /** Transports that reported onClosed. */
  readonly closed: Transport[];
}

export interface Pair {
  /** Sends first: a TCP connection; the scripted peer of the memory transport. */
  readonly client: Endpoint;
  /** Answers on the transport a message arrived on: a TCP listener; the memory transport. */
  readonly server: Endpoint;
  /** The endpoints whose transport is the implementation under test. */
  readonly subjects: readonly Endpoint[];
  /** Moves queued messages (in-process and memory transports); sockets move on their own. */
  pump(): void;
}

export type CaseName =
  | 'carries a message both ways, from the bound addresses'
  | 'a reply on the receiving transport reaches the sender'
  | 'localAddress has the bound port'
  | 'close() resolves and is idempotent'
  | 'close() reports onClosed'
  | 'a send after close() never throws'
  | 'a send after close() reports through onError'
  | 'isReliable says whether SIP retransmits over it';

export interface Implementation {
  readonly name: string;
  readonly isReliable: boolean;
  /** The cases it runs; every case it leaves out is in `leftOut` with the reason. */
  readonly cases: readonly CaseName[];
  readonly leftOut: Partial<Record<CaseName, string>>;
  /** A reason not to run here (the batched addon not built outside CI); false = run. */
  readonly skip: string | false;
  open(): Promise<Pair>;
}

type Recording = Endpoint & { handlers: StreamHandlers };

function recording(): Omit<Recording, 'transport'> {
  const r: Omit<Recording, 'transport'> = {
    received: [],
    errors: [],
    closed: [],
    handlers: {
      onMessage: (buf, from, via) => r.received.push({ text: buf.toString('latin1'), from, via }),
      onError: (kind, err) => r.errors.push(`${kind}: ${err.message}`),
      onClosed: (via) => r.closed.push(via),
      onMalformed: (_raw, _from, reason) => r.errors.push(`malformed: ${reason}`),
      onConnectionLost: () => {},
    },
  };
  return r;
}

function endpoint(rec: Omit<Recording, 'transport'>, transport: Transport): Endpoint {
  return { transport, received: rec.received, errors: rec.errors, closed: rec.closed };
}

const ALL_CASES: readonly CaseName[] = [
  'carries a message both ways, from the bound addresses',
  'a reply on the receiving transport reaches the sender',
  'localAddress has the bound port',
  'close() resolves and is idempotent',
  'close() reports onClosed',
  'a send after close() never throws',
  'a send after close() reports through onError',
  'isReliable says whether SIP retransmits over it',
];

/** The cases of ALL_CASES not left out, so a case cannot be dropped without a reason. */
function casesBut(leftOut: Partial<Record<CaseName, string>>): readonly CaseName[] {
  return ALL_CASES.filter((c) => leftOut[c] === undefined);
}

const DATAGRAM_DROPS_AFTER_CLOSE =
  'a datagram socket drops sends after close() silently: a datagram arriving while a run shuts down must not count as a send error';

async function udpPair(open: (opts: UdpOptions) => Promise<Transport>): Promise<Pair> {
  const a = recording();
  const b = recording();
  const ta = await open({ bindIp: '127.0.0.1', port: 0, family: 4, handlers: a.handlers });
  const tb = await open({ bindIp: '127.0.0.1', port: 0, family: 4, handlers: b.handlers });
  const client = endpoint(a, ta);
  const server = endpoint(b, tb);
  return { client, server, subjects: [client, server], pump: () => {} };
}

const UDP_LEFT_OUT = { 'a send after close() reports through onError': DATAGRAM_DROPS_AFTER_CLOSE };

const batchedUdp: Implementation = {
  name: 'UDP, batched native I/O',
  isReliable: false,
  leftOut: UDP_LEFT_OUT,
  cases: casesBut(UDP_LEFT_OUT),
  skip: batchedAddonRequirement('contract for it'),
  open: () =>
    udpPair((opts) => {
      const t = BatchedUdpTransport.open(opts);
      return t === null
        ? Promise.reject(new Error('batched UDP addon not loaded'))
        : Promise.resolve(t);
    }),
};

const dgramUdp: Implementation = {
  name: 'UDP, node:dgram',
  isReliable: false,
  leftOut: UDP_LEFT_OUT,
  cases: casesBut(UDP_LEFT_OUT),
  skip: false,
  open: () => udpPair((opts) => DgramUdpTransport.open(opts)),
};

const tcp: Implementation = {
  name: 'TCP, a connection and a listener',
  isReliable: true,
  leftOut: {},
  cases: casesBut({}),
  skip: false,
  async open() {
    const budget = new StreamBufferBudget(32 * 1024 * 1024);
    const c = recording();
    const s = recording();
    const listener = await TcpListener.listen({
      bindIp: '127.0.0.1',
      port: 0,
      handlers: s.handlers,
      budget,
    });
    const conn = await TcpConnection.connect({
      remote: listener.localAddress,
      handlers: c.handlers,
      budget,
    });
    const client = endpoint(c, conn);
    const server = endpoint(s, listener);
    return { client, server, subjects: [client, server], pump: () => {} };
  },
};

const tls: Implementation = {
  name: 'TLS, a connection and a listener',
  isReliable: true,
  leftOut: {},
  cases: casesBut({}),
  skip: false,
  async open() {
    const c = recording();
    const s = recording();
    const { conn, listener } = await tlsPair(c.handlers, s.handlers);
    const client = endpoint(c, conn);
    const server = endpoint(s, listener);
    return { client, server, subjects: [client, server], pump: () => {} };
  },
};

/** A WebSocket client connection and listener (ws-contract-pairs.ts), as ws or wss. */
function webSocket(secure: boolean): Implementation {
  return {
    name: secure ? 'WSS, a connection and a listener' : 'WS, a connection and a listener',
    isReliable: true,
    leftOut: {},
    cases: casesBut({}),
    skip: false,
    async open() {
      const c = recording();
      const s = recording();
      const [conn, listener] = await webSocketPair(secure, c.handlers, s.handlers);
      const client = endpoint(c, conn);
      const server = endpoint(s, listener);
      return { client, server, subjects: [client, server], pump: () => {} };
    },
  };
}

const IN_PROCESS_LEFT_OUT = {
  'a send after close() reports through onError':
    "stands in for a datagram socket (the engine's self-call warm-up), which drops sends after close() silently",
};

const inProcess: Implementation = {
  name: 'in-process',
  isReliable: false,
  leftOut: IN_PROCESS_LEFT_OUT,
  cases: casesBut(IN_PROCESS_LEFT_OUT),
  skip: false,
  open() {
    const a = recording();
    const b = recording();
    const [ta, tb] = inProcessPair(ENGINE_ADDRESS, a.handlers, PEER_ADDRESS, b.handlers);
    const client = endpoint(a, ta);
    const server = endpoint(b, tb);
    return Promise.resolve({
      client,
      server,
      subjects: [client, server],
      pump: () => {
        ta.deliver();
        tb.deliver();
      },
    });
  },
};

const MEMORY_LEFT_OUT = {
  'close() reports onClosed': 'takes no handlers: an engine test attaches only a message handler',
  'a send after close() reports through onError':
    'takes no handlers, and records every send for the test to assert on',
};

const memory: Implementation = {
  name: 'memory (engine tests)',
  isReliable: false,
  leftOut: MEMORY_LEFT_OUT,
  cases: casesBut(MEMORY_LEFT_OUT),
  skip: false,
  open() {
    const m = recording();
    const peer = recording();
    const transport = new MemoryTransport(new FakeClock());
    transport.onMessage((buf, from, via) =>
      m.received.push({ text: buf.toString('latin1'), from, via }),
    );
    // The scripted peer's side, shaped as a Transport so the cases can drive it like the others.
    const peerSide: Transport = {
      protocol: 'UDP',
      isReliable: false,
      localAddress: PEER_ADDRESS,
      send: (buf) => transport.inject(buf, 0, PEER_ADDRESS),
      close: () => Promise.resolve(),
    };
    transport.connect({
      receive: (msg) =>
        peer.received.push({
          text: msg.raw.toString('latin1'),
          from: transport.localAddress,
          via: peerSide,
        }),
    });
    const server = endpoint(m, transport);
    return Promise.resolve({
      client: endpoint(peer, peerSide),
      server,
      subjects: [server],
      pump: () => {
        transport.deliverDue();
      },
    });
  },
};

export const IMPLEMENTATIONS: readonly Implementation[] = [
  batchedUdp,
  dgramUdp,
  tcp,
  tls,
  webSocket(false),
  webSocket(true),
  inProcess,
  memory,
];
