/**
 * Which waiting calls must keep the bytes of the last message they received. A message arrives
 * lent by the transport; a call that then waits either copies it or keeps only a length and
 * hash (enough to recognise a retransmission). The copy is needed only when a step that can run
 * before the next recv matches reads `[last_*]`: the next match replaces the last message.
 *
 * Decided per command at load time, by walking the steps a wait can lead to: a pause continues
 * with its own actions and what follows it; a recv leads only to its `ontimeout` target
 * (a match is a new last message). Jumps that can happen from anywhere (any `ontimeout` of an
 * earlier send's retransmission timeout, the `_unexp.main` label) are followed from every wait.
 */
import type { Command, Scenario, Template } from '../scenario/index.ts';

function templateReads(t: Template): boolean {
  return t.parts.some((p) => !Buffer.isBuffer(p) && p.name.startsWith('last_'));
}

/** Does the command itself read the last message (its template or an action text)? */
function commandReads(c: Command): boolean {
  return (
    ((c.kind === 'send' || c.kind === 'sendCmd') && templateReads(c.template)) ||
    c.actions.some((a) => Object.values(a.texts).some(templateReads))
  );
}

/**
 * `needed[i]`: a call waiting at command i may still read its last message. Indexes past the
 * last command are false.
 */
export function lastMessageNeededAt(scenario: Scenario): boolean[] {
  const commands = scenario.commands;
  const reads = commands.map(commandReads);
  const memo = new Map<number, boolean>();

  /** Steps from `start` until the next recv: does any read the last message? */
  const readsFrom = (start: number): boolean => {
    const cached = memo.get(start);
    if (cached !== undefined) return cached;
    const seen = new Set<number>();
    const stack = [start];
    let found = false;
    while (stack.length > 0 && !found) {
      const i = stack.pop() as number;
      if (i >= commands.length || seen.has(i)) continue;
      seen.add(i);
      const c = commands[i];
      if (c.kind === 'recv') continue;
      if (reads[i]) found = true;
      stack.push(i + 1);
      if (c.next !== undefined) stack.push(c.next);
    }
    memo.set(start, found);
    return found;
  };

  const anywhere: number[] = [];
  for (const c of commands) if (c.onTimeout !== undefined) anywhere.push(c.onTimeout);
  const unexpected = scenario.labels.get('_unexp.main');
  if (unexpected !== undefined) anywhere.push(unexpected);
  const fromAnywhere = anywhere.some(readsFrom);

  return commands.map((c) => {
    if (fromAnywhere) return true;
    if (c.kind !== 'pause') return false;
    // After the pause its own actions run, then whatever follows it (or its `next`).
    return reads[c.index] || readsFrom(c.index + 1) || (c.next !== undefined && readsFrom(c.next));
  });
}
