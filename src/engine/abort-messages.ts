/**
 * What a call we started tells its peer when it is aborted with the `bye` default behaviour
 * (`-default_behaviors` in `sipp -h`): ACK a final answer to the INVITE, CANCEL an INVITE that is
 * ringing, ACK (if still pending) and BYE an answered one.
 */
import type { SipMessage } from '../sip/index.ts';
import { keptBytes } from './call.ts';
import type { Call } from './call.ts';
import { bracketIPv6 } from '../scenario/index.ts';
import {
  buildAck,
  buildBye,
  buildCancel,
  buildDefaultBye,
  contactUri,
  sippContact,
} from './default-messages.ts';

export function abortMessages(call: Call, trigger: SipMessage | null, engineId: string): Buffer[] {
  if (call.inviteRaw === null) {
    // SIPp 3.6.1: a call it started past its first step that sent no INVITE gets its default BYE,
    // built from the message that made it abort, else (a timeout) from the last one received.
    const last = trigger ?? call.lastMessage;
    if (!call.program.isClient || last === null || call.index === 0) return [];
    const via = `SIP/2.0/${call.transport} ${bracketIPv6(call.localIp)}:${call.localPort}`;
    const branch = `;branch=z9hG4bK-${engineId}-${call.callNumber}-abortb`;
    const contact = sippContact(bracketIPv6(call.localIp), call.localPort, call.transport);
    return [buildDefaultBye(last, via + branch, contact)];
  }
  const invite = keptBytes(call.inviteRaw);
  const out: Buffer[] = [];
  const add = (b: Buffer | null): void => {
    if (b) out.push(b);
  };
  const suffix = `${engineId}-${call.callNumber}-abort`;
  const contact = sippContact(call.localIp, call.localPort, call.transport);
  if (
    trigger &&
    !trigger.isRequest &&
    trigger.cseqMethod() === 'INVITE' &&
    trigger.statusCode >= 200
  ) {
    add(buildAck(invite, trigger, suffix, contact));
    if (trigger.statusCode < 300) {
      const target = contactUri(trigger) ?? '';
      add(buildBye(invite, call.peerTag, call.cseq + 1, target, suffix + 'b', contact));
    }
    return out;
  }
  if (call.inviteFinalStatus === 0) {
    // RFC 3261 §9.1: no CANCEL before a provisional response; SIPp sends nothing then either.
    if (isInviteProvisional(trigger) || call.inviteRinging) {
      add(buildCancel(invite, contact, call.peerTag));
    }
    return out;
  }
  if (call.inviteFinalStatus >= 300) return out;
  // A 2xx we have not ACKed yet (SIPp's ack_is_pending) gets its ACK before the BYE.
  const answer = call.lastMessage;
  if (
    !call.ackSent &&
    answer &&
    !answer.isRequest &&
    answer.statusCode === call.inviteFinalStatus
  ) {
    add(buildAck(invite, answer, suffix, contact));
  }
  add(buildBye(invite, call.peerTag, call.cseq + 1, call.nextUrl, suffix + 'b', contact));
  return out;
}

function isInviteProvisional(m: SipMessage | null): boolean {
  return m !== null && !m.isRequest && m.statusCode < 200 && m.cseqMethod() === 'INVITE';
}
