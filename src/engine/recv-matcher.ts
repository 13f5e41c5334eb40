/**
 * Which `<recv>` step a message for a call matches (SIPp's docs, "Scenarios"): scan forward over
 * optional steps from the call's position; failing that, backwards over the contiguous run of
 * optional steps just before it, or any `optional="global"` step.
 */
import type { Command, RecvCommand } from '../scenario/index.ts';
import type { SipMessage } from '../sip/index.ts';

const regexCache = new WeakMap<RecvCommand, RegExp>();

function requestRegex(cmd: RecvCommand): RegExp {
  let re = regexCache.get(cmd);
  if (!re) {
    re = new RegExp(`^(?:${cmd.request ?? ''})$`);
    regexCache.set(cmd, re);
  }
  return re;
}

/** A `response_txn` step: its transaction was started and the top Via branches agree. */
function txnMatches(
  cmd: RecvCommand,
  msg: SipMessage,
  txns: ReadonlyMap<string, string> | null,
): boolean {
  const branch = txns?.get(cmd.responseTxn ?? '');
  return branch !== undefined && branch === msg.viaBranch();
}

/** `txns`: the call's `start_txn` branches (Call.txnBranches), for `response_txn` steps. */
export function recvMatches(
  cmd: RecvCommand,
  msg: SipMessage,
  txns: ReadonlyMap<string, string> | null = null,
): boolean {
  if (msg.isRequest) {
    if (cmd.request === undefined) return false;
    return cmd.regexpMatch ? requestRegex(cmd).test(msg.method) : cmd.request === msg.method;
  }
  if (cmd.response !== msg.statusCode) return false;
  // SIPp: a response_txn step matches on the branch only, before the first-step rule.
  if (cmd.responseTxn !== undefined) return txnMatches(cmd, msg, txns);
  if (cmd.index === 0) return true;
  return cmd.sentMethodsBefore.has(msg.cseqMethod());
}

/** matchRecv found nothing. */
export const NO_MATCH = -1;

/**
 * matchRecv's encoding of a late match of step `index` (an earlier, already passed step). Its
 * own inverse: lateMatch of an encoded result gives the step back.
 */
export function lateMatch(index: number): number {
  return -2 - index;
}

/**
 * The step index matched (>= 0), lateMatch(index) for a late retransmission of an earlier
 * step, or NO_MATCH. A number rather than an object: this runs for every message received.
 */
export function matchRecv(
  commands: ReadonlyArray<Command>,
  position: number,
  msg: SipMessage,
  txns: ReadonlyMap<string, string> | null = null,
): number {
  for (let i = position; i < commands.length; i++) {
    const c = commands[i];
    if (c.kind !== 'recv') break;
    if (recvMatches(c, msg, txns)) return i;
    if (c.optional === 'no') break;
  }
  let contiguous = true;
  for (let i = Math.min(position, commands.length) - 1; i >= 0; i--) {
    const c = commands[i];
    if (c.kind !== 'recv' || c.optional === 'no') contiguous = false;
    if (c.kind !== 'recv' || !recvMatches(c, msg, txns)) continue;
    return contiguous || c.optional === 'global' ? i : lateMatch(i);
  }
  return NO_MATCH;
}

/** What a call waiting at `index` expects, for error texts: request or status, else the kind. */
export function expectedAt(commands: ReadonlyArray<Command>, index: number): string {
  const c = commands[index];
  if (c?.kind === 'recv') return c.request ?? String(c.response);
  return c?.kind ?? '';
}
