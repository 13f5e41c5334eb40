/**
 * `-trace_calldebug`: sipp's "Processing message" line, written each time a call is run at a
 * step (sipp 3.6.1: `Processing message 1 of type 3 for call 1-22339@127.0.0.1 at 608.`, the
 * time being ms since the start). Called only when the trace is on (EngineCore.onCallNote).
 */
import type { Command } from '../scenario/index.ts';
import type { Call } from './call.ts';
import type { EngineCore } from './engine-core.ts';

/** sipp's message type numbers (MSG_TYPE_SENDCMD .. MSG_TYPE_NOP). */
const MSG_TYPE: Readonly<Record<Command['kind'], number>> = {
  sendCmd: 0,
  recvCmd: 1,
  send: 2,
  recv: 3,
  pause: 4,
  nop: 5,
};

export function noteProcessing(
  core: EngineCore,
  call: Call,
  note: (callId: string, text: string) => void,
): void {
  const cmd = call.program.commands[call.index];
  if (cmd === undefined) return;
  const at = Math.floor(core.now() - core.startMs);
  note(
    call.callId,
    `Processing message ${cmd.index} of type ${MSG_TYPE[cmd.kind]} for call ${call.callId} at ${at}.`,
  );
}
