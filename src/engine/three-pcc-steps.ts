/**
 * The 3PCC steps of a call (three-pcc.ts has the overview): `<sendCmd>` renders its command and
 * hands it to the twin link, `<recvCmd>` makes the call wait for one.
 */
import type { RecvCmdCommand, SendCmdCommand } from '../scenario/index.ts';
import { Counter, StepEvent } from '../stats/index.ts';
import type { Call } from './call.ts';
import { WaitKind } from './call.ts';
import { endCall } from './call-ending.ts';
import type { EngineCore } from './engine-core.ts';
import { COMMAND_DELIMITER } from './twin-link.ts';

const CRLF_ESC = Buffer.from([0x0d, 0x0a, COMMAND_DELIMITER]);

/** Length of `buf` without its trailing CR and LF bytes. */
export function trimmedLength(buf: Buffer): number {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d)) end--;
  return end;
}

/**
 * Runs a `<sendCmd>`: the rendered text, ended by one CRLF and the delimiter (as SIPp 3.6.1
 * writes it). Returns false when the call ended (no twin connection: FailedCmdNotSent).
 */
export function execSendCmd(core: EngineCore, call: Call, cmd: SendCmdCommand): boolean {
  call.msgIndex = cmd.index;
  const text = core.renderer.render(cmd.template, call);
  const framed = Buffer.concat([text.subarray(0, trimmedLength(text)), CRLF_ESC]);
  const link = core.twin;
  if (link === null || !link.send(framed, cmd.dest)) {
    core.reportError(
      `cannot send the 3PCC command of call '${call.callId}'${cmd.dest === undefined ? '' : ` to "${cmd.dest}"`}: no twin connection`,
    );
    endCall(core, call, Counter.FailedCmdNotSent);
    return false;
  }
  core.onCommandSent?.(framed);
  call.program.stats.step(cmd.index, StepEvent.Message);
  return true;
}

/**
 * A call reaches a `<recvCmd>`: it waits (with the recv timeout) for its command. The interpreter
 * has settled its last message already.
 */
export function enterRecvCmd(core: EngineCore, call: Call, cmd: RecvCmdCommand): void {
  call.waitKind = WaitKind.Recv;
  const timeout = cmd.timeoutMs ?? core.cfg.recvTimeoutMs;
  if (timeout > 0) core.wheel.schedule(call.waitTimer, core.now() + timeout);
}
