/**
 * 3PCC (`-3pcc`, `-master`/`-slave`): `<sendCmd>` renders a command and hands it to the twin
 * link; `<recvCmd>` waits for one. A command is text with a `Call-ID:` line (and, in extended
 * mode, `From: <sender name>`), framed on the wire by an ESC byte (run/ and transport/ own the
 * connections). An incoming command finds its call by Call-ID; in the instance whose first twin
 * command is a recvCmd (controller B, slave) an unknown Call-ID creates the call, with that
 * Call-ID, as a new SIP Call-ID creates one in a server.
 */
import { Counter, StepEvent } from '../stats/index.ts';
import type { RecvCmdCommand } from '../scenario/index.ts';
import type { Call } from './call.ts';
import { WaitKind } from './call.ts';
import type { CallAdmission } from './call-admission.ts';
import { abortCall, endCall } from './call-ending.ts';
import type { EngineCore } from './engine-core.ts';
import type { ScenarioInterpreter } from './scenario-interpreter.ts';
import { trimmedLength } from './three-pcc-steps.ts';

/** The first value of header `name` in a command (`Call-ID`, `From`, `internal-cmd`), or ''. */
export function commandHeader(text: string, name: string): string {
  const re = new RegExp(`^[ \\t]*${name}[ \\t]*:[ \\t]*([^\\s]*)`, 'im');
  return re.exec(text)?.[1] ?? '';
}

const CALL_ID_LINE = /^[ \t]*(?:Call-ID|i)[ \t]*:[ \t]*([^\s]+)/im;

/** Incoming commands: find (or create) the call, match its recvCmd, run its actions. */
export class TwinCommands {
  constructor(
    private readonly core: EngineCore,
    private readonly interpreter: ScenarioInterpreter,
    private readonly admission: CallAdmission,
  ) {}

  /** One command, without its delimiter. `text` is latin1 (bytes as they came). */
  handle(raw: Buffer): void {
    const core = this.core;
    // SIPp strips the CRLFs that end a command before its actions read it.
    const body = raw.subarray(0, trimmedLength(raw));
    const text = body.toString('latin1');
    const callId = CALL_ID_LINE.exec(text)?.[1];
    if (callId === undefined) {
      core.reportError(
        `3PCC command without a Call-ID discarded`,
        `3PCC command without a Call-ID discarded:\n${text}`,
      );
      return;
    }
    let call = core.calls.get(callId);
    if (call === undefined) {
      if (core.deadCalls.has(callId, core.now())) {
        core.program.stats.count(Counter.DeadCallMsgs);
        return;
      }
      if (
        core.program.scenario.twin !== 'receives-first' ||
        core.state !== 'running' ||
        core.maxReached()
      ) {
        core.program.stats.count(Counter.OutOfCallMsgs);
        core.trace.warning(`3PCC command for no call discarded (Call-ID '${callId}')`);
        return;
      }
      call = this.admission.admitIncoming(callId, core.remoteForCommands, core.transport);
    }
    this.deliver(call, text, body);
  }

  private deliver(call: Call, text: string, body: Buffer): void {
    const core = this.core;
    if (/^[ \t]*internal-cmd[ \t]*:[ \t]*abort_call\b/im.test(text)) {
      // The twin's call failed: this half ends too (SIPp's checkInternalCmd).
      abortCall(core, call, null, Counter.FailedCallRejected);
      return;
    }
    const commands = call.program.commands;
    let found: RecvCmdCommand | undefined;
    for (let i = Math.max(call.index, 0); i < commands.length; i++) {
      const c = commands[i];
      if (c.kind !== 'recvCmd') {
        if (c.kind === 'recv' && c.optional !== 'no') continue;
        break;
      }
      if (c.src !== undefined && commandHeader(text, 'From') !== c.src) {
        core.warning(call, `3PCC command from an unexpected sender (expected "${c.src}")`);
        break;
      }
      found = c;
      break;
    }
    if (found === undefined) {
      core.trace.warning(
        `Unexpected 3PCC command for Call-ID '${call.callId}' at index ${call.index}:\n${text}`,
      );
      endCall(core, call, Counter.FailedCallRejected);
      return;
    }
    core.wheel.cancel(call.waitTimer);
    call.waitKind = WaitKind.None;
    call.index = found.index;
    call.program.stats.step(found.index, StepEvent.Message);
    const interpreter = this.interpreter;
    interpreter.command = body;
    let goOn: boolean;
    try {
      goOn = interpreter.afterCommand(call, found);
    } finally {
      interpreter.command = null;
    }
    if (goOn) interpreter.run(call);
  }
}
