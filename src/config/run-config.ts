/**
 * The one typed description of a run. Every front-end (flags, profile JSON, HTTP API, console)
 * builds one of these; the engine and outputs consume narrow slices of it and nothing else reads
 * flags. Times are milliseconds unless the name says otherwise.
 */
import type { SocketMode, TransportName } from '../transport/index.ts';

export interface HostPort {
  /** Host as the user wrote it (name or literal, IPv6 without brackets). */
  host: string;
  port: number;
}

export type ScenarioSource = { kind: 'builtin'; name: string } | { kind: 'file'; path: string };

/**
 * Which transport a run speaks and how many sockets it opens. Front-ends map their own spelling
 * onto it (cli/ maps SIPp's `-t u1/un/t1/tn`); what each protocol opens is in the
 * transport registry.
 */
export interface TransportConfig {
  protocol: TransportName;
  /**
   * `shared`: one socket (UDP) or connection (TCP client) for every call; `per-call`: a client
   * opens one per call. An answering run is the same in both (one socket, or one listener).
   */
  sockets: SocketMode;
}

export interface RateConfig {
  /** `-r`: calls per period. */
  callsPerPeriod: number;
  /** `-rp`: period length. */
  periodMs: number;
  /** `-rate_increase`: added to callsPerPeriod every intervalMs; 0 = off. */
  increase: number;
  /** `-rate_max`: stop increasing (and quit unless noRateQuit) at this rate; 0 = none. */
  max: number;
  /** `-rate_interval` (SIPp's default is -fd, 60 s). */
  intervalMs: number;
  /** `-no_rate_quit`. */
  noRateQuit: boolean;
}

export interface RetransConfig {
  /** false with `-nr`: no UDP retransmissions and no detection of received retransmissions. */
  enabled: boolean;
  /** `-max_retrans` (9). */
  max: number;
  /** `-max_invite_retrans` (5). */
  maxInvite: number;
  /** `-max_non_invite_retrans` (9). */
  maxNonInvite: number;
  /** `-T2` (4000): cap of the doubling interval for non-INVITE requests. */
  t2Ms: number;
}

/** `-default_behaviors` resolved to flags. */
export interface DefaultBehaviors {
  /** Send CANCEL/ACK/BYE when aborting a call. */
  bye: boolean;
  /** Abort a call on an unexpected message. */
  abortUnexpected: boolean;
  /** Answer an unexpected PING with 200. */
  pingReply: boolean;
}

export interface TraceConfig {
  /** `-trace_err`. */
  errors: boolean;
  /** `-error_file`; undefined = `<scenario>_<pid>_errors.log`. */
  errorFile?: string;
}

export interface RunConfig {
  scenario: ScenarioSource;
  /** Positional `remote_host[:port]`: goes into the headers (`[remote_ip]`, `[remote_port]`). */
  remote?: HostPort;
  /** `-rsa`: where datagrams are actually sent (outbound proxy); defaults to `remote`. */
  remoteSendAddress?: HostPort;
  /** `-s` (service). */
  service: string;
  /** `-i`: local IP shown in messages; undefined = first non-internal IPv4 of the host. */
  localIp?: string;
  /** `-p`: local SIP port; undefined = first free of 5060..5119, then OS-chosen. */
  localPort?: number;
  /** `-t`. */
  transport: TransportConfig;
  /** `-mi` / `-mp`. */
  mediaIp?: string;
  mediaPort: number;

  rate: RateConfig;
  /** `-l`: max simultaneous calls; undefined = SIPp's computed default. */
  callLimit?: number;
  /** `-m`: total calls (client) / incoming calls (server) before quitting; undefined = no limit. */
  maxCalls?: number;
  /** `-d`: duration of `<pause/>` without its own duration. */
  defaultPauseMs: number;

  /** `-timeout` (given in seconds on the command line): soft quit after this long; 0 = none. */
  runTimeoutMs: number;
  /** `-timeout_error`: reaching -timeout is a fatal error (exit 255). */
  timeoutIsError: boolean;
  /** `-recv_timeout`: default timeout for every `<recv>`; 0 = none. */
  recvTimeoutMs: number;
  /** `-send_timeout`. */
  sendTimeoutMs: number;
  retrans: RetransConfig;

  /** `-base_cseq`. */
  baseCseq: number;
  /** `-cid_str` (`%u-%p@%s`). */
  callIdFormat: string;
  /** `-aa`. */
  autoAnswer: boolean;
  defaultBehaviors: DefaultBehaviors;
  /** `-deadcall_wait` (33000). */
  deadCallWaitMs: number;
  /**
   * `-buff_size`: SO_SNDBUF/SO_RCVBUF; undefined = our load-run default (see docs/performance.md).
   */
  socketBufferBytes?: number;
  /**
   * `-max_stream_buffer` (Gossipper): bytes all TCP connections of the run may hold together for
   * unfinished messages; a connection that would pass it is closed as malformed.
   */
  maxStreamBufferBytes: number;

  /** `-nostdin`. */
  noStdin: boolean;
  /** `-bg`. */
  background: boolean;
  /** `-fd` (seconds on the command line): statistics period, and `-rate_interval`'s default. */
  statsPeriodMs: number;
  /** `-f` (seconds on the command line). */
  screenRefreshMs: number;
  traces: TraceConfig;

  /** `-key name value`, in order given. */
  keywords: Record<string, string>;
  /** `-set var value`: global variables before start. */
  globals: Record<string, string>;
  /** `-au` / `-ap`. */
  authUser?: string;
  authPassword: string;
  /** `-threads` (Gossipper): worker-thread shards sharing the load, each with its own socket. */
  threads: number;
  /**
   * `-seed` (Gossipper): seed of the random source behind `lost=`, `chance=` and uniform pauses,
   * so a run can be replayed; undefined = a random seed per run.
   */
  seed?: number;
}

/** SIPp's defaults (`sipp -h` of SIPp 3.6.1) for everything a front-end does not set. */
export function defaultRunConfig(): RunConfig {
  return {
    scenario: { kind: 'builtin', name: 'uac' },
    service: 'service',
    transport: { protocol: 'udp', sockets: 'shared' },
    mediaPort: 6000,
    rate: {
      callsPerPeriod: 10,
      periodMs: 1000,
      increase: 0,
      max: 0,
      intervalMs: 60_000,
      noRateQuit: false,
    },
    defaultPauseMs: 0,
    runTimeoutMs: 0,
    timeoutIsError: false,
    recvTimeoutMs: 0,
    sendTimeoutMs: 0,
    retrans: { enabled: true, max: 9, maxInvite: 5, maxNonInvite: 9, t2Ms: 4000 },
    baseCseq: 0,
    callIdFormat: '%u-%p@%s',
    autoAnswer: false,
    defaultBehaviors: { bye: true, abortUnexpected: true, pingReply: true },
    deadCallWaitMs: 33_000,
    // 32 MiB: 500 connections each mid-way through a 64 KiB header, or 32 through a 1 MiB body,
    // at once; legitimate traffic holds a few kB per connection, and only between two reads.
    maxStreamBufferBytes: 32 * 1024 * 1024,
    noStdin: false,
    background: false,
    statsPeriodMs: 60_000,
    screenRefreshMs: 1000,
    traces: { errors: false },
    keywords: {},
    globals: {},
    authPassword: 'password',
    threads: 1,
  };
}
