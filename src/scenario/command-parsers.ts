/** One builder per command element (`<send>`, `<recv>`, `<pause>`/`<timewait>`, `<nop>`). */
import type { Command, RecvCmdCommand, RecvCommand, SendCmdCommand, SendCommand } from './model.ts';
import { cleanCdata } from './clean-cdata.ts';
import { readPauseDuration } from './action-distribution.ts';
import {
  readCommonAttributes,
  type PendingLabels,
  type ScenarioBook,
} from './command-bookkeeping.ts';
import { ELEMENT_ATTRIBUTES } from './element-attributes.ts';
import type { ElementReader } from './element-reader.ts';
import { compileKeywordText, compileTemplate } from './template.ts';

/** Loader state the builders read and update. Owned by one load. */
export interface CommandContext {
  readonly book: ScenarioBook;
  readonly userKeywords: ReadonlySet<string>;
  /** Methods of requests sent so far, in document order (SIPp's method_list). */
  readonly methodsSent: string[];
  /** True when the previous command was an optional recv (SIPp's last_recv_optional). */
  lastRecvOptional: boolean;
}

export interface ParsedCommand {
  readonly command: Command;
  readonly labels: PendingLabels;
}

const OPTIONAL_VALUES: ReadonlyMap<string, RecvCommand['optional']> = new Map([
  ['true', 'yes'],
  ['false', 'no'],
  ['global', 'global'],
] as const);

/** SIPp: a run of optional recvs must end with a mandatory one before anything else happens. */
function checkOptionalRecvRun(r: ElementReader, ctx: CommandContext): void {
  if (ctx.lastRecvOptional) {
    r.fail(
      `<recv> before <${r.el.name}> sequence without a mandatory message`,
      'make one of the optional <recv> elements before it mandatory (remove optional="true")',
    );
  }
  ctx.lastRecvOptional = false;
}

export function parseSend(r: ElementReader, index: number, ctx: CommandContext): ParsedCommand {
  r.checkAttributes(ELEMENT_ATTRIBUTES.send);
  checkOptionalRecvRun(r, ctx);
  const cdata = r.el.cdata[0];
  if (!cdata) r.fail('no message: put the SIP message inside <![CDATA[ ... ]]>');
  const template = compileTemplate(cdata.text, {
    origin: cdata.pos,
    element: 'send',
    userKeywords: ctx.userKeywords,
  });
  const startTxn = r.varName('start_txn');
  const ackTxn = r.varName('ack_txn');
  if (template.isRequest) {
    if (startTxn !== undefined && template.method === 'ACK')
      r.fail('an ACK cannot start a transaction (start_txn)');
    if (startTxn === undefined && ackTxn !== undefined && template.method !== 'ACK') {
      r.fail('ack_txn is only valid on an ACK');
    }
    if (startTxn === undefined && ackTxn === undefined) ctx.methodsSent.push(template.method);
  } else if (startTxn !== undefined || ackTxn !== undefined) {
    r.fail('a response cannot start or acknowledge a transaction (start_txn / ack_txn)');
  }
  const retrans = r.long('retrans');
  const timeout = r.long('timeout');
  const { base, labels } = readCommonAttributes(r, index, ctx.book, false);
  const command: SendCommand = {
    ...base,
    kind: 'send',
    template,
    retransMs: retrans ? retrans : undefined,
    timeoutMs: timeout ? timeout : undefined,
    startTxn,
    ackTxn: startTxn === undefined ? ackTxn : undefined,
  };
  return { command, labels };
}

export function parseRecv(r: ElementReader, index: number, ctx: CommandContext): ParsedCommand {
  r.checkAttributes(ELEMENT_ATTRIBUTES.recv);
  const request = r.str('request');
  if (request === undefined && !r.has('response'))
    r.fail('needs a request or a response attribute');
  if (request !== undefined && r.has('response')) r.fail('has both request and response; use one');
  const response = r.long('response');
  if (response !== undefined && (response < 100 || response > 699)) {
    r.fail(`response="${r.str('response')}" is outside 100-699`);
  }
  if (request !== undefined && r.has('response_txn'))
    r.fail('response_txn is only valid with response');
  const optionalText = r.str('optional') ?? 'false';
  const optional = OPTIONAL_VALUES.get(optionalText);
  if (optional === undefined)
    return r.fail(`optional="${optionalText}" must be true, false or global`);
  const advanceState = r.bool('advance_state', true);
  if (!advanceState && optional === 'no')
    r.fail('advance_state="false" is only allowed on an optional recv');
  const regexpMatch = r.str('regexp_match') === 'true';
  if (regexpMatch && request !== undefined) {
    try {
      new RegExp(request);
    } catch (err) {
      r.fail(`request="${request}" is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const timeout = r.long('timeout');
  const rrs = r.bool('rrs', false);
  const auth = r.bool('auth', false);
  const responseTxn = r.varName('response_txn');
  ctx.lastRecvOptional = optional !== 'no';
  const { base, labels } = readCommonAttributes(r, index, ctx.book, false);
  const command: RecvCommand = {
    ...base,
    kind: 'recv',
    request,
    response,
    regexpMatch,
    optional,
    rrs,
    auth,
    responseTxn,
    advanceState,
    timeoutMs: timeout ? timeout : undefined,
    sentMethodsBefore: new Set(ctx.methodsSent),
  };
  return { command, labels };
}

export function parsePause(r: ElementReader, index: number, ctx: CommandContext): ParsedCommand {
  const isTimewait = r.el.name === 'timewait';
  r.checkAttributes(ELEMENT_ATTRIBUTES.pause);
  checkOptionalRecvRun(r, ctx);
  const duration = readPauseDuration(r);
  r.bool('sanity_check', true);
  const { base, labels } = readCommonAttributes(r, index, ctx.book, isTimewait);
  return { command: { ...base, kind: 'pause', duration, isTimewait }, labels };
}

export function parseNop(r: ElementReader, index: number, ctx: CommandContext): ParsedCommand {
  r.checkAttributes(ELEMENT_ATTRIBUTES.nop);
  checkOptionalRecvRun(r, ctx);
  const { base, labels } = readCommonAttributes(r, index, ctx.book, false);
  return { command: { ...base, kind: 'nop' }, labels };
}

/**
 * `<sendCmd>`: a 3PCC command. SIPp cleans its CDATA as a message's but skips the SIP sanity
 * checks (its first line is a header, `Call-ID: [call_id]`); the engine ends it with one CRLF.
 */
export function parseSendCmd(r: ElementReader, index: number, ctx: CommandContext): ParsedCommand {
  r.checkAttributes(ELEMENT_ATTRIBUTES.sendCmd);
  checkOptionalRecvRun(r, ctx);
  const cdata = r.el.cdata[0];
  const cleaned = cdata ? cleanCdata(cdata.text) : undefined;
  if (!cdata || !cleaned) return r.fail('no command: put its text inside <![CDATA[ ... ]]>');
  if (!/^\s*(Call-ID|i)\s*:/im.test(cleaned.text))
    r.fail('the command has no Call-ID: header', 'start it with Call-ID: [call_id]');
  const template = compileKeywordText(cleaned.text.replace(/\n+$/, ''), {
    origin: cdata.pos,
    element: 'sendCmd',
    userKeywords: ctx.userKeywords,
  });
  const dest = r.str('dest');
  const { base, labels } = readCommonAttributes(r, index, ctx.book, false);
  const command: SendCmdCommand = { ...base, kind: 'sendCmd', template, dest };
  return { command, labels };
}

/** `<recvCmd>`: waits for a 3PCC command of this call. */
export function parseRecvCmd(r: ElementReader, index: number, ctx: CommandContext): ParsedCommand {
  r.checkAttributes(ELEMENT_ATTRIBUTES.recvCmd);
  const optionalText = r.str('optional') ?? 'false';
  const optional = OPTIONAL_VALUES.get(optionalText);
  if (optional === undefined)
    return r.fail(`optional="${optionalText}" must be true, false or global`);
  const src = r.str('src');
  const timeout = r.long('timeout');
  ctx.lastRecvOptional = optional !== 'no';
  const { base, labels } = readCommonAttributes(r, index, ctx.book, false);
  const command: RecvCmdCommand = {
    ...base,
    kind: 'recvCmd',
    optional,
    src,
    timeoutMs: timeout ? timeout : undefined,
  };
  return { command, labels };
}
