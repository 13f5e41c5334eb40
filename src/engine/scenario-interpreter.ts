/**
 * Runs a call through the scenario: executes commands from its position until it must wait
 * (recv, pause) or ends, does the bookkeeping after each step (RTDs, counters, actions, jumps)
 * and resumes it when its wait timer fires.
 */
import type { Command, PauseCommand, RecvCommand, SendCommand } from '../scenario/index.ts';
import { Counter, StepEvent } from '../stats/index.ts';
import { pauseFromSample, sampleDistribution } from './action-sample.ts';
import { readDouble } from './action-values.ts';
import { ActionOutcome, runActions } from './actions.ts';
import type { ActionOutcomeId } from './actions.ts';
import { WaitKind } from './call.ts';
import type { Call } from './call.ts';
import { abortCall, endCall } from './call-ending.ts';
import { noteProcessing } from './call-debug-notes.ts';
import type { EngineCore } from './engine-core.ts';
import { expectedAt } from './recv-matcher.ts';
import { armRetrans } from './retransmission.ts';
import { enterRecvCmd, execSendCmd } from './three-pcc-steps.ts';
import { recordTxnBranch } from './transactions.ts';
import { isSdpReady } from './webrtc-sdp-wait.ts';

/** More commands than this in one go, without a recv or pause, is a loop (see run). */
const MAX_STEPS_WITHOUT_WAIT = 1_000_000;

/** Pauses at least this long compact what the call keeps (Call.compactKept). */
const LONG_PAUSE_MS = 100;

/**
 * An abort reads the last message for the ACK still owed to a 2xx answer, and, in a call we
 * started that sent no INVITE, for SIPp's default BYE (abort-messages.ts).
 */
function abortNeedsAnswer(call: Call): boolean {
  if (call.inviteRaw === null) return call.program.isClient;
  const status = call.inviteFinalStatus;
  return status >= 200 && status < 300 && !call.ackSent;
}

function isSet(call: Call, name: string): boolean {
  const v = call.variable(name);
  return v !== '' && v !== 'false' && v !== '0.000000';
}

export class ScenarioInterpreter {
  /** The message the send being handled just sent (what its actions' ereg reads). */
  private sent: Buffer | null = null;
  /** The 3PCC command a recvCmd just matched (what its actions read; three-pcc.ts sets it). */
  command: Buffer | null = null;

  constructor(private readonly core: EngineCore) {}

  /** Executes commands from the call's position until it must wait (recv, pause) or ends. */
  run(call: Call): void {
    const cmds = call.program.commands;
    const note = this.core.onCallNote;
    let steps = 0;
    while (!call.ended) {
      if (++steps > MAX_STEPS_WITHOUT_WAIT) {
        // A jump or next= loop with no recv or pause in it: SIPp spins forever; we stop.
        this.core.fatal(
          call,
          `the call ran ${MAX_STEPS_WITHOUT_WAIT} commands without waiting (at index ${call.index}): a jump or next= loop with no recv or pause?`,
        );
        return;
      }
      if (call.index >= cmds.length) {
        endCall(this.core, call, Counter.SuccessfulCall);
        return;
      }
      if (call.pausedUntil > 0 && this.restoredPause(call)) return;
      if (note !== undefined) noteProcessing(this.core, call, note);
      const cmd = cmds[call.index];
      if (cmd.condExec !== undefined && isSet(call, cmd.condExec) === cmd.condExecInverse) {
        // SIPp moves on with next(): the skipped command's next= still applies.
        this.advance(call);
        continue;
      }
      switch (cmd.kind) {
        case 'send':
          if (!this.execSend(call, cmd)) return;
          break;
        case 'recv':
          this.enterRecv(call, cmd);
          return;
        case 'pause':
          if (this.enterPause(call, cmd)) return;
          break;
        case 'nop':
          call.program.stats.step(cmd.index, StepEvent.Message);
          if (!this.afterCommand(call, cmd)) return;
          break;
        case 'sendCmd':
          if (!execSendCmd(this.core, call, cmd) || !this.afterCommand(call, cmd)) return;
          break;
        case 'recvCmd':
          this.settleLastRecv(call, cmd.index);
          enterRecvCmd(this.core, call, cmd);
          return;
      }
    }
  }

  /** Moves the call to `index` (a timeout or unexpected-message label) and runs it from there. */
  jump(call: Call, index: number): void {
    this.core.wheel.cancel(call.waitTimer);
    call.waitKind = WaitKind.None;
    call.index = index;
    this.run(call);
  }

  /**
   * Bookkeeping after a command ran (RTDs, counters, actions) and the move to the next position.
   * Returns false when the call or the run ended.
   */
  afterCommand(call: Call, cmd: Command, now = this.core.now()): boolean {
    if (!this.bookkeeping(call, cmd, now)) return false;
    this.advance(call);
    return true;
  }

  /**
   * RTDs, counters and actions of a command (for a pause: when it starts, as SIPp). Returns
   * false when the call or the run ended.
   */
  private bookkeeping(call: Call, cmd: Command, now: number): boolean {
    const core = this.core;
    const program = call.program;
    if (cmd.rtd !== undefined) this.stopRtd(call, cmd, now);
    if (cmd.startRtd !== undefined) {
      const i = program.startsRtd[cmd.index];
      if (i >= 0) {
        // A timer started by a send starts when the message leaves: a fresh clock read, since
        // rebaseStarts only moves the timers started with the call.
        call.rtdStartMs[i] = cmd.kind === 'send' ? core.ctx.clock.now() : now;
        call.rtdDone &= ~(1 << i);
      }
    }
    if (cmd.counter !== undefined) program.stats.generic(program.countsGeneric[cmd.index]);
    // SIPp reads the remote media address from every SDP received (unless ignoresdp).
    const media = core.media;
    if (
      media !== null &&
      cmd.kind === 'recv' &&
      cmd.ignoreSdp !== true &&
      call.lastRecvRaw !== null
    )
      media.onReceived(call, call.lastRecvRaw);
    if (cmd.actions.length > 0) {
      const msg =
        cmd.kind === 'recv'
          ? call.lastRecvRaw
          : cmd.kind === 'send'
            ? this.sent
            : cmd.kind === 'recvCmd'
              ? this.command
              : null;
      const outcome = runActions(call, cmd.actions, core, msg);
      if (outcome !== ActionOutcome.Continue && !this.onActionOutcome(call, outcome)) return false;
    }
    return true;
  }

  /**
   * SIPp's next(): from the call's position (which a `jump` action may have moved to the
   * command before its target, or -1), the following command, or that command's `next` label
   * when its `test` variable is set and its `chance` draw wins.
   */
  private advance(call: Call): void {
    const at = call.index;
    const cmd = at >= 0 ? call.program.commands[at] : undefined;
    let next = at + 1;
    if (
      cmd !== undefined &&
      cmd.next !== undefined &&
      (cmd.test === undefined || isSet(call, cmd.test)) &&
      (cmd.chance === undefined || this.core.rng.next() < cmd.chance)
    )
      next = cmd.next;
    call.index = next;
  }

  /**
   * A `pauserestore` gave the call back the deadline of the pause an unexpected message
   * interrupted: wait for what is left of it, then go past the command it points at (SIPp's
   * paused_until). Returns true when the call now waits.
   */
  private restoredPause(call: Call): boolean {
    const until = call.pausedUntil;
    call.pausedUntil = 0;
    if (until > this.core.now()) {
      call.waitKind = WaitKind.Pause;
      this.settleLastRecv(call, Math.max(call.index, 0));
      this.core.wheel.schedule(call.waitTimer, until);
      return true;
    }
    this.advance(call);
    return false;
  }

  /**
   * A call starts waiting at command `index`: its parsed last message is dropped, and the bytes
   * are forgotten (length and hash kept) when nothing before the next match can read them, or
   * else copied if they are still the transport's.
   */
  settleLastRecv(call: Call, index: number): void {
    call.releaseParsed();
    const raw = call.lastRecvRaw;
    if (raw === null) return;
    const isLent = raw === this.core.lent;
    if (!call.program.lastNeededAt[index] && !abortNeedsAnswer(call))
      call.forgetLastRecv(isLent ? this.core.lentHash : undefined);
    else if (isLent) call.keepLastRecv();
  }

  /** The call's pause, recv timeout or timewait ended. */
  onWaitTimer(call: Call): void {
    const kind = call.waitKind;
    call.waitKind = WaitKind.None;
    const cmd = call.program.commands[call.index];
    if (kind === WaitKind.Timewait) {
      endCall(this.core, call, Counter.SuccessfulCall);
    } else if (kind === WaitKind.Pause) {
      this.advance(call);
      this.run(call);
    } else if (kind === WaitKind.Media) {
      // The send asks again: its SDP is made, or the media side reports why not.
      this.run(call);
    } else if (kind === WaitKind.Recv) {
      const note = this.core.onCallNote;
      if (note !== undefined) noteProcessing(this.core, call, note);
      call.program.stats.step(call.index, StepEvent.Timeout);
      if (cmd.onTimeout !== undefined) {
        this.jump(call, cmd.onTimeout);
        return;
      }
      this.core.trace.error(
        `Aborting call on timeout for Call-ID '${call.callId}' while expecting '${expectedAt(call.program.commands, call.index)}' (index ${call.index})`,
      );
      abortCall(this.core, call, null, Counter.FailedTimeoutOnRecv);
    }
  }

  /** The step at call.retransIndex was retransmitted to its limit (retransmission.ts). */
  onRetransTimeout(call: Call): void {
    const cmd = call.program.commands[call.retransIndex];
    if (cmd.onTimeout !== undefined) {
      this.jump(call, cmd.onTimeout);
      return;
    }
    this.core.reportError(
      `Aborting call on UDP retransmission timeout for Call-ID '${call.callId}'`,
    );
    abortCall(this.core, call, null, Counter.FailedMaxUDPRetrans);
  }

  /** Returns false when the call ended (send failure, action) and must not continue. */
  private execSend(call: Call, cmd: SendCommand): boolean {
    const core = this.core;
    const program = call.program;
    const t = cmd.template;
    // A run without media has no host: one null check (the roles are empty then anyway).
    if (core.media !== null) {
      const webrtc = program.webrtcRoles[cmd.index];
      if (webrtc !== undefined && !isSdpReady(core, call, webrtc)) return false;
    }
    if (t.isRequest && t.method !== 'ACK' && t.method !== 'CANCEL') call.cseq++;
    call.msgIndex = cmd.index;
    const buf = core.renderer.render(program.templates[cmd.index] ?? t, call);
    if (cmd.lostPercent !== undefined && core.rng.next() * 100 < cmd.lostPercent) {
      program.stats.step(cmd.index, StepEvent.Lost);
    } else {
      core.send(call.socket, buf, call.remote);
    }
    program.stats.step(cmd.index, StepEvent.Message);
    if (call.replyToLastRecv === null && call.hasLastRecv) call.replyToLastRecv = buf;
    if (t.isRequest) {
      if (t.method === 'INVITE') {
        call.inviteRaw = buf;
        call.inviteFinalStatus = 0;
        call.inviteSentMs = core.now();
        call.ackSent = false;
      } else if (t.method === 'ACK') call.ackSent = true;
    }
    if (cmd.startTxn !== undefined) recordTxnBranch(call, cmd.startTxn, buf);
    armRetrans(core, call, cmd, buf);
    this.sent = buf;
    const goOn = this.afterCommand(call, cmd);
    this.sent = null;
    return goOn;
  }

  private enterRecv(call: Call, cmd: RecvCommand): void {
    call.waitKind = WaitKind.Recv;
    this.settleLastRecv(call, cmd.index);
    const timeout = cmd.timeoutMs ?? this.core.cfg.recvTimeoutMs;
    if (timeout > 0) this.core.wheel.schedule(call.waitTimer, this.core.now() + timeout);
    const queued = call.queued;
    if (queued !== null && this.core.redeliver !== null) {
      // The message that sent the call to `_unexp.main` is handed to the first recv there.
      call.queued = null;
      this.core.redeliver(call, queued);
    }
  }

  /** Returns true when the call now waits on a timer. */
  private enterPause(call: Call, cmd: PauseCommand): boolean {
    const ms = this.pauseMs(call, cmd);
    call.program.stats.step(cmd.index, StepEvent.Message);
    // SIPp runs a pause's bookkeeping and actions when it starts (measured on 3.6.1), and moves
    // on (next=, test=, chance=) when it ends.
    if (!this.bookkeeping(call, cmd, this.core.now()) || call.ended) return true;
    if (ms <= 0 && !cmd.isTimewait) {
      this.advance(call);
      return false;
    }
    call.waitKind = cmd.isTimewait ? WaitKind.Timewait : WaitKind.Pause;
    this.settleLastRecv(call, cmd.index);
    if (ms >= LONG_PAUSE_MS) call.compactKept();
    this.core.wheel.schedule(call.waitTimer, this.core.now() + Math.max(ms, 0));
    return true;
  }

  private pauseMs(call: Call, cmd: PauseCommand): number {
    const d = cmd.duration;
    switch (d.kind) {
      case 'default':
        return this.core.cfg.defaultPauseMs;
      case 'fixed':
        return d.ms;
      case 'uniform':
        return d.minMs + this.core.rng.next() * (d.maxMs - d.minMs);
      case 'variable':
        return Math.trunc(readDouble(call.variable(d.name)));
      case 'distribution':
        return pauseFromSample(sampleDistribution(d.distribution, this.core.rng));
    }
  }

  private stopRtd(call: Call, cmd: Command, now: number): void {
    const i = call.program.stopsRtd[cmd.index];
    if (i < 0) return;
    const bit = 1 << i;
    if ((call.rtdDone & bit) !== 0 && !cmd.repeatRtd) return;
    call.rtdDone |= bit;
    const ms = now - call.rtdStartMs[i];
    call.program.stats.responseTime(i, ms);
    this.core.trace.responseTime?.(call.program.scenario.rtdNames[i], ms);
    // A reply read in the same loop turn as the send's flush can stamp a hair before it; the
    // histogram counts that as 0, so does the record (-1 would read as "not measured").
    if (this.core.onCallRecord !== undefined)
      (call.rtdMs ??= new Float64Array(call.rtdStartMs.length).fill(-1))[i] = ms > 0 ? ms : 0;
  }

  private onActionOutcome(call: Call, outcome: ActionOutcomeId): boolean {
    switch (outcome) {
      case ActionOutcome.StopCall:
        endCall(this.core, call, Counter.SuccessfulCall);
        return false;
      case ActionOutcome.StopGracefully:
        this.core.events.onSoftQuitRequested();
        return true;
      case ActionOutcome.Failed:
        return true;
      case ActionOutcome.StopNow:
        this.core.state = 'done';
        this.core.events.onDone('stop_now');
        return false;
      default:
        return false;
    }
  }
}
