/**
 * `<User variables>` with `-users`: SIPp keeps them per user id, so a user's next call finds
 * what its previous one left; without `<User>` (or without -users) variables are per call.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';

/** Each call sends, adds 1 to n and logs it, then pauses so several users' calls interleave. */
function counting(declare: string): string {
  return clientXml(`${declare}
${sendRequest('MESSAGE')}
<nop><action><add assign_to="n" value="1"/><log message="[userid] n=[$n]"/></action></nop>
<pause milliseconds="10"/>`);
}

function logsOf(xml: string, users: number, calls: number): string[] {
  const h = new EngineHarness({
    scenario: xml,
    users,
    config: { maxCalls: calls },
  });
  h.run(500);
  assert.deepEqual(h.done, ['drained']);
  return h.trace.logs;
}

describe('<User> variables in -users mode', () => {
  it('a user finds the value its previous call left', () => {
    const logs = logsOf(counting('<User variables="n"/>'), 1, 3);
    assert.deepEqual(logs, ['1 n=1.000000', '1 n=2.000000', '1 n=3.000000']);
  });

  it('each user has its own values', () => {
    const logs = logsOf(counting('<User variables="n"/>'), 2, 4);
    assert.deepEqual([...logs].sort(), [
      '1 n=1.000000',
      '1 n=2.000000',
      '2 n=1.000000',
      '2 n=2.000000',
    ]);
  });

  it('a variable not declared <User> starts afresh in every call', () => {
    const logs = logsOf(counting(''), 1, 3);
    assert.deepEqual(logs, ['1 n=1.000000', '1 n=1.000000', '1 n=1.000000']);
  });
});
