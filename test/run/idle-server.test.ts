// A listening server with no calls sleeps instead of waking every millisecond (run/ticker.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';

/** Voluntary context switches of the process's main thread: one per wake-up from epoll. */
function wakeUps(pid: number): number {
  const m = /voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'no voluntary_ctxt_switches in /proc/<pid>/status');
  return Number(m[1]);
}

test(
  'an idle UAS wakes a few times a second, not a thousand',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async () => {
    requireBuiltBin();
    const port = await freeUdpPort();
    const uas = startGossipper(['-sn', 'uas', '-p', String(port), '-m', '1', '-nostdin']);
    try {
      await waitForUdpListener(port, uas);
      await sleep(300); // start-up settles (module loading, the first GC)
      const pid = uas.child.pid as number;
      const before = wakeUps(pid);
      await sleep(1000);
      const woke = wakeUps(pid) - before;
      // A 1 ms interval wakes ~1,000 times a second; SIPp's own idle loop about 100.
      assert.ok(woke < 50, `woke ${woke} times in 1 s while idle\n${describeRun(uas)}`);
      assert.equal(
        uas.child.exitCode,
        null,
        'still running: sleeping must not let the process exit',
      );
    } finally {
      killRunning([uas]);
    }
  },
);
