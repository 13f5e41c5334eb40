/**
 * The loaded form of a SIPp XML scenario. scenario/load-scenario.ts builds it (all validation
 * happens there, so a Scenario that exists is runnable); engine/ executes it. Labels are resolved
 * to command indexes at load time.
 */
import type { SipMessage } from '../sip/index.ts';
import type { AuthDefaults, DigestSession } from '../auth/index.ts';

/** Where a construct came from, for error messages: `uac.xml:42:5 <recv>`. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

// ----------------------------------------------------------------------------- templates

/**
 * Values a template slot can read. engine/call.ts implements it for a live call; tests and `-sd`
 * use plain objects.
 */
export interface KeywordSource {
  // per run
  readonly service: string;
  readonly remoteIp: string;
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly localIp: string;
  /** 4 or 6. */
  readonly localIpType: number;
  /** Per call with `-t un`. */
  readonly localPort: number;
  /** `UDP`, `TCP`, ... */
  readonly transport: string;
  readonly mediaIp: string;
  readonly mediaIpType: number;
  readonly mediaPort: number;
  /** `[server_ip]`: the address the call's socket is bound to, unbracketed; '' when unknown. */
  readonly serverIp?: string;
  readonly pid: number;
  /** The engine's identity in branches (engine/run-context.ts), unique in the process. */
  readonly engineId: string;
  /** `-key name value` keywords. */
  readonly userKeywords: Record<string, string>;
  // per call
  readonly callNumber: number;
  readonly callId: string;
  /** Current `[cseq]` value (the engine increments it before rendering a request). */
  readonly cseq: number;
  /** Index of the command being rendered. */
  readonly msgIndex: number;
  /** To-tag of the last response seen, '' when none. */
  readonly peerTag: string;
  /** `Route:` value built from a `rrs` recv, '' when none. */
  readonly routes: string;
  /** Contact URI captured by `rrs`, '' when none. */
  readonly nextUrl: string;
  /** Last received, non-retransmitted message; null before any. */
  readonly lastMessage: SipMessage | null;
  /** Milliseconds on the run's clock. */
  clockTick(): number;
  /** `[dynamic_id]`: the run-wide counter's value, advancing it (never folded as a constant). */
  nextDynamicId?(): number;
  /** `[$name]`: string form of a variable, '' when unset. */
  variable(name: string): string;
  /** `[webrtc_offer]`/`[webrtc_answer]`: the call's WebRTC SDP; only a call has it. */
  webrtcSdp?(): string;
  // injection files and users mode (src/injection/); optional: only a call has them
  /** `[users]`: `-users` N, -1 without users mode (as SIPp prints it). */
  readonly users?: number;
  /** `[userid]`: this call's user (1..N), 0 outside users mode. */
  readonly userId?: number;
  /** `[fieldN ...]`: the field's text for this call, its own keywords expanded. */
  injectedField?(ref: FieldRef): string;
  // digest authentication (src/auth/); optional: only a call has them
  /** `[authentication]`: the challenge a `<recv auth="true">` stored, null before one. */
  readonly authSession?: DigestSession | null;
  /** `-au`, `-ap`, `-auth_uri`, `-aka_*`. */
  readonly authDefaults?: AuthDefaults;
  /** `[srtp_crypto]`: the call's SDES crypto line (src/media/); '' without media. */
  srtpCrypto?(suiteName: string): string;
  /** `[dtmf_digits]`: the digits the call's last send_dtmf sent (src/media/), '' before one. */
  readonly dtmfDigits?: string;
  /** `[dtmf_received]`: RFC 4733 digits the call received so far, in order (src/media/). */
  readonly dtmfReceived?: string;
}

/** A `[fieldN file="x.csv" line="expr"]` keyword, parsed at load time. */
export interface FieldRef {
  /** Column N (0-based). */
  readonly field: number;
  /** `file=`: the injection file's name as given to -inf; undefined = the first -inf file. */
  readonly file: string | undefined;
  /** `line=`: keyword text giving the 0-based line; undefined = the call's own line. */
  readonly line: string | undefined;
}

/** How a keyword slot produces its value. Offsets (`[cseq+1]`) are applied by the resolver. */
export type KeywordResolver = (src: KeywordSource, slot: KeywordSlot) => string;

export interface KeywordSlot {
  /** Keyword as written without brackets and offset, e.g. `cseq`, `last_Via:`, `$user`. */
  readonly name: string;
  /** `+N`/`-N` suffix, 0 when none. */
  readonly offset: number;
  /** `name="value"` parameters, e.g. for `[authentication username=x]`. */
  readonly params: Readonly<Record<string, string>>;
  /** True when the slot starts a line: an empty value then also swallows the line break. */
  readonly atLineStart: boolean;
  /** True for `[len]`: filled after the body is rendered, right-aligned in 5 columns. */
  readonly isLen: boolean;
  readonly resolve: KeywordResolver;
}

/** A compiled `<send>` body: literal byte chunks and keyword slots, CRLF line ends already. */
export interface Template {
  readonly parts: ReadonlyArray<Buffer | KeywordSlot>;
  /** The literal first line (keywords are not allowed there), without CRLF. */
  readonly firstLine: string;
  readonly isRequest: boolean;
  /** Method for requests (`INVITE`), '' for responses. */
  readonly method: string;
  /** Status code for responses, 0 for requests. */
  readonly statusCode: number;
}

// ----------------------------------------------------------------------------- actions

/** One `<action>` child, attributes kept verbatim; engine/actions/ interprets them. */
export interface Action {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly pos: SourcePos;
  /**
   * Attributes SIPp expands keywords in (`message`, `value` of assignstr, `command`), compiled
   * at load time so an unknown keyword there is a load error and the engine only renders.
   */
  readonly texts: Readonly<Record<string, Template>>;
  /** `ereg`: the pattern compiled once at load (POSIX ERE translated: action-posix-regex). */
  readonly regex?: RegExp;
  /** `assign_to` split on commas at load time (ereg: whole match then sub-expressions). */
  readonly assignTo?: ReadonlyArray<string>;
  /** `sample`: the distribution read at load time. */
  readonly distribution?: Distribution;
}

/** A random distribution of `<pause>` and `sample` (SIPp's names and parameters, §3.6). */
export type Distribution =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly stdev: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly stdev: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'weibull'; readonly lambda: number; readonly k: number }
  | { readonly kind: 'pareto'; readonly k: number; readonly xm: number }
  | {
      readonly kind: 'gpareto';
      readonly shape: number;
      readonly scale: number;
      readonly location: number;
    }
  | { readonly kind: 'gamma'; readonly k: number; readonly theta: number }
  | { readonly kind: 'negbin'; readonly n: number; readonly p: number };

// ----------------------------------------------------------------------------- commands

export interface CommandBase {
  /** Position in `Scenario.commands`. */
  readonly index: number;
  readonly pos: SourcePos;
  /** Resolved `next` label. */
  readonly next?: number;
  readonly test?: string;
  readonly chance?: number;
  /** Resolved `ontimeout` label. */
  readonly onTimeout?: number;
  readonly condExec?: string;
  readonly condExecInverse: boolean;
  readonly counter?: string;
  /** `rtd`: name of the response-time timer stopped here (`true` is stored as `1`). */
  readonly rtd?: string;
  readonly startRtd?: string;
  readonly repeatRtd: boolean;
  readonly crlf: boolean;
  /** `ignoresdp`: a received SDP here does not change the call's remote media address. */
  readonly ignoreSdp?: boolean;
  /** `lost` percentage, 0..100. */
  readonly lostPercent?: number;
  readonly hide: boolean;
  readonly display?: string;
  readonly actions: ReadonlyArray<Action>;
}

export interface SendCommand extends CommandBase {
  readonly kind: 'send';
  readonly template: Template;
  /** `retrans`: T1 for UDP retransmission; undefined = never retransmitted. */
  readonly retransMs?: number;
  readonly timeoutMs?: number;
  readonly startTxn?: string;
  readonly ackTxn?: string;
}

export interface RecvCommand extends CommandBase {
  readonly kind: 'recv';
  /** Expected method (or regex source when regexpMatch). */
  readonly request?: string;
  readonly regexpMatch: boolean;
  /** Expected status code. */
  readonly response?: number;
  readonly optional: 'no' | 'yes' | 'global';
  /** `timeout`; undefined = `-recv_timeout`. */
  readonly timeoutMs?: number;
  readonly rrs: boolean;
  readonly auth: boolean;
  readonly responseTxn?: string;
  readonly advanceState: boolean;
  /**
   * CSeq methods of requests sent before this step (SIPp matches a response only when its CSeq
   * method is among them, or the step is the first one).
   */
  readonly sentMethodsBefore: ReadonlySet<string>;
}

export type PauseDuration =
  | { kind: 'default' }
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'variable'; name: string }
  /** normal, lognormal, exponential, weibull, pareto, gpareto, gamma, negbin. */
  | { kind: 'distribution'; distribution: Distribution };

export interface PauseCommand extends CommandBase {
  readonly kind: 'pause';
  readonly duration: PauseDuration;
  /** `<timewait>`: a pause that may only be last; a call ending in it still succeeds. */
  readonly isTimewait: boolean;
}

export interface NopCommand extends CommandBase {
  readonly kind: 'nop';
}

/** `<sendCmd>`: a 3PCC command to the twin instance (engine/three-pcc.ts sends it). */
export interface SendCmdCommand extends CommandBase {
  readonly kind: 'sendCmd';
  readonly template: Template;
  /** `dest`: the peer's name in 3PCC extended mode (`-slave_cfg`); undefined in classic mode. */
  readonly dest?: string;
}

/** `<recvCmd>`: waits for a 3PCC command for this call (matched by its `Call-ID:`). */
export interface RecvCmdCommand extends CommandBase {
  readonly kind: 'recvCmd';
  readonly optional: 'no' | 'yes' | 'global';
  /** `src`: the sender's name in 3PCC extended mode (the command's `From:`). */
  readonly src?: string;
  /** `timeout`; undefined = `-recv_timeout`. */
  readonly timeoutMs?: number;
}

export type Command =
  SendCommand | RecvCommand | PauseCommand | NopCommand | SendCmdCommand | RecvCmdCommand;

export interface Scenario {
  /** `name` attribute of `<scenario>`, '' when absent. */
  readonly name: string;
  /** Basename without `.xml` (or the built-in name): prefix of trace file names. */
  readonly fileStem: string;
  readonly commands: ReadonlyArray<Command>;
  /** Label id → command index it points at (may equal commands.length = end of scenario). */
  readonly labels: ReadonlyMap<string, number>;
  /**
   * Client when the first non-pause/nop command is a send (or sendCmd), server when it is a recv
   * (or recvCmd).
   */
  readonly mode: 'client' | 'server';
  /**
   * 3PCC role, from the first twin command (SIPp's computeSippMode): `sends-first` connects to the
   * twin (controller A, master), `receives-first` listens and its calls are created by commands
   * (controller B, slave). Absent when the scenario has no sendCmd/recvCmd.
   */
  readonly twin?: 'sends-first' | 'receives-first';
  /** `<ResponseTimeRepartition value>` bucket bounds in ms; empty when absent. */
  readonly responseTimeRepartition: ReadonlyArray<number>;
  readonly callLengthRepartition: ReadonlyArray<number>;
  /** RTD names in order of first appearance (`1` for `rtd="true"`). */
  readonly rtdNames: ReadonlyArray<string>;
  /** Generic counter names in order of first appearance. */
  readonly counterNames: ReadonlyArray<string>;
  /** Sum of fixed pause durations (feeds SIPp's default `-l`). */
  readonly totalPauseMs: number;
  /** Variables declared `<Global>`. */
  readonly globalVariables: ReadonlyArray<string>;
  /** Variables declared `<User>`: per `-users` user, kept across its calls (else per call). */
  readonly userVariables?: ReadonlyArray<string>;
  /** `<init>`: nops run once before traffic (labels resolved within it); empty when absent. */
  readonly init: ReadonlyArray<Command>;
  /** Load-time warnings (`file:line...: text`): what SIPp accepts in silence; print them once. */
  readonly warnings: ReadonlyArray<string>;
}
