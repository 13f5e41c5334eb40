/**
 * SIPp's load-time variable checks: a call variable named only once in the whole scenario is
 * almost always a typo (set and never read, or read and never set), so SIPp refuses it with
 * "Variable $x is referenced 1 times!" unless a `<Reference variables>` element names it;
 * `<Reference>` may only name a variable already referenced above it in the file ("Could not
 * reference non-existant variable"). `_` is the throw-away name and is never checked. Variables
 * declared `<Global>` or `<User>` live in other tables, which SIPp does not check.
 */
import type { Action, Command, SourcePos, Template } from './model.ts';
import { scenarioErrorAt } from './scenario-error.ts';

/** A `<Reference variables="a,b">` element and how many commands came before it. */
export interface VariableReference {
  readonly names: ReadonlyArray<string>;
  readonly pos: SourcePos;
  readonly commandsBefore: number;
}

interface Use {
  count: number;
  pos: SourcePos;
  element: string;
}

/**
 * `_` is the throw-away name; SIPp itself looks up the two `_unexp.*` variables (one more
 * reference), so a scenario may name each of them once.
 */
const EXEMPT = new Set(['_', '_unexp.retaddr', '_unexp.pausedaddr']);

/** Action attributes that name one variable. */
const SINGLE = ['variable', 'variable2'] as const;

class Uses {
  readonly byName = new Map<string, Use>();

  add(name: string | undefined, pos: SourcePos, element: string): void {
    if (name === undefined) return;
    const use = this.byName.get(name);
    if (use) use.count++;
    else this.byName.set(name, { count: 1, pos, element });
  }

  template(t: Template, pos: SourcePos, element: string): void {
    for (const part of t.parts) {
      if (!Buffer.isBuffer(part) && part.name.startsWith('$'))
        this.add(part.name.slice(1), pos, element);
    }
  }

  action(a: Action): void {
    const el = a.name;
    if (a.assignTo) for (const n of a.assignTo) this.add(n, a.pos, el);
    else this.add(a.attrs.assign_to, a.pos, el);
    for (const attr of SINGLE) {
      // ereg reads `variable` only when it searches a variable.
      if (attr === 'variable' && el === 'ereg' && a.attrs.search_in !== 'var') continue;
      this.add(a.attrs[attr], a.pos, el);
    }
    for (const t of Object.values(a.texts)) this.template(t, a.pos, el);
  }

  command(c: Command): void {
    const el = c.kind;
    this.add(c.test, c.pos, el);
    this.add(c.condExec, c.pos, el);
    if (c.kind === 'pause' && c.duration.kind === 'variable') this.add(c.duration.name, c.pos, el);
    if (c.kind === 'send' || c.kind === 'sendCmd') this.template(c.template, c.pos, el);
    for (const a of c.actions) this.action(a);
  }
}

/** Throws ScenarioError (at the single use) for a call variable named once and not referenced. */
export function checkVariableUses(
  init: ReadonlyArray<Command>,
  commands: ReadonlyArray<Command>,
  references: ReadonlyArray<VariableReference>,
  otherScopes: ReadonlySet<string>,
): void {
  const uses = new Uses();
  // `<init>` variables are the init call's own, but SIPp counts their names with the scenario's.
  for (const c of init) uses.command(c);
  let counted = 0;
  const countUpTo = (n: number): void => {
    for (; counted < n; counted++) uses.command(commands[counted]);
  };
  for (const ref of references) {
    countUpTo(ref.commandsBefore);
    for (const name of ref.names) {
      const use = uses.byName.get(name);
      if (use === undefined && !otherScopes.has(name)) {
        throw scenarioErrorAt(
          ref.pos,
          'Reference',
          `could not reference non-existent variable "${name}" (no command above names it)`,
        );
      }
      if (use) use.count++;
    }
  }
  countUpTo(commands.length);
  // SIPp walks its variable map in name order: the first name in that order is reported.
  const once = [...uses.byName]
    .filter(([name, use]) => use.count < 2 && !EXEMPT.has(name) && !otherScopes.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (once.length > 0) {
    const [name, use] = once[0];
    throw scenarioErrorAt(
      use.pos,
      use.element,
      `Variable $${name} is referenced ${use.count} times!`,
      `a variable must be both set and used; list it in <Reference variables="${name}"/> if` +
        ' using it once is intended',
    );
  }
}
