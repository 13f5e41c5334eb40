/**
 * An in-memory Transport and scripted SIP peers, so engine tests run with no sockets and no wall
 * time. The transport records every datagram the engine sends (parsed) and hands it to a peer;
 * the peer's answers are queued with a due time on the injected clock and delivered only by
 * `deliverDue()`, never from inside `send()`, so the engine is never re-entered mid-send.
 */
import type { Clock } from '../../src/engine/clock.ts';
import { isParseFailure, parseSipMessage, serializeSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import type { RemoteAddress, Transport } from '../../src/transport/transport.ts';

export const ENGINE_ADDRESS: RemoteAddress = { address: '127.0.0.1', port: 5060 };
export const PEER_ADDRESS: RemoteAddress = { address: '127.0.0.2', port: 5070 };

/** One datagram the engine sent. */
export interface SentDatagram {
  raw: Buffer;
  msg: SipMessage;
  to: RemoteAddress;
  atMs: number;
}

export type DatagramHandler = (buf: Buffer, from: RemoteAddress, via: Transport) => void;

/** Sends a datagram to the engine `delayMs` after now (0 = at the next delivery). */
export type ReplyFn = (buf: Buffer, delayMs?: number) => void;

/** Something that answers what the engine sends. */
export interface ScriptedPeer {
  receive(msg: SipMessage, reply: ReplyFn): void;
}

interface Queued {
  atMs: number;
  seq: number;
  buf: Buffer;
  from: RemoteAddress;
}

export class MemoryTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly isReliable = false;
  readonly sent: SentDatagram[] = [];
  closed = false;
  private readonly inbox: Queued[] = [];
  private seq = 0;
  private handler: DatagramHandler | null = null;
  private peer: ScriptedPeer | null = null;

  constructor(
    private readonly clock: Clock,
    readonly localAddress: RemoteAddress = ENGINE_ADDRESS,
  ) {}

  /** Where received datagrams go (the engine's onDatagram). */
  onMessage(handler: DatagramHandler): void {
    this.handler = handler;
  }

  connect(peer: ScriptedPeer): void {
    this.peer = peer;
  }

  send(buf: Buffer, to: RemoteAddress): void {
    const msg = parseSipMessage(buf);
    // The engine must never put unparsable bytes on the wire: fail the test loudly.
    if (isParseFailure(msg))
      throw new Error(
        `engine sent an unparsable message (${msg.reason}):\n${buf.toString('latin1')}`,
      );
    this.sent.push({ raw: buf, msg, to, atMs: this.clock.now() });
    this.peer?.receive(msg, (reply, delayMs = 0) => this.inject(reply, delayMs));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Queues a datagram for the engine, delivered by deliverDue() once `delayMs` have passed. */
  inject(buf: Buffer | string, delayMs = 0, from: RemoteAddress = PEER_ADDRESS): void {
    const b = typeof buf === 'string' ? Buffer.from(buf, 'latin1') : buf;
    this.inbox.push({ atMs: this.clock.now() + delayMs, seq: this.seq++, buf: b, from });
    this.inbox.sort((x, y) => x.atMs - y.atMs || x.seq - y.seq);
  }

  /**
   * Hands every due datagram to the handler, in due order; returns how many. Answers the peer
   * queues while this runs wait for the next call, so even a 0 ms reply takes one step.
   */
  deliverDue(): number {
    let n = 0;
    const now = this.clock.now();
    const queuedBefore = this.seq;
    while (this.inbox.length > 0 && this.inbox[0].atMs <= now && this.inbox[0].seq < queuedBefore) {
      const q = this.inbox.shift() as Queued;
      if (!this.handler) throw new Error('MemoryTransport: no handler attached');
      this.handler(q.buf, q.from, this);
      n++;
    }
    return n;
  }

  get queued(): number {
    return this.inbox.length;
  }

  /** First lines of what was sent, in order (`INVITE sip:...`, `SIP/2.0 200 OK`). */
  startLines(): string[] {
    return this.sent.map((d) => d.msg.startLine);
  }

  /** Requests with this method (`INVITE`) or responses with this status, in order. */
  sentOf(what: string | number): SentDatagram[] {
    return this.sent.filter((d) =>
      typeof what === 'number' ? d.msg.statusCode === what : d.msg.method === what,
    );
  }
}

// ------------------------------------------------------------------ message builders

const UAS_TAG = 'uas-tag-1';

/** A response to `req` echoing Via/From/To/Call-ID/CSeq (RFC 3261 §8.2.6), To-tagged past 100. */
export function buildResponse(
  req: SipMessage,
  status: number,
  reason = REASONS[status] ?? 'Whatever',
): Buffer {
  const headers: Array<[string, string]> = [];
  for (const v of req.headerValues('Via')) headers.push(['Via', v]);
  headers.push(['From', req.header('From') ?? '']);
  const to = req.header('To') ?? '';
  headers.push(['To', status > 100 && req.toTag() === '' ? `${to};tag=${UAS_TAG}` : to]);
  headers.push(['Call-ID', req.callId()]);
  headers.push(['CSeq', req.header('CSeq') ?? '']);
  headers.push(['Contact', `<sip:peer@${PEER_ADDRESS.address}:${PEER_ADDRESS.port}>`]);
  return serializeSipMessage({ startLine: `SIP/2.0 ${status} ${reason}`, headers });
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  486: 'Busy Here',
  603: 'Decline',
};

export interface RequestOptions {
  callId: string;
  cseq: number;
  /** CSeq method; defaults to the method. */
  cseqMethod?: string;
  branch?: string;
  toTag?: string;
  body?: string;
}

/** A request as a UAC at PEER_ADDRESS would send it to the engine. */
export function buildRequest(method: string, o: RequestOptions): Buffer {
  const to = `<sip:service@${ENGINE_ADDRESS.address}:${ENGINE_ADDRESS.port}>${o.toTag ? `;tag=${o.toTag}` : ''}`;
  return serializeSipMessage({
    startLine: `${method} sip:service@${ENGINE_ADDRESS.address}:${ENGINE_ADDRESS.port} SIP/2.0`,
    headers: [
      [
        'Via',
        `SIP/2.0/UDP ${PEER_ADDRESS.address}:${PEER_ADDRESS.port};branch=${o.branch ?? `z9hG4bK-${o.callId}-${o.cseq}-${method}`}`,
      ],
      ['From', `peer <sip:peer@${PEER_ADDRESS.address}:${PEER_ADDRESS.port}>;tag=uac-tag-1`],
      ['To', to],
      ['Call-ID', o.callId],
      ['CSeq', `${o.cseq} ${o.cseqMethod ?? method}`],
      ['Contact', `<sip:peer@${PEER_ADDRESS.address}:${PEER_ADDRESS.port}>`],
      ['Max-Forwards', '70'],
    ],
    body: o.body,
  });
}

// ------------------------------------------------------------------ scripted UAS

export interface UasScript {
  /** Responses to an INVITE and when each leaves, relative to the INVITE's arrival. */
  invite?: Array<{ status: number; afterMs: number }>;
  /** Ignore the first N INVITE copies (to exercise retransmission); Infinity = a silent UAS. */
  ignoreInvites?: number;
  /** Answer BYE/CANCEL/INFO/OPTIONS with 200 (default true). */
  answerRequests?: boolean;
  /** Ignore the first N BYE copies. */
  ignoreByes?: number;
}

/** Answers like a UAS: INVITE → the scripted responses; BYE/CANCEL/others → 200; ACK → nothing. */
export class ScriptedUas implements ScriptedPeer {
  readonly received: SipMessage[] = [];
  /** Everything this peer answered, in order (to re-inject as a retransmission). */
  readonly replies: Buffer[] = [];
  private invitesSeen = 0;
  private byesSeen = 0;
  private readonly script: Required<UasScript>;

  constructor(script: UasScript = {}) {
    this.script = {
      invite: script.invite ?? [
        { status: 100, afterMs: 0 },
        { status: 180, afterMs: 5 },
        { status: 200, afterMs: 10 },
      ],
      ignoreInvites: script.ignoreInvites ?? 0,
      answerRequests: script.answerRequests ?? true,
      ignoreByes: script.ignoreByes ?? 0,
    };
  }

  receive(msg: SipMessage, reply: ReplyFn): void {
    this.received.push(msg);
    if (!msg.isRequest || msg.method === 'ACK') return;
    const send = (buf: Buffer, delayMs = 0): void => {
      this.replies.push(buf);
      reply(buf, delayMs);
    };
    if (msg.method === 'INVITE') {
      if (this.invitesSeen++ < this.script.ignoreInvites) return;
      for (const r of this.script.invite) send(buildResponse(msg, r.status), r.afterMs);
      return;
    }
    if (msg.method === 'BYE' && this.byesSeen++ < this.script.ignoreByes) return;
    if (this.script.answerRequests) send(buildResponse(msg, 200));
  }

  receivedOf(method: string): SipMessage[] {
    return this.received.filter((m) => m.method === method);
  }
}

// ------------------------------------------------------------------ scripted UAC

export interface UacScript {
  /** Time from the 200 to the BYE (default 100 ms). */
  holdMs?: number;
  /** Send the ACK for a 2xx (default true). */
  ack?: boolean;
  /** Send the BYE (default true). */
  bye?: boolean;
}

/**
 * Places calls towards the engine like SIPp's uac: `invite()` returns the INVITE to inject; a
 * 2xx to it is ACKed and `holdMs` later a BYE follows.
 */
export class ScriptedUac implements ScriptedPeer {
  readonly received: SipMessage[] = [];
  /** Requests this peer sent, in order, per Call-ID (to re-inject as retransmissions). */
  readonly requests = new Map<string, Buffer[]>();
  private readonly script: Required<UacScript>;

  constructor(script: UacScript = {}) {
    this.script = {
      holdMs: script.holdMs ?? 100,
      ack: script.ack ?? true,
      bye: script.bye ?? true,
    };
  }

  invite(callId: string): Buffer {
    return this.remember(callId, buildRequest('INVITE', { callId, cseq: 1, body: 'v=0\r\n' }));
  }

  receive(msg: SipMessage, reply: ReplyFn): void {
    this.received.push(msg);
    if (msg.isRequest) {
      // The engine hung up (or pinged): answer it.
      if (msg.method !== 'ACK') reply(buildResponse(msg, 200));
      return;
    }
    if (msg.cseqMethod() !== 'INVITE' || msg.statusCode < 200) return;
    const callId = msg.callId();
    const toTag = msg.toTag();
    // Answer every copy of the final response: the ACK is per 2xx received (RFC 3261 §13.2.2.4).
    if (this.script.ack)
      reply(this.remember(callId, buildRequest('ACK', { callId, cseq: 1, toTag })));
    const alreadyHungUp = (this.requests.get(callId) ?? []).some((b) =>
      b.toString('latin1').startsWith('BYE'),
    );
    if (this.script.bye && msg.statusCode < 300 && !alreadyHungUp) {
      reply(
        this.remember(callId, buildRequest('BYE', { callId, cseq: 2, toTag })),
        this.script.holdMs,
      );
    }
  }

  private remember(callId: string, buf: Buffer): Buffer {
    const list = this.requests.get(callId) ?? [];
    list.push(buf);
    this.requests.set(callId, list);
    return buf;
  }
}
