/**
 * Runtime control carried out: the keyboard (fed as a terminal would, command mode included)
 * drives a RunController over a recording stand-in for the run, so each key's effect on rate,
 * pause, quit, screens and warnings is asserted exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunHandle, RunState } from '../../src/run/index.ts';
import { RunController } from '../../src/one-shot/control-apply.ts';
import type { ControlHooks } from '../../src/one-shot/control-apply.ts';
import { KeyboardInput } from '../../src/one-shot/keyboard.ts';

/** The parts of a RunHandle the controller uses, recording what it is asked to do. */
class RecordingRun {
  state: RunState = 'running';
  rate = 10;
  paused = false;
  limit = 30;
  readonly calls: string[] = [];
  /** What `dump variables` reads: the variable tables of the scenario. */
  readonly scenario = { commands: [], init: [], globalVariables: ['zeta', 'alpha'] };
  setRate(r: number): void {
    this.rate = r;
    this.calls.push(`rate ${r}`);
  }
  setCallLimit(n: number): void {
    this.limit = n;
    this.calls.push(`limit ${n}`);
  }
  pause(): void {
    this.paused = true;
    this.calls.push('pause');
  }
  resume(): void {
    this.paused = false;
    this.calls.push('resume');
  }
  softQuit(): void {
    this.calls.push('softQuit');
  }
  stop(): void {
    this.calls.push('stop');
  }
  status(): { rate: number; paused: boolean; limit: number } & Record<string, unknown> {
    return {
      rate: this.rate,
      paused: this.paused,
      limit: this.limit,
      currentCalls: 3,
      peakCalls: 5,
      created: 42,
    };
  }
}

function rig(rateScale = 1, withScreen = true) {
  const run = new RecordingRun();
  const warnings: string[] = [];
  const screens: number[] = [];
  const reports: string[][] = [];
  const lines: Array<string | undefined> = [];
  let hidden: boolean | undefined;
  let index: boolean | undefined;
  const hooks: ControlHooks = {
    warn: (t) => warnings.push(t),
    report: (l) => reports.push(l),
    showScreen: withScreen ? (n) => screens.push(n) : undefined,
    setHide: (h) => (hidden = h),
    setIndex: (i) => (index = i),
    tasks: () => ['Screen update task.'],
  };
  const controller = new RunController(run as unknown as RunHandle, hooks, rateScale);
  const keyboard = new KeyboardInput({
    apply: (a) => controller.apply(a),
    commandLine: (t) => lines.push(t),
  });
  return {
    run,
    controller,
    keyboard,
    warnings,
    screens,
    reports,
    lines,
    hidden: () => hidden,
    index: () => index,
  };
}

describe('hot keys on the run', () => {
  it('+ - * / change the rate by 1 and 10, never below 0', () => {
    const r = rig();
    r.keyboard.feed('+*-/');
    assert.deepEqual(r.run.calls, ['rate 11', 'rate 21', 'rate 20', 'rate 10']);
    r.keyboard.feed('//');
    assert.equal(r.run.rate, 0);
  });

  it('-rate_scale and "set rate-scale" multiply the steps', () => {
    const r = rig(5);
    r.keyboard.feed('+');
    assert.equal(r.run.rate, 15);
    r.keyboard.feed('cset rate-scale 0.5\r*');
    assert.equal(r.run.rate, 20);
  });

  it('p toggles pause, q soft-quits, Q and Ctrl-C stop now', () => {
    const r = rig();
    r.keyboard.feed('ppqQ\u0003');
    assert.deepEqual(r.run.calls, ['pause', 'resume', 'softQuit', 'stop', 'stop']);
  });

  it('1-9 switch screens; other keys do nothing', () => {
    const r = rig();
    r.keyboard.feed('12x3069');
    assert.deepEqual(r.screens, [1, 2, 3, 6, 9]);
    assert.deepEqual(r.run.calls, []);
  });

  it('keys after the run ended do nothing', () => {
    const r = rig();
    r.run.state = 'done';
    r.keyboard.feed('+pq');
    assert.deepEqual(r.run.calls, []);
  });
});

describe('command mode', () => {
  it('c opens it, the typed line is shown, Enter runs it', () => {
    const r = rig();
    r.keyboard.feed('cset rate 7');
    assert.deepEqual(r.run.calls, [], 'nothing runs before Enter');
    assert.equal(r.lines.at(-1), 'set rate 7');
    r.keyboard.feed('\r');
    assert.equal(r.lines.at(-1), undefined, 'command mode ended');
    assert.deepEqual(r.run.calls, ['rate 7']);
    // Back to hot keys: q now quits instead of being typed.
    r.keyboard.feed('q');
    assert.deepEqual(r.run.calls, ['rate 7', 'softQuit']);
  });

  it('keys typed in command mode are text, not hot keys; backspace and Escape edit', () => {
    const r = rig();
    r.keyboard.feed('cset limit 12q\u007f\r');
    assert.deepEqual(r.run.calls, ['limit 12']);
    r.keyboard.feed('cset rate 99\u001b+');
    assert.deepEqual(r.run.calls, ['limit 12', 'rate 11'], 'Escape dropped the line');
  });

  it("a bad line is SIPp's warning, and the run goes on", () => {
    const r = rig();
    r.keyboard.feed('cfoo bar\rcset users 3\rcset display ooc\rcset display main\r');
    assert.deepEqual(r.warnings, [
      'Unrecognized command: "foo"',
      'Users can not be changed at run time for a rate-based benchmark.',
      'Unknown display scenario: ooc',
    ]);
    assert.deepEqual(r.run.calls, []);
  });

  it('set hide and set index reach the screen; what Gossipper lacks says so in one line', () => {
    const r = rig();
    r.keyboard.feed('cset hide false\r');
    assert.equal(r.hidden(), false);
    // sipp 3.6.1 takes `set index` in silence and numbers the send/recv rows.
    r.keyboard.feed('cset index true\r');
    assert.equal(r.index(), true);
    assert.deepEqual(r.warnings, []);
    r.keyboard.feed('creset stats\rctrace error on\rs');
    assert.equal(r.warnings.length, 3);
    for (const w of r.warnings) assert.match(w, /not available|no screen file|start the run/);
  });

  it("dump variables: sipp's table per level, names in byte order, one warning each", () => {
    const r = rig();
    r.keyboard.feed('cdump variables\r');
    assert.deepEqual(r.reports, [
      ['2 level 0 variables:', 'alpha', 'zeta', '0 level 1 variables:', '0 level 2 variables:'],
    ]);
  });

  it('dump tasks reports the open calls and the front-end tasks', () => {
    const r = rig();
    r.keyboard.feed('cdump tasks\r');
    assert.equal(r.reports.length, 1);
    assert.equal(r.reports[0][0], '---- 4 Active Tasks ----');
    assert.match(r.reports[0][1], /^3 open calls \(peak 5\), 42 created, rate 10, limit 30/);
    assert.equal(r.reports[0][2], 'Screen update task.');
  });
});
