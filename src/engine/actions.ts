/**
 * The `<action>` interpreter. Each action is a small handler in HANDLERS; adding one is one
 * entry there. The table's keys are also what `assertActionsSupported` accepts before traffic
 * starts, so an action this engine does not run (media) is refused with a clear message naming
 * file and line, never a silent no-op.
 */
import { ScenarioError } from '../errors.ts';
import type { Action, Scenario, Template } from '../scenario/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import { runEreg } from './action-ereg.ts';
import { sampleDistribution } from './action-sample.ts';
import {
  byteCompare,
  formatDouble,
  readDouble,
  toDouble,
  trimC,
  urlDecode,
  urlEncode,
} from './action-values.ts';
import type { Call } from './call.ts';
import { injectionAction } from './injection-actions.ts';
import { verifyAuthAction } from './verify-auth-action.ts';
import type { Rng } from './rng.ts';
import type { MediaExecKind, MediaHost } from './media-host.ts';

/** What an action asks the engine to do after it ran. */
export const ActionOutcome = {
  Continue: 0,
  /** `exec int_cmd="stop_call"`: end the call now, as it is (not a failure). */
  StopCall: 1,
  /** `exec int_cmd="stop_gracefully"`: soft quit of the whole run. */
  StopGracefully: 2,
  /** `exec int_cmd="stop_now"`: immediate exit (code 97). */
  StopNow: 3,
  /** `error`: fatal error, the run stops (exit 255). */
  Fatal: 4,
  /**
   * A check_it / check_it_inverse failed: the call was counted failed (ActionRuntime.callFailed),
   * the block's remaining actions are skipped and the call goes on (SIPp 3.6.1, measured).
   */
  Failed: 5,
} as const;
export type ActionOutcomeId = (typeof ActionOutcome)[keyof typeof ActionOutcome];

export interface ActionHost {
  warning(call: Call, text: string): void;
  fatal(call: Call, text: string): void;
  /** Render an action text (keywords compiled at load time) for this call. */
  expand(call: Call, text: Template): string;
}

/** Everything actions need from the engine (EngineCore implements it). */
export interface ActionRuntime extends ActionHost {
  readonly rng: Rng;
  /** `log`: the expanded line for the -trace_logs file. */
  log(call: Call, text: string): void;
  /** `exec command`: start a shell command without waiting for it. */
  runCommand(call: Call, command: string): void;
  /** A check_it failure: count `cause` (and the call as failed, once) and warn `text`. */
  callFailed(call: Call, cause: CounterId, text: string): void;
  /** Milliseconds since the Unix epoch, for gettimeofday. */
  wallClockMs(): number;
  /** `closecon`: close the call's own stream connection, if it has one. */
  closeConnection(call: Call): void;
  /** RTP (media actions), null when the run has none (they are refused before traffic). */
  readonly media: MediaHost | null;
}

type Handler = (call: Call, a: Action, host: ActionRuntime) => ActionOutcomeId;

/** The message the running command received or sent, decoded once per action block. */
const current = { buf: null as Buffer | null, text: null as string | null };

function messageText(): string {
  if (current.text === null) current.text = current.buf?.toString('latin1') ?? '';
  return current.text;
}

function operand(call: Call, a: Action): number {
  if (a.attrs.value !== undefined) return Number(a.attrs.value);
  return readDouble(call.variable(a.attrs.variable ?? ''));
}

function arith(op: (x: number, y: number) => number): Handler {
  return (call, a) => {
    const target = a.attrs.assign_to ?? '';
    call.setVariable(target, formatDouble(op(readDouble(call.variable(target)), operand(call, a))));
    return ActionOutcome.Continue;
  };
}

function text(call: Call, a: Action, host: ActionHost, name: string): string {
  const t = a.texts[name];
  return t ? host.expand(call, t) : '';
}

function inPlace(transform: (s: string) => string): Handler {
  return (call, a) => {
    const name = a.attrs.assign_to ?? '';
    call.setVariable(name, transform(call.variable(name)));
    return ActionOutcome.Continue;
  };
}

const COMPARE: Readonly<Record<string, [string, (x: number, y: number) => boolean]>> = {
  equal: ['==', (x, y) => x === y],
  not_equal: ['!=', (x, y) => x !== y],
  greater_than: ['>', (x, y) => x > y],
  less_than: ['<', (x, y) => x < y],
  greater_than_equal: ['>=', (x, y) => x >= y],
  less_than_equal: ['<=', (x, y) => x <= y],
};

const INT_CMDS: Record<string, ActionOutcomeId> = {
  stop_call: ActionOutcome.StopCall,
  stop_gracefully: ActionOutcome.StopGracefully,
  stop_now: ActionOutcome.StopNow,
};

/** The exec kinds that play media (src/media/ runs them through ActionRuntime.media). */
const MEDIA_EXEC: readonly MediaExecKind[] = [
  'play_pcap_audio',
  'play_pcap_image',
  'play_pcap_video',
  'play_dtmf',
  'rtp_stream',
  'rtp_record',
  'send_dtmf',
  'rtpcheck',
];

/** `exec` of a media kind: a failure (bad file, no SDP, no port) fails the call, counted. */
function mediaExec(
  call: Call,
  a: Action,
  host: ActionRuntime,
  kind: MediaExecKind,
): ActionOutcomeId {
  const media = host.media;
  if (media === null) return ActionOutcome.Continue;
  const where = `${a.pos.file}:${a.pos.line}`;
  const failure = media.exec(call, kind, text(call, a, host, kind), where);
  if (failure === null) return ActionOutcome.Continue;
  host.callFailed(call, Counter.FailedMedia, failure);
  return ActionOutcome.Failed;
}

const SETDEST_PROTOCOLS: Readonly<Record<string, string>> = {
  udp: 'UDP',
  tcp: 'TCP',
  tls: 'TLS',
  sctp: 'SCTP',
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function setdest(call: Call, a: Action, host: ActionRuntime): ActionOutcomeId {
  const fail = (msg: string): ActionOutcomeId => {
    host.fatal(call, msg);
    return ActionOutcome.Fatal;
  };
  let address = text(call, a, host, 'host');
  const portText = text(call, a, host, 'port');
  const protoText = text(call, a, host, 'protocol');
  if (!/^\d+$/.test(portText) || Number(portText) > 65535)
    return fail(`Invalid port for setdest: ${portText}`);
  const protocol = SETDEST_PROTOCOLS[protoText.toLowerCase()];
  if (protocol === undefined || (protoText !== protoText.toLowerCase() && protoText !== protocol))
    return fail(`Unknown transport for setdest: '${protoText}'`);
  if (protocol !== call.socket.protocol) return fail('Can not switch protocols during setdest.');
  // sipp 3.6.1's answers, then what Gossipper cannot do yet: move a call's connection.
  if (protocol === 'TLS') return fail('Changing destinations is not supported for TLS.');
  if (protocol !== 'UDP') {
    if (!call.program.socketPerCall)
      return fail('Changing destinations for TCP or SCTP requires multisocket mode.');
    return fail(`setdest on ${protocol} is not available in this version (UDP only)`);
  }
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  // An IPv6 socket cannot reach 127.0.0.1: localhost is then ::1.
  if (address === 'localhost')
    address = call.socket.localAddress.address.includes(':') ? '::1' : '127.0.0.1';
  if (!IPV4.test(address) && !address.includes(':')) {
    // A literal name was looked up before traffic; sipp's words when it did not resolve.
    const resolved = call.ctx.hostAddresses?.get(address);
    if (resolved === undefined) return fail(`Unknown host '${address}' for setdest`);
    address = resolved;
  }
  call.remote = { address, port: Number(portText) };
  return ActionOutcome.Continue;
}

function test(call: Call, a: Action, host: ActionRuntime): ActionOutcomeId {
  const [symbol, compare] = COMPARE[a.attrs.compare ?? 'equal'];
  const lhs = readDouble(call.variable(a.attrs.variable ?? ''));
  const var2 = a.attrs.variable2;
  const rhs = var2 !== undefined ? readDouble(call.variable(var2)) : Number(a.attrs.value);
  const result = compare(lhs, rhs);
  if (a.attrs.assign_to !== undefined) call.setVariable(a.attrs.assign_to, String(result));
  const inverse = a.attrs.check_it_inverse === 'true';
  if ((a.attrs.check_it === 'true' && !result) || (inverse && result)) {
    const what = `${a.attrs.variable}:${lhs.toFixed(6)} ${symbol} ${var2 ?? ''}:${rhs.toFixed(6)}`;
    host.callFailed(
      call,
      inverse ? Counter.FailedTestShouldntMatch : Counter.FailedTestDoesntMatch,
      `test "${what}" with ${inverse ? 'check_it_inverse' : 'check_it'} failed`,
    );
    return ActionOutcome.Failed;
  }
  return ActionOutcome.Continue;
}

function strcmp(call: Call, a: Action, host: ActionRuntime): ActionOutcomeId {
  const lhs = call.variable(a.attrs.variable ?? '');
  const var2 = a.attrs.variable2;
  const rhs = var2 !== undefined ? call.variable(var2) : (a.attrs.value ?? '');
  const result = byteCompare(lhs, rhs);
  if (a.attrs.assign_to !== undefined) call.setVariable(a.attrs.assign_to, formatDouble(result));
  const inverse = a.attrs.check_it_inverse === 'true';
  if ((a.attrs.check_it === 'true' && result !== 0) || (inverse && result === 0)) {
    host.callFailed(
      call,
      inverse ? Counter.FailedStrcmpShouldntMatch : Counter.FailedStrcmpDoesntMatch,
      `strcmp ${a.attrs.variable}:"${lhs}" and ${var2 ?? ''}:"${rhs}" with ` +
        `${inverse ? 'check_it_inverse' : 'check_it'} returned ${result}`,
    );
    return ActionOutcome.Failed;
  }
  return ActionOutcome.Continue;
}

/** `<lookup>`, `<insert>`, `<replace>` (injection-actions.ts): a failure is fatal. */
function injectionHandler(call: Call, a: Action, host: ActionRuntime): ActionOutcomeId {
  return injectionAction(call, a, host) ? ActionOutcome.Continue : ActionOutcome.Fatal;
}

const HANDLERS: Record<string, Handler> = {
  ereg: (call, a, host) => {
    const failure = runEreg(call, a, messageText());
    if (failure === null) return ActionOutcome.Continue;
    host.callFailed(call, failure.cause, failure.text);
    return ActionOutcome.Failed;
  },
  assign: (call, a) => {
    call.setVariable(a.attrs.assign_to ?? '', formatDouble(operand(call, a)));
    return ActionOutcome.Continue;
  },
  assignstr: (call, a, host) => {
    call.setVariable(a.attrs.assign_to ?? '', text(call, a, host, 'value'));
    return ActionOutcome.Continue;
  },
  todouble: (call, a) => {
    call.setVariable(
      a.attrs.assign_to ?? '',
      formatDouble(toDouble(call.variable(a.attrs.variable ?? ''))),
    );
    return ActionOutcome.Continue;
  },
  verifyauth: (call, a, host) => {
    verifyAuthAction(call, a, host);
    return ActionOutcome.Continue;
  },
  lookup: injectionHandler,
  insert: injectionHandler,
  replace: injectionHandler,
  add: arith((x, y) => x + y),
  subtract: arith((x, y) => x - y),
  multiply: arith((x, y) => x * y),
  divide: (call, a, host) => {
    const y = operand(call, a);
    if (y === 0) {
      host.warning(
        call,
        `Action failure: Can not divide by zero ($${a.attrs.assign_to}/$${a.attrs.variable})!`,
      );
      return ActionOutcome.Continue;
    }
    return arith((x, d) => x / d)(call, a, host);
  },
  sample: (call, a, host) => {
    const d = a.distribution;
    if (d !== undefined)
      call.setVariable(a.attrs.assign_to ?? '', formatDouble(sampleDistribution(d, host.rng)));
    return ActionOutcome.Continue;
  },
  gettimeofday: (call, a, host) => {
    const ms = host.wallClockMs();
    const names = a.assignTo ?? [];
    const sec = Math.floor(ms / 1000);
    call.setVariable(names[0], formatDouble(sec));
    call.setVariable(names[1], formatDouble(Math.floor((ms - sec * 1000) * 1000)));
    return ActionOutcome.Continue;
  },
  index: (call, a) => {
    call.setVariable(a.attrs.assign_to ?? '', formatDouble(call.index));
    return ActionOutcome.Continue;
  },
  jump: (call, a, host) => {
    const target = Math.trunc(operand(call, a));
    const length = call.program.commands.length;
    if (!(target >= 0 && target <= length)) {
      host.fatal(call, `Jump statement out of range (not 0 <= ${target} <= ${length})`);
      return ActionOutcome.Fatal;
    }
    // As SIPp: the position becomes the command before the target, and the usual move to the
    // next command (including that command's next= branch) then lands on the target.
    call.index = target - 1;
    return ActionOutcome.Continue;
  },
  pauserestore: (call, a) => {
    call.pausedUntil = Math.trunc(operand(call, a));
    return ActionOutcome.Continue;
  },
  test,
  strcmp,
  trim: inPlace(trimC),
  urlencode: inPlace(urlEncode),
  urldecode: inPlace(urlDecode),
  setdest,
  closecon: (call, _a, host) => {
    host.closeConnection(call);
    return ActionOutcome.Continue;
  },
  log: (call, a, host) => {
    host.log(call, text(call, a, host, 'message'));
    return ActionOutcome.Continue;
  },
  warning: (call, a, host) => {
    host.warning(call, text(call, a, host, 'message'));
    return ActionOutcome.Continue;
  },
  error: (call, a, host) => {
    host.fatal(call, text(call, a, host, 'message'));
    return ActionOutcome.Fatal;
  },
  rtp_echo: (call, a, host) => {
    host.media?.setEcho(operand(call, a) !== 0);
    return ActionOutcome.Continue;
  },
  exec: (call, a, host) => {
    for (const kind of MEDIA_EXEC)
      if (a.attrs[kind] !== undefined) return mediaExec(call, a, host, kind);
    if (a.attrs.command !== undefined) {
      host.runCommand(call, text(call, a, host, 'command'));
      return ActionOutcome.Continue;
    }
    return INT_CMDS[a.attrs.int_cmd ?? 'stop_call'] ?? ActionOutcome.Continue;
  },
};

/**
 * Runs a command's actions on `msg` (what the command received or sent; null for a nop or a
 * pause); stops at the first one that ends the call or the run or fails a check.
 */
export function runActions(
  call: Call,
  actions: ReadonlyArray<Action>,
  host: ActionRuntime,
  msg: Buffer | null,
): ActionOutcomeId {
  current.buf = msg;
  current.text = null;
  let outcome: ActionOutcomeId = ActionOutcome.Continue;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    outcome = HANDLERS[a.name](call, a, host);
    if (outcome !== ActionOutcome.Continue) break;
  }
  current.buf = null;
  current.text = null;
  return outcome;
}

/** What an action needs that this version does not have, or undefined when it runs. */
function unavailable(a: Action, hasMedia: boolean): string | undefined {
  if (!hasMedia && a.name === 'rtp_echo') return 'media (rtp_echo)';
  if (!hasMedia && a.name === 'exec') {
    const media = MEDIA_EXEC.find((k) => a.attrs[k] !== undefined);
    if (media !== undefined) return `media (${media})`;
  }
  if (!Object.hasOwn(HANDLERS, a.name)) return `the ${a.name} action`;
  return undefined;
}

/**
 * Before traffic: every action in the scenario is one this engine runs. Media actions load
 * (so `-sd`, validation and other tools accept the file) but a run refuses them here.
 */
export function assertActionsSupported(scenario: Scenario, hasMedia = false): void {
  for (const cmd of scenario.commands) {
    for (const a of cmd.actions) {
      const what = unavailable(a, hasMedia);
      if (what !== undefined) {
        throw new ScenarioError(
          `${a.pos.file}:${a.pos.line}:${a.pos.column} <${a.name}>: ${what} is not available in this version of gossipper`,
          what.startsWith('media')
            ? 'this engine has no media: a one-shot or server run opens media for a scenario with media actions'
            : `actions available now: ${Object.keys(HANDLERS).join(', ')}`,
        );
      }
    }
  }
}
