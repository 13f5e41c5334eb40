/**
 * The `<action>` interpreter. Each supported action is a small handler in a table; the table's
 * keys are also what `assertActionsSupported` accepts at load time, so an action we do not run
 * yet is a load-time error naming file and line, never a silent no-op.
 */
import { ScenarioError } from '../errors.ts';
import type { Action, Scenario, Template } from '../scenario/index.ts';
import type { Call } from './call.ts';

/** What an action asks the engine to do after it ran. */
export const ActionOutcome = {
  Continue: 0,
  /** `exec int_cmd="stop_call"`: end the call now, as it is (not a failure). */
  StopCall: 1,
  /** `exec int_cmd="stop_gracefully"`: soft quit of the whole run. */
  StopGracefully: 2,
  /** `exec int_cmd="stop_now"`: immediate exit (code 97). */
  StopNow: 3,
  /** `error`: fatal error, the run stops (exit 255). */
  Fatal: 4,
} as const;
export type ActionOutcomeId = (typeof ActionOutcome)[keyof typeof ActionOutcome];

export interface ActionHost {
  warning(call: Call, text: string): void;
  fatal(call: Call, text: string): void;
  /** Render an action text (keywords compiled at load time) for this call. */
  expand(call: Call, text: Template): string;
}

type Handler = (call: Call, a: Action, host: ActionHost) => ActionOutcomeId;

// SIPp prints doubles with %lf.
const num = (v: number): string => v.toFixed(6);

function operand(call: Call, a: Action): number {
  if (a.attrs.value !== undefined) return Number(a.attrs.value);
  return Number(call.variable(a.attrs.variable ?? ''));
}

function arith(op: (x: number, y: number) => number): Handler {
  return (call, a) => {
    const target = a.attrs.assign_to ?? '';
    const current = Number(call.variable(target)) || 0;
    call.setVariable(target, num(op(current, operand(call, a))));
    return ActionOutcome.Continue;
  };
}

const INT_CMDS: Record<string, ActionOutcomeId> = {
  stop_call: ActionOutcome.StopCall,
  stop_gracefully: ActionOutcome.StopGracefully,
  stop_now: ActionOutcome.StopNow,
};

const HANDLERS = {
  assign: (call, a) => {
    call.setVariable(a.attrs.assign_to ?? '', num(operand(call, a)));
    return ActionOutcome.Continue;
  },
  assignstr: (call, a, host) => {
    call.setVariable(
      a.attrs.assign_to ?? '',
      a.texts.value ? host.expand(call, a.texts.value) : '',
    );
    return ActionOutcome.Continue;
  },
  todouble: (call, a) => {
    call.setVariable(
      a.attrs.assign_to ?? '',
      num(Number.parseFloat(call.variable(a.attrs.variable ?? '')) || 0),
    );
    return ActionOutcome.Continue;
  },
  add: arith((x, y) => x + y),
  subtract: arith((x, y) => x - y),
  multiply: arith((x, y) => x * y),
  divide: arith((x, y) => x / y),
  warning: (call, a, host) => {
    host.warning(call, a.texts.message ? host.expand(call, a.texts.message) : '');
    return ActionOutcome.Continue;
  },
  error: (call, a, host) => {
    host.fatal(call, a.texts.message ? host.expand(call, a.texts.message) : '');
    return ActionOutcome.Fatal;
  },
  exec: (_call, a) => INT_CMDS[a.attrs.int_cmd ?? 'stop_call'] ?? ActionOutcome.Continue,
} satisfies Record<string, Handler>;

const SUPPORTED = new Set(Object.keys(HANDLERS));

/** Runs a command's actions; stops at the first one that ends the call or the run. */
export function runActions(
  call: Call,
  actions: ReadonlyArray<Action>,
  host: ActionHost,
): ActionOutcomeId {
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    const outcome = (HANDLERS as Record<string, Handler>)[a.name](call, a, host);
    if (outcome !== ActionOutcome.Continue) return outcome;
  }
  return ActionOutcome.Continue;
}

/** Load-time check: every action in the scenario is one this engine runs. */
export function assertActionsSupported(scenario: Scenario): void {
  for (const cmd of scenario.commands) {
    for (const a of cmd.actions) {
      const unsupportedExec =
        a.name === 'exec' && (a.attrs.int_cmd === undefined || !(a.attrs.int_cmd in INT_CMDS));
      if (!SUPPORTED.has(a.name) || unsupportedExec) {
        const what = a.name === 'exec' ? `exec ${Object.keys(a.attrs).join('/')}` : a.name;
        throw new ScenarioError(
          `${a.pos.file}:${a.pos.line}:${a.pos.column} <${a.name}>: action "${what}" is not available in this version of gossipper`,
          `actions available now: ${[...SUPPORTED].join(', ')} (exec: int_cmd only)`,
        );
      }
    }
  }
}
