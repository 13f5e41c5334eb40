/**
 * Cross-field and range checks on a finished RunConfig. Single values are already typed by the
 * front-end (the flag parser, profile JSON...); this catches combinations and out-of-range
 * numbers before anything binds a socket. Messages name the SIPp flag, since that is the
 * vocabulary every front-end shares.
 */
import { parseAkaKey } from '../auth/index.ts';
import { FlagError } from '../errors.ts';
import type { HostPort, RunConfig } from './run-config.ts';

/** Upper bound of `-threads`: far above any core count we run on, low enough to catch typos. */
const MAX_THREADS = 64;
/** Least `-max_stream_buffer`: one connection must be able to hold a header block (64 KiB). */
const MIN_STREAM_BUFFER_BYTES = 64 * 1024;
/** Largest `-seed`: the engine's random source takes an unsigned 32-bit seed (engine/rng.ts). */
const MAX_SEED = 0xffff_ffff;

function fail(message: string, hint?: string): never {
  throw new FlagError('CONFIG_INVALID', message, hint);
}

function checkPort(flag: string, port: number | undefined, allowZero = false): void {
  if (port === undefined) return;
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(port) || port < min || port > 65535) {
    fail(`${flag}: ${port} is not a port (expected ${min}..65535)`);
  }
}

function checkRtp(rtp: RunConfig['rtp']): void {
  const { payloadType, threadTasks, socketBufferBytes, echoBufferBytes } = rtp;
  if (!(payloadType >= 0 && payloadType <= 127))
    fail(`-rtp_payload: ${payloadType} is not an RTP payload type (expected 0..127)`);
  if (!(threadTasks >= 1)) fail(`-rtp_threadtasks: ${threadTasks} (expected 1 or more)`);
  if (!(socketBufferBytes >= 0)) fail(`-rtp_buffsize: ${socketBufferBytes} (expected 0 or more)`);
  if (!(echoBufferBytes >= 1)) fail(`-mb: ${echoBufferBytes} (expected 1 or more)`);
  // A report every millisecond or two per call is a flood, not a measurement.
  const rtcpMs = rtp.rtcpIntervalMs;
  if (!(rtcpMs === 0 || (rtcpMs >= 100 && rtcpMs <= 3_600_000)))
    fail(`-rtcp_interval: ${rtcpMs} (expected 0 for no RTCP, or 100..3600000 ms)`);
}

function checkAddress(flag: string, address: HostPort | undefined): void {
  if (address === undefined) return;
  if (address.host === '') fail(`${flag}: the host is empty`);
  checkPort(flag, address.port);
}

function checkAtLeast(flag: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(value >= min))
    fail(`${flag}: ${value} is too small (expected at least ${min})`);
}

/**
 * `-aka_K`, `-aka_OP` (16 bytes) and `-aka_AMF` (2 bytes): `0x` and hex digits, the hex digits
 * alone, or that many raw characters. sipp pads a short key with zeros and cuts a long one
 * without a word; a key of the wrong size never authenticates, so it is refused here, at start.
 */
function checkAkaKeys(config: RunConfig): void {
  const keys: Array<[string, string | undefined, number]> = [
    ['-aka_K', config.akaK, 16],
    ['-aka_OP', config.akaOp, 16],
    ['-aka_AMF', config.akaAmf, 2],
  ];
  for (const [flag, text, bytes] of keys) {
    if (text === undefined || parseAkaKey(text, bytes) !== undefined) continue;
    const hex = /^0x/i.test(text) ? text.slice(2) : text;
    const why = /^0x/i.test(text)
      ? /^[0-9a-f]*$/i.test(hex)
        ? `${hex.length} hex digits`
        : `"${hex.replace(/[0-9a-f]/gi, '')[0]}" is not a hex digit`
      : `${text.length} characters`;
    fail(
      `${flag}: "${text}" is not a ${bytes}-byte key (${why})`,
      `give 0x and ${bytes * 2} hex digits (or ${bytes} characters)`,
    );
  }
}

function checkSeed(seed: number | undefined): void {
  if (seed === undefined || (Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) return;
  fail(`-seed: ${seed} is not a seed (expected an integer 0..${MAX_SEED})`);
}

function checkRate(config: RunConfig): void {
  const { rate } = config;
  checkAtLeast('-r', rate.callsPerPeriod, 0);
  checkAtLeast('-rp', rate.periodMs, 1);
  checkAtLeast('-rate_increase', rate.increase, 0);
  checkAtLeast('-rate_max', rate.max, 0);
  if (rate.increase > 0) checkAtLeast('-rate_interval', rate.intervalMs, 1);
  if (rate.increase > 0 && rate.max > 0 && rate.max < rate.callsPerPeriod) {
    fail(
      `-rate_max ${rate.max} is below the starting rate -r ${rate.callsPerPeriod}`,
      '-rate_increase only raises the rate, so -rate_max must be at least -r',
    );
  }
}

/** `-cp`, `-lost`, `[dynamic_id]` and the watchdog. */
function checkRuntimeControl(config: RunConfig): void {
  checkPort('-cp', config.controlPort);
  if (config.controlIp === '') fail('-ci: the address is empty');
  if (!(config.lostPercent >= 0 && config.lostPercent <= 100))
    fail(`-lost: ${config.lostPercent} is not a percentage (expected 0..100)`);
  const d = config.dynamicId;
  checkAtLeast('-dynamicStep', d.step, 1);
  if (d.max < d.start) fail(`-dynamicMax ${d.max} is below -dynamicStart ${d.start}`);
  const w = config.watchdog;
  checkAtLeast('-watchdog_minor_maxtriggers', w.minorMaxTriggers, -1);
  checkAtLeast('-watchdog_major_maxtriggers', w.majorMaxTriggers, -1);
}

/**
 * Trace files. With `-threads N` the files written from merged statistics (stat, counts,
 * screen), the error log and the message and log files (their text sent through the main
 * thread, shard/shard-traces.ts) exist; the rest are written by the engine that handles the
 * message, which is on another thread.
 */
function checkTraces(config: RunConfig): void {
  const t = config.traces;
  checkAtLeast('-rtt_freq', t.rttFreq, 1);
  checkAtLeast('-max_log_size', t.maxLogBytes, 0);
  checkAtLeast('-ringbuffer_size', t.ringbufferBytes, 0);
  checkAtLeast('-ringbuffer_files', t.ringbufferFiles, 0);
  if (t.statDelimiter === '') fail('-stat_delimiter: the delimiter is empty');
  if (config.threads <= 1) return;
  const perMessage: Array<[string, boolean | undefined]> = [
    ['-trace_rtt', t.rtt],
    ['-trace_error_codes', t.errorCodes],
    ['-trace_calldebug', t.callDebug],
  ];
  const asked = perMessage.filter(([, on]) => on === true).map(([flag]) => flag);
  if (asked.length > 0) {
    fail(
      `${asked.join(', ')} cannot be used with -threads ${config.threads}: each shard's engine ` +
        'handles its own messages on its own thread, and these files are written per message',
      'drop -threads (one engine writes every message), or keep -threads and use -trace_stat, ' +
        '-trace_counts, -trace_screen, -trace_err, -trace_msg, -trace_shortmsg and -trace_logs, ' +
        'which work with shards',
    );
  }
}

/** -hep_* (docs/hep.md): what the export cannot do is refused before anything binds. */
function checkHep(config: RunConfig): void {
  const hep = config.hep;
  checkAddress('-hep_addr', hep.addr);
  if (hep.addr !== undefined) return;
  if (hep.rtcp !== 'off') {
    const flag = hep.rtcp === 'raw' ? '-hep_raw_rtcp' : '-hep_homer_lake_rtcp';
    fail(`${flag} needs -hep_addr (the collector to send to)`);
  }
  if (hep.mediaReport) fail('-send_media_report needs -hep_addr (the collector to send to)');
}

/** Throws FlagError (code FLAG_VALUE) on the first rule the config breaks. */
export function validateRunConfig(config: RunConfig): void {
  checkAddress('remote host', config.remote);
  checkAddress('-rsa', config.remoteSendAddress);
  // -p 0 asks the OS for any free port, which SIPp also accepts.
  checkPort('-p', config.localPort, true);
  checkPort('-mp', config.mediaPort);
  checkRtp(config.rtp);
  checkRate(config);
  checkAkaKeys(config);
  checkAtLeast('-l', config.callLimit, 1);
  checkAtLeast('-m', config.maxCalls, 0);
  checkAtLeast('-max_retrans', config.retrans.max, 0);
  checkAtLeast('-max_invite_retrans', config.retrans.maxInvite, 0);
  checkAtLeast('-max_non_invite_retrans', config.retrans.maxNonInvite, 0);
  checkAtLeast('-T2', config.retrans.t2Ms, 1);
  checkAtLeast('-base_cseq', config.baseCseq, 0);
  checkAtLeast('-users', config.users, 1);
  checkAtLeast('-ip_field', config.injection.ipField, 0);
  for (const ix of config.injection.indexes) checkAtLeast('-infindex field', ix.field, 0);
  checkAtLeast('-buff_size', config.socketBufferBytes, 1);
  checkAtLeast('-max_stream_buffer', config.maxStreamBufferBytes, MIN_STREAM_BUFFER_BYTES);
  // SIPp counts the SIP-port and control sockets too; below 3 no call could ever get one.
  checkAtLeast('-max_socket', config.maxSockets, 3);
  checkAtLeast('-max_reconnect', config.reconnect.max, -1);
  checkAtLeast('-reconnect_sleep', config.reconnect.sleepMs, 0);
  checkAtLeast('-max_connections', config.streamLimits.maxConnections, 0);
  checkAtLeast('-idle_timeout', config.streamLimits.idleTimeoutMs, 0);
  checkAtLeast('-message_timeout', config.streamLimits.messageTimeoutMs, 0);
  checkAtLeast('-tls_handshake_timeout', config.tls.handshakeTimeoutMs, 1);
  // One WebSocket message is one SIP message: it must at least hold a header block.
  checkAtLeast('-ws_max_frame', config.webSocket.maxFrameBytes, 1024);
  checkAtLeast('-ws_ping', config.webSocket.pingIntervalMs, 0);
  if (!config.webSocket.path.startsWith('/')) {
    fail(`-ws_path: "${config.webSocket.path}" is not a path (expected one starting with /)`);
  }
  checkAtLeast('-f', config.screenRefreshMs, 1);
  if (!Number.isInteger(config.threads) || config.threads < 1 || config.threads > MAX_THREADS) {
    fail(`-threads: ${config.threads} is not a thread count (expected 1..${MAX_THREADS})`);
  }
  checkSeed(config.seed);
  checkRuntimeControl(config);
  checkTraces(config);
  checkHep(config);
  if (config.callIdFormat === '') fail('-cid_str: the Call-ID format is empty');
  if (config.scenario.kind === 'builtin' && config.scenario.name === '')
    fail('-sn: the scenario name is empty');
  if (config.scenario.kind === 'file' && config.scenario.path === '')
    fail('-sf: the file name is empty');
}
