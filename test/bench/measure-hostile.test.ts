import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callsLost,
  plateauNotJudged,
  soakProblems,
  type SoakObservation,
} from '../../bench/measure-hostile.ts';
import type { ChildResult } from '../../bench/processes.ts';
import { dueSends } from '../peers/hostile-flood.ts';

function child(
  stdout: string,
  exitCode: number | null = 0,
  signal: string | null = null,
): ChildResult {
  return {
    name: 'x',
    exitCode,
    signal,
    timedOut: false,
    wallS: 1,
    userS: 0,
    sysS: 0,
    maxRssKb: 0,
    stdout,
    stderr: '',
  };
}

const screen = (successful: number, failed: number): string =>
  `  Successful call        |        0                  |     ${successful}\n` +
  `  Failed call            |        0                  |     ${failed}\n`;

function observation(over: Partial<SoakObservation> = {}): SoakObservation {
  return {
    calls: 1000,
    uac: child(screen(1000, 0)),
    uas: child(''),
    uasDied: false,
    diedAfterS: NaN,
    ...over,
  };
}

test("calls lost: the UAC's calls not successful; all of them without a final screen", () => {
  assert.equal(callsLost(observation()), 0);
  assert.equal(
    callsLost(observation({ uac: child(screen(990, 4), 1) })),
    10,
    'failed and never completed alike',
  );
  assert.equal(callsLost(observation({ uac: child('Connection refused', 255) })), 1000);
});

test('a clean soak has no problems; a NaN slope (not judged) is none either', () => {
  assert.deepEqual(soakProblems(observation(), 0.3), []);
  assert.deepEqual(soakProblems(observation(), NaN), []);
});

test('lost calls, a UAS that died and RSS still growing are each a problem', () => {
  const problems = soakProblems(
    observation({
      uac: child(screen(0, 0), 255),
      uas: child('', 255),
      uasDied: true,
      diedAfterS: 0.24,
    }),
    40,
  );
  assert.deepEqual(problems, [
    'uac sipp: 1000 of 1000 legitimate calls lost (exit code 255)',
    'uas died under attack after 0.2 s (exit code 255)',
    'uas RSS still growing in the second half: 40.0 MiB/min',
  ]);
  assert.match(
    soakProblems(
      observation({ uas: child('', null, 'SIGSEGV'), uasDied: true, diedAfterS: 3 }),
      0,
    )[0] ?? '',
    /after 3\.0 s \(signal SIGSEGV\)/,
  );
});

test('a plateau is judged only when the second half starts after the 33 s dead-call wait', () => {
  assert.equal(plateauNotJudged(71_000), undefined);
  assert.match(
    plateauNotJudged(11_000) ?? '',
    /second half starts at 6 s, before the 33 s dead-call wait ends/,
  );
});

test("flood pacing: what is due by now, never past the cap, at most a second's worth at once", () => {
  assert.equal(dueSends(3000, 10, 0, 1000), 30);
  assert.equal(dueSends(3000, 10, 30, 1000), 0);
  assert.equal(dueSends(3000, 5000, 0, 1000), 1000, 'the cap bounds the count');
  assert.equal(dueSends(300, 60_000, 100, 100_000), 300, 'a stall is caught up a second at a time');
  assert.equal(dueSends(5, 150, 0, 10), 0);
});
