/**
 * `lost=`, `chance=` and uniform pauses draw from the injected Rng: a constant source decides
 * every draw, and a seeded one gives exact, repeatable counts (a replayed `-seed` run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/engine/index.ts';
import type { Rng } from '../../src/engine/index.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';

const CALLS = 200;
const SEED = 20240613;

/** Always the same number: every draw's outcome is known in advance. */
const constant = (x: number): Rng => ({ next: () => x });

/** CALLS client calls of `body` at 100 calls/s, without retransmissions, run to the end. */
function runCalls(body: string, rng: Rng, answer = false): EngineHarness {
  const h = new EngineHarness({
    scenario: clientXml(body),
    rng,
    rate: { callsPerPeriod: 100 },
    retrans: { enabled: false },
    config: { maxCalls: CALLS },
    peer: answer ? new ScriptedUas() : undefined,
  });
  h.run(CALLS * 10 + 1000);
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.counters().OutgoingCall, CALLS);
  return h;
}

/** Call numbers (the Call-ID's `%u`) of the messages sent with this method, in order. */
function callsThatSent(h: EngineHarness, method: string): number[] {
  return h.transport.sentOf(method).map((d) => Number(d.msg.callId().split('-')[0]));
}

const LOST_SEND = sendRequest('OPTIONS', 'lost="50"');

test('lost= on a send: a draw below lost/100 loses the message, counted as lost', () => {
  const all = runCalls(LOST_SEND, constant(0.4999));
  assert.equal(all.transport.sent.length, 0);
  assert.equal(all.snapshot().steps[0].lost, CALLS);
  assert.equal(all.snapshot().steps[0].message, CALLS, 'a lost send still counts as sent');
  assert.equal(all.counters().SuccessfulCall, CALLS, 'the call goes on as if it had been sent');
  const none = runCalls(LOST_SEND, constant(0.5));
  assert.equal(none.transport.sent.length, CALLS);
  assert.equal(none.snapshot().steps[0].lost, 0);
});

test('lost="50" on a send with a fixed seed: an exact, repeatable share of about half', () => {
  const first = runCalls(LOST_SEND, new SeededRng(SEED));
  const lost = first.snapshot().steps[0].lost;
  assert.equal(lost, 87);
  assert.ok(lost > 70 && lost < 130, 'about half');
  assert.equal(first.transport.sent.length, CALLS - lost);
  const again = runCalls(LOST_SEND, new SeededRng(SEED));
  const sent = callsThatSent(first, 'OPTIONS');
  assert.deepEqual(callsThatSent(again, 'OPTIONS'), sent, 'same calls lost');
  const other = runCalls(LOST_SEND, new SeededRng(SEED + 1));
  assert.notDeepEqual(callsThatSent(other, 'OPTIONS'), callsThatSent(first, 'OPTIONS'));
});

const LOST_RECV = `${sendRequest('OPTIONS')}\n<recv response="200" lost="30" timeout="500"/>`;

test('lost= on a recv: a lost answer is ignored, so the call times out on it', () => {
  const all = runCalls(LOST_RECV, constant(0), true);
  assert.equal(all.snapshot().steps[1].lost, CALLS);
  assert.equal(all.snapshot().steps[1].message, 0);
  assert.equal(all.counters().FailedTimeoutOnRecv, CALLS);
  const none = runCalls(LOST_RECV, constant(0.3), true);
  assert.equal(none.snapshot().steps[1].lost, 0);
  assert.equal(none.counters().SuccessfulCall, CALLS);
});

test('lost="30" on a recv with a fixed seed: an exact, repeatable share of about 30%', () => {
  const runs = [1, 2].map(() => runCalls(LOST_RECV, new SeededRng(SEED), true));
  for (const h of runs) {
    const s = h.snapshot();
    assert.equal(s.steps[1].lost, 50);
    assert.ok(s.steps[1].lost > 35 && s.steps[1].lost < 85, 'about 30%');
    assert.equal(s.steps[1].message, CALLS - 50);
    assert.equal(s.cumulative.FailedTimeoutOnRecv, 50);
    assert.equal(s.cumulative.SuccessfulCall, CALLS - 50);
  }
  // One "Aborting call on timeout for Call-ID ..." per call whose answer was lost.
  const timedOut = (h: EngineHarness): string[] =>
    h.trace.errors.filter((e) => e.includes(' timeout '));
  assert.equal(timedOut(runs[0]).length, 50);
  assert.deepEqual(timedOut(runs[1]), timedOut(runs[0]), 'the same calls lose their answer');
});

/** A 30% branch: INFO when taken, OPTIONS when not. */
const CHANCE = [
  '<pause milliseconds="10" next="taken" chance="0.3"/>',
  sendRequest('OPTIONS'),
  '<pause milliseconds="1" next="end"/>',
  '<label id="taken"/>',
  sendRequest('INFO'),
  '<label id="end"/>',
  '<pause milliseconds="1"/>',
].join('\n');

test('chance= on next: a draw below chance takes the branch', () => {
  const taken = runCalls(CHANCE, constant(0.2999));
  assert.equal(taken.transport.sentOf('INFO').length, CALLS);
  assert.equal(taken.transport.sentOf('OPTIONS').length, 0);
  const notTaken = runCalls(CHANCE, constant(0.3));
  assert.equal(notTaken.transport.sentOf('INFO').length, 0);
  assert.equal(notTaken.transport.sentOf('OPTIONS').length, CALLS);
});

test('chance="0.3" with a fixed seed: an exact, repeatable ~30% of calls take the branch', () => {
  const first = runCalls(CHANCE, new SeededRng(SEED));
  const taken = first.transport.sentOf('INFO').length;
  assert.equal(taken, 50);
  assert.ok(taken > 35 && taken < 85, 'about 30%');
  assert.equal(first.transport.sentOf('OPTIONS').length, CALLS - taken);
  assert.equal(first.counters().SuccessfulCall, CALLS);
  const again = runCalls(CHANCE, new SeededRng(SEED));
  assert.deepEqual(callsThatSent(again, 'INFO'), callsThatSent(first, 'INFO'), 'same calls branch');
});

const MIN_MS = 100;
const MAX_MS = 300;
const UNIFORM = [
  sendRequest('INFO'),
  `<pause min="${MIN_MS}" max="${MAX_MS}"/>`,
  sendRequest('OPTIONS'),
].join('\n');

/** Each call's pause, from its INFO to its OPTIONS, in call order. */
function pauseLengths(h: EngineHarness): number[] {
  const infoAt = new Map(h.transport.sentOf('INFO').map((d) => [d.msg.callId(), d.atMs]));
  return h.transport.sentOf('OPTIONS').map((d) => d.atMs - (infoAt.get(d.msg.callId()) as number));
}

test('a uniform pause lasts min plus the draw times (max - min)', () => {
  assert.deepEqual(new Set(pauseLengths(runCalls(UNIFORM, constant(0)))), new Set([MIN_MS]));
  const middle = (MIN_MS + MAX_MS) / 2;
  assert.deepEqual(new Set(pauseLengths(runCalls(UNIFORM, constant(0.5)))), new Set([middle]));
});

test('uniform pauses with a fixed seed fall in [min, max], spread over it, repeat exactly', () => {
  const lengths = pauseLengths(runCalls(UNIFORM, new SeededRng(SEED)));
  assert.equal(lengths.length, CALLS);
  const range = `${Math.min(...lengths)}..${Math.max(...lengths)}`;
  assert.ok(
    lengths.every((ms) => ms >= MIN_MS && ms <= MAX_MS),
    range,
  );
  assert.equal(
    lengths.reduce((a, b) => a + b, 0),
    41_964,
  );
  // Each quarter of [min, max] expects 50 of 200; fewer than 25 is over 4 standard deviations off.
  const quarters = [0, 0, 0, 0];
  const quarterOf = (ms: number): number =>
    Math.min(3, Math.floor(((ms - MIN_MS) * 4) / (MAX_MS - MIN_MS)));
  for (const ms of lengths) quarters[quarterOf(ms)]++;
  assert.ok(
    quarters.every((n) => n >= 25),
    `quarters ${quarters.join(' ')}`,
  );
  assert.deepEqual(pauseLengths(runCalls(UNIFORM, new SeededRng(SEED))), lengths);
});
