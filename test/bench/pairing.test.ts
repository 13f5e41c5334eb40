import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findProblems, type SideResult } from '../../bench/pairing.ts';
import type { Impl, Load } from '../../bench/commands.ts';

function side(impl: Impl, over: Partial<SideResult['screen']> = {}, timedOut = false): SideResult {
  return {
    impl,
    name: impl,
    exitCode: 0,
    signal: null,
    timedOut,
    wallS: 1,
    userS: 0.5,
    sysS: 0.1,
    maxRssKb: 1000,
    stdout: '',
    stderr: '',
    cpuS: 0.6,
    screen: {
      incomingCreated: 100,
      outgoingCreated: 100,
      successful: 100,
      failed: 0,
      retransmissions: 0,
      peakCalls: 5,
      callRateCps: 100,
      ...over,
    },
  };
}

const UDP: Load = { calls: 100, rate: 100, transport: 'u1' };
const TCP: Load = { calls: 100, rate: 100, transport: 't1' };

test('a clean pair has no problems', () => {
  assert.deepEqual(findProblems({ server: side('sipp'), client: side('gossipper') }, UDP), []);
});

test('failed calls, retransmissions on either side, timeouts and shortfalls are problems', () => {
  const problems = findProblems(
    {
      server: side('sipp', { retransmissions: 3 }),
      client: side('gossipper', { failed: 2, successful: 98 }, true),
    },
    UDP,
  );
  assert.deepEqual(problems, [
    'uas sipp 3 retransmissions',
    'uac gossipper hit its hard timeout',
    'uac gossipper 2 failed calls',
    'uac gossipper completed 98/100 calls',
  ]);
});

test('a missing final screen is a problem, not a pass', () => {
  const problems = findProblems(
    { server: side('sipp', { successful: NaN }), client: side('sipp') },
    UDP,
  );
  assert.deepEqual(problems, ['uas sipp printed no final screen']);
});

test('TCP: UAS failures from the closed connection in timewait do not count, UAC ones do', () => {
  assert.deepEqual(
    findProblems({ server: side('sipp', { failed: 3 }), client: side('sipp') }, TCP),
    [],
  );
  assert.deepEqual(
    findProblems({ server: side('sipp', { failed: 3 }), client: side('sipp') }, UDP),
    ['uas sipp 3 failed calls'],
  );
  assert.deepEqual(
    findProblems(
      { server: side('sipp'), client: side('sipp', { failed: 1, successful: 99 }) },
      TCP,
    ),
    ['uac sipp 1 failed calls', 'uac sipp completed 99/100 calls'],
  );
});

test('TCP: our UAS never has that artifact, so its failed calls count', () => {
  assert.deepEqual(
    findProblems({ server: side('gossipper', { failed: 3 }), client: side('sipp') }, TCP),
    ['uas gossipper 3 failed calls'],
  );
});
