/**
 * The attributes SIPp 3.6.1 reads on each element (scenario.cpp, reference §3.3–3.6 and §4).
 * Anything else is almost always a typo that SIPp would silently ignore, so we reject it.
 */

/** Common to every command (send, recv, pause, nop, sendCmd, recvCmd) — §3.3. */
const COMMON = [
  'next',
  'test',
  'chance',
  'ontimeout',
  'condexec',
  'condexec_inverse',
  'counter',
  'rtd',
  'start_rtd',
  'repeat_rtd',
  'crlf',
  'lost',
  'hide',
  'hiderest',
  'display',
  'ignoresdp',
] as const;

/** Distribution parameters shared by `<pause>`, `<timewait>` and the `sample` action. */
const DISTRIBUTION = [
  'distribution',
  'value',
  'min',
  'max',
  'mean',
  'stdev',
  'lambda',
  'k',
  'x_m',
  'shape',
  'scale',
  'location',
  'theta',
  'n',
  'p',
] as const;

/** Pause forms: explicit, variable, distributions, and the legacy shorthand attributes. */
const PAUSE = [
  ...COMMON,
  ...DISTRIBUTION,
  'milliseconds',
  'variable',
  'sanity_check',
  'normal',
  'exponential',
  'lognormal',
  'weibull',
  'pareto',
  'gamma',
] as const;

export const ELEMENT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  scenario: ['name'],
  send: [...COMMON, 'retrans', 'timeout', 'start_txn', 'ack_txn'],
  recv: [
    ...COMMON,
    'response',
    'request',
    'regexp_match',
    'optional',
    'timeout',
    'rrs',
    'auth',
    'response_txn',
    'advance_state',
  ],
  pause: PAUSE,
  timewait: PAUSE,
  nop: COMMON,
  sendCmd: [...COMMON, 'dest'],
  recvCmd: [...COMMON, 'src', 'optional', 'timeout'],
  label: ['id'],
  ResponseTimeRepartition: ['value'],
  CallLengthRepartition: ['value'],
  Global: ['variables'],
  User: ['variables'],
  Reference: ['variables'],
  init: [],
  action: [],
};

/** Top-level elements SIPp accepts but Gossipper does not implement yet. */
export const UNSUPPORTED_ELEMENTS: ReadonlySet<string> = new Set(['DefaultMessage']);

/** The top-level element names SIPp 3.6.1 knows (§3.2), for "did you mean". */
export const KNOWN_TOP_LEVEL: readonly string[] = [
  'send',
  'recv',
  'pause',
  'timewait',
  'nop',
  'label',
  'ResponseTimeRepartition',
  'CallLengthRepartition',
  'Global',
  'User',
  'Reference',
  'init',
  'sendCmd',
  'recvCmd',
  ...UNSUPPORTED_ELEMENTS,
];

const ARITHMETIC = ['assign_to', 'value', 'variable'] as const;
const COMPARE = [
  'assign_to',
  'variable',
  'value',
  'variable2',
  'check_it',
  'check_it_inverse',
] as const;

/** SIPp 3.6.1's action parser list (§4) with each action's attributes. */
export const ACTION_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  ereg: [
    'regexp',
    'search_in',
    'header',
    'occurrence',
    'occurence',
    'case_indep',
    'start_line',
    'check_it',
    'check_it_inverse',
    'assign_to',
    'variable',
  ],
  log: ['message'],
  warning: ['message'],
  error: ['message'],
  assign: ARITHMETIC,
  add: ARITHMETIC,
  subtract: ARITHMETIC,
  multiply: ARITHMETIC,
  divide: ARITHMETIC,
  assignstr: ['assign_to', 'value'],
  gettimeofday: ['assign_to'],
  index: ['assign_to'],
  jump: ['value', 'variable'],
  pauserestore: ['value', 'variable'],
  rtp_echo: ['value', 'variable'],
  sample: ['assign_to', ...DISTRIBUTION],
  todouble: ['assign_to', 'variable'],
  test: [...COMPARE, 'compare'],
  strcmp: COMPARE,
  trim: ['assign_to'],
  // SIPp 3.7 additions (not in 3.6.1): in-place URL encoding of a variable, like trim.
  urlencode: ['assign_to'],
  urldecode: ['assign_to'],
  verifyauth: ['assign_to', 'username', 'password'],
  lookup: ['assign_to', 'file', 'key'],
  insert: ['file', 'value'],
  replace: ['file', 'line', 'value'],
  setdest: ['host', 'port', 'protocol'],
  closecon: [],
  exec: [
    'command',
    'int_cmd',
    'play_pcap_audio',
    'play_pcap_image',
    'play_pcap_video',
    'play_dtmf',
    'rtp_stream',
    // Gossipper: `rtp_record="on|off"` (reference §B16.9), -record_wav_dir's per-call switch.
    'rtp_record',
    // The reference's media beyond SIPp (docs/media.md).
    'send_dtmf',
    'rtpcheck',
  ],
};

/** Attributes an action cannot do without (SIPp fails the load when they are missing). */
export const ACTION_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  ereg: ['regexp', 'assign_to'],
  log: ['message'],
  warning: ['message'],
  error: ['message'],
  assign: ['assign_to'],
  add: ['assign_to'],
  subtract: ['assign_to'],
  multiply: ['assign_to'],
  divide: ['assign_to'],
  assignstr: ['assign_to', 'value'],
  gettimeofday: ['assign_to'],
  index: ['assign_to'],
  sample: ['assign_to', 'distribution'],
  todouble: ['assign_to', 'variable'],
  test: ['variable', 'compare'],
  strcmp: ['variable'],
  trim: ['assign_to'],
  urlencode: ['assign_to'],
  urldecode: ['assign_to'],
  verifyauth: ['assign_to', 'username', 'password'],
  lookup: ['assign_to', 'file', 'key'],
  insert: ['file', 'value'],
  replace: ['file', 'line', 'value'],
  setdest: ['host', 'port', 'protocol'],
};
