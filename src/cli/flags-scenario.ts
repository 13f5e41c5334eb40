/** Scenario selection flags (`sipp -h` of SIPp 3.6.1). */
import { resolve } from 'node:path';
import { FlagError } from '../errors.ts';
import type { FlagContext, FlagSpec } from './flag-types.ts';

function rejectBoth(ctx: FlagContext, other: 'sf' | 'sn'): void {
  if (ctx.seen.has(other)) {
    throw new FlagError(
      'FLAG_VALUE',
      '-sf and -sn cannot be used together',
      'pick one scenario: a file with -sf or a built-in with -sn',
    );
  }
}

export const SCENARIO_FLAGS: readonly FlagSpec[] = [
  {
    name: 'sd',
    group: 'scenario',
    available: true,
    kind: 'string',
    argName: '<name>',
    help: "Print a built-in scenario's XML and exit",
    apply: (_ctx, name) => ({ kind: 'dump-scenario', name }),
  },
  {
    name: 'sf',
    group: 'scenario',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'Load the scenario from an XML file',
    apply: (ctx, file) => {
      rejectBoth(ctx, 'sn');
      ctx.config.scenario = { kind: 'file', path: resolve(ctx.cwd, file) };
    },
  },
  {
    name: 'oocsf',
    group: 'scenario',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'Scenario for out-of-call requests (client mode), from a file',
    apply: (ctx, file) => {
      ctx.config.outOfCallScenario = { kind: 'file', path: resolve(ctx.cwd, file) };
    },
  },
  {
    name: 'oocsn',
    group: 'scenario',
    available: true,
    kind: 'string',
    argName: '<name>',
    help: 'Scenario for out-of-call requests (client mode), built-in: ooc_default answers 200',
    apply: (ctx, name) => {
      ctx.config.outOfCallScenario = { kind: 'builtin', name };
    },
  },
  {
    name: 'sn',
    group: 'scenario',
    available: true,
    kind: 'string',
    argName: '<name>',
    help: 'Use a built-in scenario (a wrong name lists them all)',
    defaultText: 'uac',
    apply: (ctx, name) => {
      rejectBoth(ctx, 'sf');
      ctx.config.scenario = { kind: 'builtin', name };
    },
  },
];
