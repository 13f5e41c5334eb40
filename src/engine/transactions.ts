/**
 * SIPp's named transactions: `<send start_txn="x">` records the top Via branch of the request it
 * sent, and `<recv response="..." response_txn="x">` then matches only a response carrying that
 * branch, whatever its CSeq method (recv-matcher.ts, as SIPp's call::matches_scenario).
 */
import { isParseFailure, parseSipMessage } from '../sip/index.ts';
import type { RecvCommand } from '../scenario/index.ts';
import type { SipMessage } from '../sip/index.ts';
import type { Call } from './call.ts';
import type { EngineCore } from './engine-core.ts';

/** After a `start_txn` send: remember the branch its Via carries (empty when it has none). */
export function recordTxnBranch(call: Call, name: string, sent: Buffer): void {
  const msg = parseSipMessage(sent);
  const branch = isParseFailure(msg) ? '' : msg.viaBranch();
  (call.txnBranches ??= new Map()).set(name, branch);
}

/**
 * A response for a `response_txn` step the call has passed (SIPp's process_incoming): a
 * provisional one is ignored, and a final one of an INVITE transaction whose `ack_txn` ACK was
 * sent gets that ACK again, rendered as before. False: not handled, the usual late-message rules
 * apply.
 */
export function onLateTxnResponse(
  core: EngineCore,
  call: Call,
  cmd: RecvCommand,
  msg: SipMessage,
): boolean {
  if (msg.statusCode < 200) return true;
  const ack = call.program.commands.find(
    (c) => c.kind === 'send' && c.ackTxn === cmd.responseTxn && c.index < call.index,
  );
  if (ack === undefined || ack.kind !== 'send') return false;
  const saved = call.msgIndex;
  call.msgIndex = ack.index;
  const buf = core.renderer.render(call.program.templates[ack.index] ?? ack.template, call);
  call.msgIndex = saved;
  core.send(call.socket, buf, call.remote);
  return true;
}
