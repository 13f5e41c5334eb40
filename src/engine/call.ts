/**
 * One call's state. Plain fields set in the constructor (one hidden class for every call); the
 * Engine drives it. Implements KeywordSource so templates render straight from it.
 */
import { Buffer } from 'node:buffer';
import { DigestSession } from '../auth/index.ts';
import type { AuthDefaults } from '../auth/index.ts';
import type { FieldRef, KeywordSource } from '../scenario/index.ts';
import { isParseFailure, messageHash, parseSipMessage } from '../sip/index.ts';
import type { SipMessage } from '../sip/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { Timer } from './timer-wheel.ts';
import type { RunContext } from './run-context.ts';
import type { ScenarioProgram } from './scenario-program.ts';
import type { CallMediaState } from './media-host.ts';

export const TimerKind = {
  /** Retransmit the last retransmittable message (RFC 3261 §17.1.1.2 Timer A / E). */
  Retrans: 0,
  /** End of a pause, a recv timeout, or the end of a timewait. */
  Wait: 1,
} as const;

const EMPTY: number[] = [];

/**
 * A message a call keeps after sending it: the rendered Buffer while the call is busy, or the
 * same bytes as a binary string once it settles into a long pause (see Call.compactKept).
 */
export type KeptMessage = Buffer | string;

/** The bytes of a kept message, ready to send. */
export function keptBytes(m: KeptMessage): Buffer {
  return typeof m === 'string' ? Buffer.from(m, 'latin1') : m;
}

/** Media: a send waits for its WebRTC SDP (webrtc-sdp-wait.ts). */
export const WaitKind = { None: 0, Recv: 1, Pause: 2, Timewait: 3, Media: 4 } as const;
export type WaitKindId = (typeof WaitKind)[keyof typeof WaitKind];

export class Call implements KeywordSource {
  // ---- KeywordSource: per call
  readonly callNumber: number;
  callId: string;
  cseq: number;
  msgIndex = 0;
  peerTag = '';
  routes = '';
  nextUrl = '';
  /** Parsed form of lastRecvRaw; dropped while the call waits (see releaseParsed). */
  private parsed: SipMessage | null = null;

  // ---- scenario position and waiting
  /** Index of the command the call is at. */
  index = 0;
  waitKind: WaitKindId = WaitKind.None;
  readonly retransTimer: Timer<Call>;
  readonly waitTimer: Timer<Call>;
  startMs: number;
  /** When the rate schedule wanted the call started (CallAdmission); else its start. */
  dueMs: number;
  /** Set once the call has ended (success or failure); late events are ignored. */
  ended = false;
  /**
   * A check_it action failed: the call was counted failed and goes on, but its end is no
   * success (SIPp 3.6.1).
   */
  actionFailed = false;
  /** A pause deadline restored by `pauserestore` (SIPp's paused_until), 0 when none. */
  pausedUntil = 0;
  /** An unexpected message sent to `_unexp.main`, handed to the next recv (SIPp's queue_up). */
  queued: Buffer | null = null;

  // ---- retransmission of our last retransmittable message
  retransBuf: Buffer | null = null;
  retransIndex = -1;
  retransCount = 0;
  retransIntervalMs = 0;
  retransIsInvite = false;
  retransIsRequest = false;

  // ---- absorbing the peer's retransmissions
  /**
   * Raw bytes of the last message matched by a recv: while the message is being handled, the
   * transport's own (lent) memory; a call that then waits either copies it (keepLastRecv) or
   * keeps only its length and hash (forgetLastRecv). Null once forgotten.
   */
  lastRecvRaw: Buffer | null = null;
  /** Once its bytes are forgotten, the message's length (-1: not forgotten) and hash. */
  lastRecvLength = -1;
  lastRecvHash = 0;
  lastRecvIndex = -1;
  /** That message's CSeq method, kept apart from its bytes (for a response's retransmission). */
  lastRecvCseqMethod = '';
  /** First message we sent after that recv: re-sent when the peer retransmits. */
  replyToLastRecv: KeptMessage | null = null;

  // ---- what default behaviours need to abort the call cleanly
  /** Last INVITE we sent (raw) and the final status it got (0 = none yet). */
  inviteRaw: KeptMessage | null = null;
  inviteFinalStatus = 0;
  /** When the last INVITE left, for the INVITE→final-response time; 0 before any. */
  inviteSentMs = 0;
  /** That time once its first final response came (the call record's invite_rtt_ms); -1: none. */
  inviteRttMs = -1;
  ackSent = false;
  /** The last message was a provisional answer to our INVITE: an abort must CANCEL. */
  inviteRinging = false;
  /** `start_txn` name -> top Via branch of the request that started it (made on first use). */
  txnBranches: Map<string, string> | null = null;

  // ---- response-time timers (index = the program's Scenario.rtdNames index)
  readonly rtdStartMs: number[];
  /** Bit per RTD already recorded (repeat_rtd allows recording again). */
  rtdDone = 0;
  /**
   * The last value of each RTD (ms, -1 = not measured), kept only for `-call_records_jsonl`:
   * made on the first RTD of a call whose engine writes records, so other runs pay nothing.
   */
  rtdMs: Float64Array | null = null;

  /** Variables set by `-set` globals are read through the context; these are call-scoped. */
  vars: Map<string, string> | null = null;

  /** Users mode: this call's user (1..N, KeywordSource `[userid]`); 0 otherwise. */
  userId = 0;
  /** The line of each injection file this call reads (InjectionSet.chooseLines); null: none. */
  injectionLines: Int32Array | null = null;

  /** `<recv auth="true">`'s stored challenge and nonce counts (KeywordSource), made on use. */
  authSession: DigestSession | null = null;

  /** RTP state of the call (src/media/), made when it first receives SDP or plays media. */
  media: CallMediaState | null = null;

  /** The socket this call sends on (shared with -t u1, its own with -t un). */
  socket: Transport;
  remote: RemoteAddress;
  localPort: number;

  constructor(
    readonly ctx: RunContext,
    /** The program the call started on; it finishes on it, whatever the engine swaps in. */
    readonly program: ScenarioProgram,
    callNumber: number,
    callId: string,
    transport: Transport,
    remote: RemoteAddress,
    nowMs: number,
  ) {
    this.callNumber = callNumber;
    this.callId = callId;
    this.cseq = ctx.baseCseq;
    this.socket = transport;
    this.remote = remote;
    this.localPort = transport.localAddress.port;
    this.startMs = nowMs;
    this.dueMs = nowMs;
    this.retransTimer = new Timer<Call>(this, TimerKind.Retrans);
    this.waitTimer = new Timer<Call>(this, TimerKind.Wait);
    const rtdCount = program.rtdCount;
    this.rtdStartMs = rtdCount === 0 ? EMPTY : startTimes(rtdCount, nowMs);
  }

  /** True once a recv matched (its bytes may have been forgotten, see forgetLastRecv). */
  get hasLastRecv(): boolean {
    return this.lastRecvRaw !== null || this.lastRecvLength >= 0;
  }

  /**
   * Is `raw` byte for byte the last message matched (a retransmission of it)? `hash` is
   * messageHash(raw) when the transport already computed it.
   */
  isLastRecv(raw: Buffer, hash: number | undefined): boolean {
    if (this.lastRecvRaw !== null) return raw.equals(this.lastRecvRaw);
    return raw.length === this.lastRecvLength && (hash ?? messageHash(raw)) === this.lastRecvHash;
  }

  /**
   * When no step before the next recv can read `[last_*]` and an abort would not need it: keep
   * only a length and hash of the last message, enough to recognise the peer retransmitting it
   * (SIPp keeps a hash too). Saves copying the message and the largest thing a waiting call holds.
   */
  forgetLastRecv(hash: number | undefined): void {
    const raw = this.lastRecvRaw;
    if (raw === null) return;
    this.lastRecvLength = raw.length;
    this.lastRecvHash = hash ?? messageHash(raw);
    this.lastRecvRaw = null;
    this.parsed = null;
  }

  /**
   * Gives the last message bytes of the call's own, exactly sized (it was lent by the transport).
   */
  keepLastRecv(): void {
    const raw = this.lastRecvRaw;
    if (raw === null) return;
    const own = Buffer.allocUnsafeSlow(raw.length);
    raw.copy(own);
    this.lastRecvRaw = own;
    this.parsed = null;
  }

  /** How late the call started against the rate schedule (0 when on time or not scheduled). */
  get startLagMs(): number {
    return this.startMs > this.dueMs ? this.startMs - this.dueMs : 0;
  }

  /**
   * A final response to our INVITE came at `nowMs`: the INVITE→final time to record, or -1 when
   * the call has no INVITE out or already measured one (the first final response counts).
   */
  takeInviteRtt(nowMs: number): number {
    if (this.inviteRttMs >= 0 || this.inviteSentMs <= 0) return -1;
    this.inviteRttMs = Math.max(0, nowMs - this.inviteSentMs);
    return this.inviteRttMs;
  }

  /**
   * The call's first message left at `nowMs` (the flush of the send queue, shortly after the
   * call was made): the call's start and the response-time timers started with it move there.
   */
  rebaseStart(nowMs: number): void {
    if (this.ended) return;
    for (let i = 0; i < this.rtdStartMs.length; i++) {
      if (this.rtdStartMs[i] === this.startMs && (this.rtdDone & (1 << i)) === 0)
        this.rtdStartMs[i] = nowMs;
    }
    if (this.inviteSentMs === this.startMs) this.inviteSentMs = nowMs;
    this.startMs = nowMs;
  }

  /**
   * Before a long pause: the messages kept for a retransmission or an abort become strings.
   * A rendered Buffer is a view (about 100 bytes of object) into an 8 KiB pool that stays
   * allocated while any view into it lives; a string holds just its bytes.
   */
  compactKept(): void {
    if (
      this.inviteRaw !== null &&
      typeof this.inviteRaw !== 'string' &&
      this.retransBuf !== this.inviteRaw
    ) {
      this.inviteRaw = this.inviteRaw.toString('latin1');
    }
    if (
      this.replyToLastRecv !== null &&
      typeof this.replyToLastRecv !== 'string' &&
      this.retransBuf !== this.replyToLastRecv
    ) {
      this.replyToLastRecv = this.replyToLastRecv.toString('latin1');
    }
  }

  /** Last received, non-retransmitted message (KeywordSource); parsed again after a wait. */
  get lastMessage(): SipMessage | null {
    if (this.parsed === null && this.lastRecvRaw !== null) {
      const m = parseSipMessage(this.lastRecvRaw);
      this.parsed = isParseFailure(m) ? null : m;
    }
    return this.parsed;
  }

  set lastMessage(m: SipMessage | null) {
    this.parsed = m;
  }

  /**
   * While a call sits in a pause or waits for a message, its parsed last message (offsets and
   * decoded header text, about 1 KB) is dropped; the raw bytes stay and are parsed again only if
   * a later template reads a `[last_*]` keyword.
   */
  releaseParsed(): void {
    this.parsed = null;
  }

  /** `[dtmf_digits]` (KeywordSource): kept by the call's media state, '' without one. */
  get dtmfDigits(): string {
    return this.media?.dtmfDigits ?? '';
  }

  /** `[dtmf_received]` (KeywordSource). */
  get dtmfReceived(): string {
    return this.media?.dtmfReceived ?? '';
  }

  // ---- KeywordSource: per run (read through the shared context)
  get service(): string {
    return this.ctx.service;
  }
  get remoteIp(): string {
    return this.ctx.remoteIp;
  }
  get remoteHost(): string {
    return this.ctx.remoteHost;
  }
  get remotePort(): number {
    return this.ctx.remotePort;
  }
  get localIp(): string {
    return this.ctx.localIp;
  }
  get localIpType(): number {
    return this.ctx.localIpType;
  }
  get transport(): string {
    return this.socket.protocol;
  }
  get mediaIp(): string {
    return this.ctx.mediaIp;
  }
  get mediaIpType(): number {
    return this.ctx.mediaIpType;
  }
  get mediaPort(): number {
    return this.ctx.mediaPort;
  }
  srtpCrypto(suiteName: string): string {
    return this.ctx.media?.cryptoLine?.(this, suiteName) ?? '';
  }
  /** `[webrtc_offer]`, `[webrtc_answer]`: made before the send renders (webrtc-sdp-wait.ts). */
  webrtcSdp(): string {
    return this.media?.localSdp ?? '';
  }
  get serverIp(): string {
    return this.socket.localAddress.address;
  }
  get pid(): number {
    return this.ctx.pid;
  }
  get engineId(): string {
    return this.ctx.engineId;
  }
  get userKeywords(): Record<string, string> {
    return this.ctx.userKeywords;
  }
  get authDefaults(): AuthDefaults | undefined {
    return this.ctx.auth;
  }
  clockTick(): number {
    return Math.floor(this.ctx.clock.now());
  }
  nextDynamicId(): number {
    return this.ctx.nextDynamicId?.() ?? 0;
  }
  get users(): number {
    return this.ctx.users ?? -1;
  }
  injectedField(ref: FieldRef): string {
    const injection = this.ctx.injection;
    return injection === undefined ? '' : injection.read(this, this.injectionLines, ref);
  }

  /** `<recv auth="true">` matched a 401/407: keep its challenge for `[authentication]`. */
  storeChallenge(msg: SipMessage): void {
    (this.authSession ??= new DigestSession(this.ctx.rng)).storeFrom(msg.statusCode, (name) =>
      msg.headerValues(name),
    );
  }

  variable(name: string): string {
    const own = this.vars?.get(name);
    if (own !== undefined) return own;
    const user = this.program.userVariables;
    if (user !== null && this.userId > 0 && user.names.has(name)) {
      return user.byUser.get(this.userId)?.get(name) ?? '';
    }
    return this.ctx.globals.get(name) ?? '';
  }

  setVariable(name: string, value: string): void {
    // A `<Global>` name is shared even before anything (-set, <init>) gave it a value.
    if (this.ctx.globalNames.has(name)) {
      this.ctx.globals.set(name, value);
      return;
    }
    // `<User>` names with -users live with the user, from one of its calls to the next.
    const user = this.program.userVariables;
    if (user !== null && this.userId > 0 && user.names.has(name)) {
      let values = user.byUser.get(this.userId);
      if (values === undefined) user.byUser.set(this.userId, (values = new Map()));
      values.set(name, value);
      return;
    }
    (this.vars ??= new Map()).set(name, value);
  }
}

/**
 * `new Array(n).fill(v)` goes through a C++ builtin, and push() from empty reserves 17 slots:
 * an exact-size array filled by a loop costs neither (a call is made thousands of times a second).
 */
function startTimes(count: number, nowMs: number): number[] {
  if (count === 1) return [nowMs];
  const times = new Array<number>(count);
  for (let i = 0; i < count; i++) times[i] = nowMs;
  return times;
}
