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

/** 3PCC: classic mode names the twin; extended mode names this instance and the address file. */
export interface ThreePccConfig {
  /** `-3pcc ip:port` (port 6060 when omitted). */
  twin?: HostPort;
  /** `-master name`. */
  master?: string;
  /** `-slave name`. */
  slave?: string;
  /** `-slave_cfg file`: lines `name;host:port`. */
  slaveCfg?: string;
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
  /**
   * `-t ui`: client calls share one socket per local IP, taken from the injection file's
   * `-ip_field` column of the call's line (docs/socket-modes.md).
   */
  perLocalIp?: boolean;
}

/** `-max_reconnect`, `-reconnect_close`, `-reconnect_sleep`: a lost client connection. */
export interface ReconnectConfig {
  /** Reconnections allowed in the run (-1 = no cap); 0: a lost `-t t1` connection ends it. */
  max: number;
  /** Fail the calls that were on the lost connection (true) or carry them over (false). */
  closeCalls: boolean;
  /** Pause before each reconnection. */
  sleepMs: number;
}

/**
 * TLS for `-t l1/ln` and WebSocket over TLS (`wss`): SIPp's `-tls_*` flags plus what SIPp lacks
 * (verification of the server by default, SNI). Files are read when the run opens its sockets.
 */
export interface TlsConfig {
  /** `-tls_cert` (SIPp's default `cacert.pem`): our certificate chain, PEM. */
  certFile: string;
  /** `-tls_key` (SIPp's default `cakey.pem`): its private key, PEM. */
  keyFile: string;
  /** `-tls_ca`: CAs we trust for the peer; undefined = Node's store plus NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  /** `-tls_crl`: revoked certificates, PEM. */
  crlFile?: string;
  /** `-tls_version`: lowest version offered (`1.0`, `1.1`, `1.2`, `1.3`); undefined = Node's. */
  version?: string;
  /** SNI a client sends; undefined = the remote host when it is a name (not an IP literal). */
  serverName?: string;
  /** A client checks the server's certificate (false only with the lab flag that skips it). */
  verifyServer: boolean;
  /** A server asks clients for a certificate and refuses those its CAs do not sign. */
  requireClientCert: boolean;
  /** `-tls_cert`/`-tls_key` were given: a missing file is an error, not "send no certificate". */
  certGiven: boolean;
  /** `-tls_handshake_timeout`: a handshake not done by then is abandoned (both sides). */
  handshakeTimeoutMs: number;
}

/**
 * Bounds on what peers of a stream listener (TCP, TLS, WebSocket) may hold: Gossipper flags,
 * SIPp has none. 0 = off.
 */
export interface StreamLimitsConfig {
  /** `-max_connections`: accepted connections open at once; more are refused and named. */
  maxConnections: number;
  /** `-idle_timeout`: an accepted connection with no bytes either way for this long is closed. */
  idleTimeoutMs: number;
  /** `-message_timeout`: a message still unfinished after this long closes its connection. */
  messageTimeoutMs: number;
}

/** SIP over WebSocket (RFC 7118): `-t w1/wn` (ws) and `-t wss1/wssn` (wss). */
export interface WebSocketConfig {
  /** Path of the HTTP upgrade request a client sends and a server accepts (`/`). */
  path: string;
  /** `-ws_ping`: ms between pings; a connection with no pong since the last one closes. 0 = off. */
  pingIntervalMs: number;
  /** `-ws_max_frame`: largest WebSocket message accepted; a bigger one closes its connection. */
  maxFrameBytes: number;
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
  // The other trace files (docs/traces.md; src/output/trace-set.ts builds them). Each is off
  // when absent; `*File` overrides `<scenario>_<pid>_<kind>.<ext>`; `*Append` is
  // `-X_overwrite false`.
  errorAppend?: boolean;
  /** `-trace_msg`, `-message_file`, `-message_overwrite false`. */
  messages?: boolean;
  messageFile?: string;
  messageAppend?: boolean;
  /** `-trace_shortmsg`, `-shortmessage_file`, `-shortmessage_overwrite false`. */
  shortMessages?: boolean;
  shortMessageFile?: string;
  shortMessageAppend?: boolean;
  /** `-trace_logs`, `-log_file`, `-log_overwrite false`. */
  logs?: boolean;
  logFile?: string;
  logAppend?: boolean;
  /** `-trace_screen`, `-screen_file`, `-screen_overwrite false`. */
  screen?: boolean;
  screenFile?: string;
  screenAppend?: boolean;
  /** `-trace_stat`, `-stf`, `-stat_delimiter`, `-periodic_rtd`. */
  stat?: boolean;
  statFile?: string;
  statDelimiter?: string;
  periodicRtd?: boolean;
  /** `-trace_counts`. */
  counts?: boolean;
  /** `-trace_error_codes`. */
  errorCodes?: boolean;
  /** `-trace_rtt`, `-rtt_freq` (samples between writes, default 200). */
  rtt?: boolean;
  rttFreq?: number;
  /** `-trace_calldebug`, `-calldebug_file`, `-calldebug_overwrite false`. */
  callDebug?: boolean;
  callDebugFile?: string;
  callDebugAppend?: boolean;
  /** `-max_log_size`, `-ringbuffer_size`, `-ringbuffer_files` (bytes, bytes, count; 0 = off). */
  maxLogBytes?: number;
  ringbufferBytes?: number;
  ringbufferFiles?: number;
}

/**
 * SIPp's watchdog (`-watchdog_*`): a timer every intervalMs; a gap between two firings longer
 * than a threshold is a minor or major trip (an event-loop stall), counted in the statistics.
 */
export interface WatchdogConfig {
  /** `-watchdog_interval` (400); 0 = no watchdog. */
  intervalMs: number;
  /** `-watchdog_reset` (600000): trip counts reset after this long without a trip; 0 = never. */
  resetMs: number;
  /** `-watchdog_minor_threshold` (500). */
  minorThresholdMs: number;
  /** `-watchdog_major_threshold` (3000). */
  majorThresholdMs: number;
  /** `-watchdog_minor_maxtriggers` (120): more minor trips end the run (exit 255); -1 = no end. */
  minorMaxTriggers: number;
  /** `-watchdog_major_maxtriggers` (10). */
  majorMaxTriggers: number;
}

/** What a run leaves for people and CI beyond SIPp's files (docs/results.md). */
export interface ResultsConfig {
  /** `-summary_json`: the run summary, written atomically at every exit. */
  summaryJson?: string;
  /** `-summary_html`: the run's standalone HTML report (src/report/), written at exit. */
  summaryHtml?: string;
  /** `-junit`: the gates as JUnit XML. */
  junit?: string;
  /** `-call_records_jsonl`: one JSON line per finished call. */
  callRecords?: string;
  /** `-threshold`, in order given (parsed by stats/gates.ts). */
  thresholds: string[];
  /** `-health_min_success_ratio` (0..1). */
  minSuccessRatio?: number;
  /** `-health_max_failed_calls`. */
  maxFailedCalls?: number;
  /** `-health_max_timeouts`. */
  maxTimeouts?: number;
  /** `-health_max_rtcp_fraction_lost` (0..1): mean of the far ends' last RTCP fraction lost. */
  maxRtcpFractionLost?: number;
  /** `-health_max_rtcp_jitter_ts`: mean far-end RTCP jitter, in 8 kHz timestamp units. */
  maxRtcpJitterTs?: number;
  /** `-health_min_rtp_packets_recv`: RTP packets received by the whole run. */
  minRtpPacketsRecv?: number;
  /** `-health_min_rtp_packets_recv_per_call`: RTP received over calls created. */
  minRtpPacketsRecvPerCall?: number;
}

/** `-dynamicStart` / `-dynamicMax` / `-dynamicStep`: the run-wide `[dynamic_id]` counter. */
export interface DynamicIdConfig {
  start: number;
  max: number;
  step: number;
}

/** SIPp's RTP flags. */
export interface RtpConfig {
  /** `-rtp_echo`: every RTP datagram received on a media port goes back to its sender. */
  echo: boolean;
  /**
   * `-mb`: SIPp's echo read buffer. Ours reads whole datagrams (up to 64 KiB) whatever it says;
   * kept so SIPp command lines run unchanged.
   */
  echoBufferBytes: number;
  /** `-rtp_payload`: the payload type of `rtp_stream` when its third argument is absent. */
  payloadType: number;
  /**
   * `-rtp_threadtasks`: SIPp's streams per playback thread. Every stream here is paced by the
   * engine's one scheduler, so it changes nothing; accepted and checked (≥ 1).
   */
  threadTasks: number;
  /** `-rtp_buffsize`: SO_RCVBUF / SO_SNDBUF of each media socket. */
  socketBufferBytes: number;
  /** `-record_wav_dir`: each call's audio as `<call number>-<Call-ID>.wav` there. */
  recordWavDir?: string;
  /** `-record_wav_duplex`: stereo recordings, left what a call sent, right what it received. */
  recordWavDuplex: boolean;
  /**
   * What a call does when the remote SDP asks for SRTP (docs/media.md, "SRTP"): `ask` (neither
   * flag) fails its media with an error naming both flags, `use` (`-media_srtp`) keys SDES SRTP,
   * `reject` (`-media_reject_srtp`) fails its media as refused.
   */
  srtpPolicy: SrtpPolicy;
  /** `-rtcp_interval`: ms between a call's RTCP reports (RFC 3550's 5 s minimum); 0: no RTCP. */
  rtcpIntervalMs: number;
}

export type SrtpPolicy = 'ask' | 'use' | 'reject';

export interface RunConfig {
  scenario: ScenarioSource;
  /**
   * `-oocsf` / `-oocsn`: requests of no call (client mode) each start a call on this scenario;
   * undefined = SIPp's default: they are counted and discarded (or auto-answered with `-aa`).
   */
  outOfCallScenario?: ScenarioSource;
  /** Positional `remote_host[:port]`: goes into the headers (`[remote_ip]`, `[remote_port]`). */
  remote?: HostPort;
  /** `-rsa`: where datagrams are actually sent (outbound proxy); defaults to `remote`. */
  remoteSendAddress?: HostPort;
  /** 3PCC (`-3pcc`, `-master`, `-slave`, `-slave_cfg`): the twin connections; see docs/3pcc.md. */
  threePcc?: ThreePccConfig;
  /** `-s` (service). */
  service: string;
  /** `-i`: local IP shown in messages; undefined = first non-internal IPv4 of the host. */
  localIp?: string;
  /** `-p`: local SIP port; undefined = first free of 5060..5119, then OS-chosen. */
  localPort?: number;
  /** `-t`. */
  transport: TransportConfig;
  /** `-tls_*`: used by the `tls` and `wss` transports. */
  tls: TlsConfig;
  /** The `ws` and `wss` transports. */
  webSocket: WebSocketConfig;
  /** Bounds on stream listeners' peers (`-max_connections`, `-idle_timeout`...). */
  streamLimits: StreamLimitsConfig;
  /** `-mi` / `-mp`. */
  mediaIp?: string;
  mediaPort: number;
  /** SIPp's other RTP flags (docs/media.md). */
  rtp: RtpConfig;

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
  /** `-pause_msg_ign`: drop every message that reaches a call while it is in a pause. */
  pauseMsgIgn: boolean;
  /** `-callid_slash_ign`: match Call-IDs whole, without stripping a `prefix///`. */
  callidSlashIgn: boolean;
  /**
   * `-buff_size`: SO_SNDBUF/SO_RCVBUF; undefined = our load-run default (see docs/performance.md).
   */
  socketBufferBytes?: number;
  /**
   * `-max_stream_buffer` (Gossipper): bytes all TCP connections of the run may hold together for
   * unfinished messages; a connection that would pass it is closed as malformed.
   */
  maxStreamBufferBytes: number;
  /**
   * `-max_socket`: sockets open at once in per-call modes, counted as SIPp does (the SIP-port
   * socket and the remote-control socket included); past it, calls share open ones.
   */
  maxSockets: number;
  reconnect: ReconnectConfig;

  /** `-nostdin`. */
  noStdin: boolean;
  /** `-ci`: address of the remote-control UDP socket; undefined = loopback. */
  controlIp?: string;
  /** `-cp`: its port; undefined = the first free one from 8888. */
  controlPort?: number;
  /** `-rate_scale`: step of the `+ - * /` rate keys. */
  rateScale: number;
  /** `-sleep` (seconds on the command line): wait this long before starting traffic. */
  sleepMs: number;
  /** `-lost`: loss percentage of every send/recv without its own `lost=`; 0 = none. */
  lostPercent: number;
  dynamicId: DynamicIdConfig;
  watchdog: WatchdogConfig;
  /** `-bg`. */
  background: boolean;
  /** `-fd` (seconds on the command line): statistics period, and `-rate_interval`'s default. */
  statsPeriodMs: number;
  /** `-f` (seconds on the command line). */
  screenRefreshMs: number;
  traces: TraceConfig;
  /** Summary JSON, gates, call records (docs/results.md). */
  results: ResultsConfig;

  /** `-key name value`, in order given. */
  keywords: Record<string, string>;
  /** `-set var value`: global variables before start. */
  globals: Record<string, string>;
  /** `-au` / `-ap`. */
  authUser?: string;
  authPassword: string;
  /** `-auth_uri`: digest `uri=` instead of the Request-URI (`host:port` gets `sip:`). */
  authUri?: string;
  /** `-aka_K` / `-aka_OP` / `-aka_AMF` (Gossipper): AKAv1-MD5 keys, `0x` + hex or raw bytes. */
  akaK?: string;
  akaOp?: string;
  akaAmf?: string;
  /** `-threads` (Gossipper): worker-thread shards sharing the load, each with its own socket. */
  threads: number;
  /**
   * `-seed` (Gossipper): seed of the random source behind `lost=`, `chance=` and uniform pauses,
   * so a run can be replayed; undefined = a random seed per run.
   */
  seed?: number;
  /** `-inf`, `-infindex`, `-ip_field` (docs/injection.md). */
  injection: InjectionConfig;
  /** `-users N`: users mode, N calls at all times, each user calling again when its call ends. */
  users?: number;
  /**
   * `-threads`: the users this shard runs, ids offset+1..offset+count of `users` (set by
   * shard/load-split.ts; `[users]` still shows N).
   */
  userShare?: { readonly offset: number; readonly count: number };
  /** `-api_addr` / `-api_token` / `-drain_timeout`: the management HTTP API (docs/server.md). */
  api: ApiConfig;
  /** `-hep_*`: HEP3 export to a Homer collector (docs/hep.md). */
  hep: HepConfig;
}

/** HEP3 export (src/export/); `addr` undefined = nothing is exported. */
export interface HepConfig {
  /** `-hep_addr host:port`: the collector (UDP). */
  addr?: HostPort;
  /** `-hep_capture_id`: chunk 12 of every packet. */
  captureId: number;
  /** `-hep_password`: chunk 14 (auth key); empty = not sent. */
  password: string;
  /**
   * RTCP as HEP type 5: `raw` (`-hep_raw_rtcp`, the packets as sent and received) or
   * `homer-lake` (`-hep_homer_lake_rtcp`, JSON; wins over raw); `off` = SIP only.
   */
  rtcp: 'off' | 'raw' | 'homer-lake';
  /** `-send_media_report`: periodic per-stream RTP (HEP 35) and DTMF (HEP 100) reports. */
  mediaReport: boolean;
}

/** The management HTTP API (src/server/); `addr` undefined = no API on a one-shot run. */
export interface ApiConfig {
  /** `-api_addr host:port`; `gossipper server` defaults it to 127.0.0.1:8080. */
  addr?: HostPort;
  /** `-api_token`: the legacy bearer token; undefined = the API is open. */
  token?: string;
  /** `-drain_timeout` (seconds on the command line): how long SIGTERM waits for calls. */
  drainTimeoutMs: number;
  /**
   * `-api_allow_open`: serve the API with no authentication on a non-loopback address (refused
   * without it: anyone reaching the port could drive the load).
   */
  allowOpen?: boolean;
  /** Internal users (flat JSON `auth`, `gossipper server -config`); src/users/ reads them. */
  internalAuth?: InternalAuthConfig;
}

/** Flat JSON `"auth": {"type": "internal", ...}` (reference §B10), checked and resolved. */
export interface InternalAuthConfig {
  /** Absolute path of the SQLite users database. */
  readonly sqlitePath: string;
  /** The configured HS256 secret (≥ 32 bytes); undefined: a random one kept in the database. */
  readonly jwtSecret?: string;
  /** Lifetime of a login token, seconds (default 24 h, as the reference). */
  readonly tokenTtlS: number;
}

/** Injection files (src/injection/ loads them). */
export interface InjectionConfig {
  /** `-inf`, in order given (the first is `[fieldN]`'s default): name as written, path to read. */
  files: Array<{ name: string; path: string }>;
  /** `-infindex <file> <field>`: `<lookup>` maps on a column of a file named as given to -inf. */
  indexes: Array<{ file: string; field: number }>;
  /** `-ip_field` (0): the field holding the local IP for `-t ui`. */
  ipField: number;
  /**
   * `-threads N`: shard `index` of `count` takes SEQUENTIAL lines index, index+count, ... so the
   * shards together walk each file as one SIPp does (shard/load-split.ts sets it). Absent: 0, 1.
   */
  sequentialShard?: { readonly index: number; readonly count: number };
}

/** SIPp's defaults (`sipp -h` of SIPp 3.6.1) for everything a front-end does not set. */
export function defaultRunConfig(): RunConfig {
  return {
    scenario: { kind: 'builtin', name: 'uac' },
    service: 'service',
    transport: { protocol: 'udp', sockets: 'shared' },
    tls: {
      certFile: 'cacert.pem',
      keyFile: 'cakey.pem',
      verifyServer: true,
      requireClientCert: false,
      certGiven: false,
      handshakeTimeoutMs: 10_000,
    },
    streamLimits: { maxConnections: 50_000, idleTimeoutMs: 0, messageTimeoutMs: 30_000 },
    webSocket: { path: '/', pingIntervalMs: 30_000, maxFrameBytes: 256 * 1024 },
    mediaPort: 6000,
    rtp: {
      echo: false,
      echoBufferBytes: 2048,
      payloadType: 8,
      threadTasks: 20,
      socketBufferBytes: 65535,
      recordWavDuplex: false,
      srtpPolicy: 'ask',
      rtcpIntervalMs: 5000,
    },
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
    pauseMsgIgn: false,
    callidSlashIgn: false,
    // 32 MiB: 500 connections each mid-way through a 64 KiB header, or 32 through a 1 MiB body,
    // at once; legitimate traffic holds a few kB per connection, and only between two reads.
    maxStreamBufferBytes: 32 * 1024 * 1024,
    maxSockets: 50_000,
    reconnect: { max: 0, closeCalls: true, sleepMs: 0 },
    noStdin: false,
    rateScale: 1,
    sleepMs: 0,
    lostPercent: 0,
    dynamicId: { start: 10_000, max: 12_000, step: 4 },
    watchdog: {
      intervalMs: 400,
      resetMs: 600_000,
      minorThresholdMs: 500,
      majorThresholdMs: 3000,
      minorMaxTriggers: 120,
      majorMaxTriggers: 10,
    },
    background: false,
    statsPeriodMs: 60_000,
    screenRefreshMs: 1000,
    traces: { errors: false },
    results: { thresholds: [] },
    keywords: {},
    globals: {},
    authPassword: 'password',
    threads: 1,
    injection: { files: [], indexes: [], ipField: 0 },
    api: { drainTimeoutMs: 30_000 },
    hep: { captureId: 0, password: '', rtcp: 'off', mediaReport: false },
  };
}
