/**
 * `-trace_calldebug`'s "Processing message" lines: sipp 3.6.1 writes one each time it runs a
 * call at a step (seen for an unanswered INVITE of the uac built-in, -recv_timeout 1500):
 *   Processing message 0 of type 2 for call 1-22339@127.0.0.1 at 104.
 *   Processing message 1 of type 3 for call 1-22339@127.0.0.1 at 104.
 *   Processing message 1 of type 3 for call 1-22339@127.0.0.1 at 608.   (then the retransmission)
 *   Processing message 1 of type 3 for call 1-22339@127.0.0.1 at 1608.  (then the abort)
 * (sipp ran the call twice at 104; Gossipper once.) The engine writes them through the
 * callNote hook, present only when the trace is on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness } from './engine-harness.ts';

type Note = (callId: string, text: string) => void;

test('an unanswered INVITE: the steps, the retransmission wake and the timeout wake', () => {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas({ ignoreInvites: Infinity }),
    config: { maxCalls: 1, recvTimeoutMs: 1400 },
  });
  const notes: string[] = [];
  // The hook is taken when the engine is built; the harness's trace has none, so set it here.
  const core = (h.engine as unknown as { core: { onCallNote: Note | undefined } }).core;
  core.onCallNote = (_id, text) => notes.push(text);
  h.run(1700);
  // (-recv_timeout 1400 here, so the timeout wake does not meet the 1600 retransmission.)
  const processing = notes
    .filter((n) => n.startsWith('Processing'))
    .map((n) => n.replace(/for call \S+ /, ''));
  assert.deepEqual(processing, [
    'Processing message 0 of type 2 at 100.',
    'Processing message 1 of type 3 at 100.',
    'Processing message 1 of type 3 at 600.',
    'Processing message 1 of type 3 at 1500.',
  ]);
  assert.ok(notes.indexOf('Retransmisison required (1 retransmissions, max 5)') === 3);
});
