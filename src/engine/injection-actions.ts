/**
 * `<lookup assign_to file key>`, `<insert file value>`, `<replace file line value>`: the engine
 * side of the injection-file actions (src/injection/ does the work), entries of the action
 * table in actions.ts. `key`, `value` and `line` may hold keywords. A fatal error (insert into
 * a printf file, replace past the last line) stops the run as SIPp's ERROR does.
 */
import { insertLine, lookupLine, replaceLine } from '../injection/index.ts';
import type { Action, Template } from '../scenario/index.ts';
import { formatDouble } from './action-values.ts';
import type { Call } from './call.ts';

export interface InjectionActionHost {
  expand(call: Call, text: Template): string;
  fatal(call: Call, text: string): void;
}

/** Runs one of the three actions; false when it raised a fatal error. */
export function injectionAction(call: Call, a: Action, host: InjectionActionHost): boolean {
  const injection = call.ctx.injection;
  const file = a.attrs.file ?? '';
  const text = (attr: string): string => {
    const t = a.texts[attr];
    return t === undefined ? '' : host.expand(call, t);
  };
  let error: string | undefined;
  if (a.name === 'lookup') {
    // A double, as SIPp stores it (so [$line] prints 2.000000 and line="[$line]" reads 2).
    call.setVariable(
      a.attrs.assign_to ?? '',
      formatDouble(lookupLine(injection, file, text('key'))),
    );
  } else if (a.name === 'insert') {
    error = insertLine(injection, file, text('value'));
  } else {
    error = replaceLine(injection, file, text('line'), text('value'));
  }
  if (error === undefined) return true;
  host.fatal(call, error);
  return false;
}
