/**
 * Which `<recv>` step a message for a call matches (sipp-reference.md §3.5): scan forward over
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

export function recvMatches(cmd: RecvCommand, msg: SipMessage): boolean {
  if (msg.isRequest) {
    if (cmd.request === undefined) return false;
    return cmd.regexpMatch ? requestRegex(cmd).test(msg.method) : cmd.request === msg.method;
  }
  if (cmd.response !== msg.statusCode) return false;
  if (cmd.index === 0) return true;
  return cmd.sentMethodsBefore.has(msg.cseqMethod());
}

/** Outcome of matching: forward/backward step index, a late match of an earlier step, or none. */
export interface MatchResult {
  index: number;
  /** True when an earlier, already passed step matched (a late retransmission). */
  late: boolean;
}

const NO_MATCH: MatchResult = { index: -1, late: false };

export function matchRecv(commands: ReadonlyArray<Command>, position: number, msg: SipMessage): MatchResult {
  for (let i = position; i < commands.length; i++) {
    const c = commands[i];
    if (c.kind !== 'recv') break;
    if (recvMatches(c, msg)) return { index: i, late: false };
    if (c.optional === 'no') break;
  }
  let contiguous = true;
  for (let i = Math.min(position, commands.length) - 1; i >= 0; i--) {
    const c = commands[i];
    if (c.kind !== 'recv' || c.optional === 'no') contiguous = false;
    if (c.kind !== 'recv' || !recvMatches(c, msg)) continue;
    if (contiguous || c.optional === 'global') return { index: i, late: false };
    return { index: i, late: true };
  }
  return NO_MATCH;
}
