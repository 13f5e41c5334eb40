import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAG_GROUPS, FLAG_TABLE, findFlag } from '../../src/cli/index.ts';

// Every option printed by `sipp -h` on SIPp 3.6.1 (Debian sip-tester), in its order.
const SIPP_361_FLAGS = [
  'sd',
  'sf',
  'oocsf',
  'oocsn',
  'sn',
  't',
  'i',
  'p',
  'bind_local',
  'ci',
  'cp',
  'max_socket',
  'max_reconnect',
  'reconnect_close',
  'reconnect_sleep',
  'rsa',
  'multihome',
  'heartbeat',
  'assocmaxret',
  'pathmaxret',
  'pmtu',
  'gracefulclose',
  'v',
  'bg',
  'nostdin',
  'plugin',
  'sleep',
  'skip_rlimit',
  'buff_size',
  'sendbuffer_warn',
  'lost',
  'key',
  'set',
  'tdmmap',
  'dynamicStart',
  'dynamicMax',
  'dynamicStep',
  'aa',
  'base_cseq',
  'cid_str',
  'd',
  'deadcall_wait',
  'auth_uri',
  'au',
  'ap',
  's',
  'default_behaviors',
  'nd',
  'pause_msg_ign',
  'callid_slash_ign',
  'inf',
  'infindex',
  'ip_field',
  'mi',
  'rtp_echo',
  'mb',
  'mp',
  'rtp_payload',
  'rtp_threadtasks',
  'rtp_buffsize',
  'r',
  'rp',
  'rate_scale',
  'rate_increase',
  'rate_max',
  'rate_interval',
  'no_rate_quit',
  'l',
  'm',
  'users',
  'recv_timeout',
  'send_timeout',
  'timeout',
  'timeout_error',
  'max_retrans',
  'max_invite_retrans',
  'max_non_invite_retrans',
  'nr',
  'rtcheck',
  'T2',
  '3pcc',
  'master',
  'slave',
  'slave_cfg',
  'timer_resol',
  'max_recv_loops',
  'max_sched_loops',
  'watchdog_interval',
  'watchdog_reset',
  'watchdog_minor_threshold',
  'watchdog_major_threshold',
  'watchdog_major_maxtriggers',
  'watchdog_minor_maxtriggers',
  'f',
  'trace_stat',
  'stat_delimiter',
  'stf',
  'fd',
  'periodic_rtd',
  'trace_msg',
  'message_file',
  'message_overwrite',
  'trace_shortmsg',
  'shortmessage_file',
  'shortmessage_overwrite',
  'trace_counts',
  'trace_err',
  'error_file',
  'error_overwrite',
  'trace_error_codes',
  'trace_calldebug',
  'calldebug_file',
  'calldebug_overwrite',
  'trace_screen',
  'screen_file',
  'screen_overwrite',
  'trace_rtt',
  'rtt_freq',
  'trace_logs',
  'log_file',
  'log_overwrite',
  'ringbuffer_files',
  'ringbuffer_size',
  'max_log_size',
];

test('the table holds every SIPp 3.6.1 flag, plus -h/-help and the TLS-build flags', () => {
  assert.equal(SIPP_361_FLAGS.length, 124);
  for (const name of SIPP_361_FLAGS)
    assert.ok(findFlag(name), `-${name} is missing from the table`);
  for (const name of ['h', 'help', 'tls_cert', 'tls_key', 'tls_ca', 'tls_crl', 'tls_version']) {
    assert.ok(findFlag(name), name);
  }
  // + 10: -h, -help, the 5 TLS-build flags, and Gossipper's own -threads (worker-thread shards),
  // -max_stream_buffer (cap on TCP bytes held for unfinished messages) and -seed (replayable
  // random draws), + 3: the AKA keys -aka_K, -aka_OP, -aka_AMF (SIPp takes them only as
  // [authentication] parameters), + 3: -ws_path, -ws_ping, -ws_max_frame (SIP over WebSocket).
  // Gossipper's management flags (-api_addr...: `gossipper server -h`) are counted apart.
  // + 7: TLS and stream-listener bounds: -tls_insecure, -tls_sni, -tls_client_cert,
  // -tls_handshake_timeout, -max_connections, -idle_timeout, -message_timeout.
  // + 12: the result files and gates (docs/results.md, docs/reports.md).
  // + 2: the SRTP policy, -media_srtp and -media_reject_srtp (docs/media.md).
  const results = [
    'summary_json',
    'junit',
    'call_records_jsonl',
    'summary_html',
    'threshold',
    'health_min_success_ratio',
    'health_max_failed_calls',
    'health_max_timeouts',
    // The media gates (docs/media.md), reference profile keys §B8.3.
    'health_max_rtcp_fraction_lost',
    'health_max_rtcp_jitter_ts',
    'health_min_rtp_packets_recv',
    'health_min_rtp_packets_recv_per_call',
  ];
  for (const name of results) assert.ok(findFlag(name), name);
  // + 2: WAV recording (docs/media.md).
  const recording = ['record_wav_dir', 'record_wav_duplex'];
  for (const name of recording) assert.ok(findFlag(name), name);
  // Gossipper's own media flags (docs/media.md).
  const media = ['rtcp_interval'];
  for (const name of media) assert.ok(findFlag(name), name);
  // The HEP export (docs/hep.md), first in `sipp -h` as in the reference.
  const hep = [
    'hep_addr',
    'hep_capture_id',
    'hep_password',
    'hep_raw_rtcp',
    'hep_homer_lake_rtcp',
    'send_media_report',
  ];
  for (const name of hep) assert.ok(findFlag(name), name);
  const sippHelpFlags = FLAG_TABLE.filter((f) => f.group !== 'management');
  assert.equal(
    sippHelpFlags.length,
    SIPP_361_FLAGS.length +
      16 +
      7 +
      results.length +
      recording.length +
      media.length +
      hep.length +
      2,
  );
});

test('every entry has a group from FLAG_GROUPS, a one-line help and a dashless name', () => {
  const groups = new Set(FLAG_GROUPS.map((g) => g.id));
  for (const flag of FLAG_TABLE) {
    // `management`: listed by `gossipper server -h` only (test/server/server-command.test.ts).
    assert.ok(groups.has(flag.group) || flag.group === 'management', flag.name);
    assert.ok(flag.help.length > 0 && !flag.help.includes('\n'), flag.name);
    assert.ok(!flag.name.startsWith('-'), flag.name);
  }
});

test("time flags carry SIPp's default units", () => {
  const units: Record<string, string> = {
    d: 'ms',
    timeout: 's',
    f: 's',
    rp: 'ms',
    recv_timeout: 'ms',
    send_timeout: 'ms',
    deadcall_wait: 'ms',
    rate_interval: 's',
    fd: 's',
    T2: 'ms',
  };
  for (const [name, unit] of Object.entries(units)) {
    const flag = findFlag(name);
    assert.ok(flag?.available && flag.kind === 'time', name);
    assert.equal(flag.unit, unit, name);
  }
});
