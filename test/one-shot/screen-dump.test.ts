/**
 * The `s` key and `trace <log> on|off` reach the front-end's hooks (the TraceSet behind them is
 * tested in test/output/trace-switches.test.ts, the whole path in screen-dump-bin.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunHandle } from '../../src/run/index.ts';
import { RunController } from '../../src/one-shot/control-apply.ts';
import type { ControlHooks } from '../../src/one-shot/control-apply.ts';
import { parseDatagram } from '../../src/one-shot/control-commands.ts';

function rig(hooks: Partial<ControlHooks>): { apply(text: string): void; warnings: string[] } {
  const warnings: string[] = [];
  const run = { state: 'running' } as unknown as RunHandle;
  const controller = new RunController(run, {
    warn: (text) => warnings.push(text),
    report: () => {},
    ...hooks,
  });
  return { apply: (text) => controller.apply(parseDatagram(text)), warnings };
}

describe('s and trace at run time', () => {
  it('s dumps the screens through the hook, each time', () => {
    let dumps = 0;
    const r = rig({ dumpScreens: () => dumps++ });
    r.apply('s');
    r.apply('s');
    assert.equal(dumps, 2);
    assert.deepEqual(r.warnings, []);
  });

  it('s without -trace_screen says where the dump would go', () => {
    const r = rig({});
    r.apply('s');
    assert.deepEqual(r.warnings, [
      's: no screen file to dump to (start the run with -trace_screen)',
    ]);
  });

  it('trace <log> on|off reaches the hook; its answer is the warning shown', () => {
    const seen: string[] = [];
    const r = rig({
      trace: (log, on) => {
        seen.push(`${log} ${on}`);
        return log === 'messages' ? 'trace messages on: start the run with -trace_msg' : undefined;
      },
    });
    r.apply('ctrace logs off');
    r.apply('ctrace shortmessages on');
    r.apply('ctrace messages on');
    assert.deepEqual(seen, ['logs false', 'shortmessages true', 'messages true']);
    assert.deepEqual(r.warnings, ['trace messages on: start the run with -trace_msg']);
  });

  it('sipp names the logs it can switch; any other is refused by name', () => {
    const r = rig({ trace: () => assert.fail('not a log') });
    r.apply('ctrace calldebug on');
    assert.deepEqual(r.warnings, ['Unknown log file: calldebug']);
  });
});
