/**
 * The watchdog on fake time: gaps between firings longer than the thresholds are minor/major
 * trips with SIPp's warning text, too many end the run, a quiet spell resets the counts. The
 * real event-loop stall (a stopped process) is in test/one-shot/control-socket-bin.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { WatchdogConfig } from '../../src/config/index.ts';
import { FakeTimers } from '../../src/platform/index.ts';
import { Watchdog, startWatchdog } from '../../src/run/index.ts';
import type { WatchdogEvents } from '../../src/run/index.ts';

function rig(patch: Partial<WatchdogConfig> = {}) {
  const cfg = { ...defaultRunConfig().watchdog, ...patch };
  let now = 1000;
  const trips: string[] = [];
  const warnings: string[] = [];
  const fatals: string[] = [];
  const events: WatchdogEvents = {
    trip: (kind, text) => trips.push(`${kind}: ${text}`),
    warn: (t) => warnings.push(t),
    fatal: (t) => fatals.push(t),
  };
  const dog = new Watchdog(cfg, () => now, events);
  /** The timer fires `gap` ms after the previous firing. */
  const fireAfter = (gap: number): void => {
    now += gap;
    dog.fire();
  };
  return { dog, fireAfter, trips, warnings, fatals };
}

describe('watchdog trips', () => {
  it('on time or up to the minor threshold is no trip', () => {
    const r = rig();
    for (const gap of [400, 450, 500, 400]) r.fireAfter(gap);
    assert.deepEqual(r.trips, []);
  });

  it('a gap over 500 ms is minor, over 3000 ms major, worded as SIPp words them', () => {
    const r = rig();
    r.fireAfter(501);
    r.fireAfter(3001);
    r.fireAfter(3000);
    assert.deepEqual(r.trips, [
      'minor: Overload warning: the minor watchdog timer 500ms has been tripped (501), 119 trips remaining.',
      'major: Overload warning: the major watchdog timer 3000ms has been tripped (3001), 9 trips remaining.',
      'minor: Overload warning: the minor watchdog timer 500ms has been tripped (3000), 118 trips remaining.',
    ]);
    assert.deepEqual(r.dog.trips, { minor: 2, major: 1 });
  });

  it('one trip more than maxtriggers is fatal, once', () => {
    const r = rig({ majorMaxTriggers: 1 });
    r.fireAfter(4000);
    assert.deepEqual(r.fatals, []);
    r.fireAfter(4000);
    assert.deepEqual(r.fatals, [
      'Overload error: the watchdog timer has tripped the major threshold of 3000ms too many' +
        ' times (2 out of 1 allowed) (0 out of 120 minor 500ms timeouts tripped)',
    ]);
    r.fireAfter(4000);
    assert.equal(r.fatals.length, 1);
  });

  it('maxtriggers -1 never ends the run', () => {
    const r = rig({ minorMaxTriggers: -1 });
    for (let i = 0; i < 500; i++) r.fireAfter(600);
    assert.equal(r.trips.length, 500);
    assert.deepEqual(r.fatals, []);
  });

  it('a quiet spell longer than -watchdog_reset sets the counts back to zero', () => {
    const r = rig({ resetMs: 2000, minorMaxTriggers: 1 });
    r.fireAfter(600);
    for (let i = 0; i < 5; i++) r.fireAfter(400);
    assert.deepEqual(r.warnings, [], 'exactly -watchdog_reset is not over it');
    r.fireAfter(400);
    assert.deepEqual(r.warnings, [
      'Resetting watchdog timer trigger counts, as it has not been triggered in over 2400ms.',
    ]);
    assert.deepEqual(r.dog.trips, { minor: 0, major: 0 });
    r.fireAfter(600);
    assert.deepEqual(r.fatals, [], 'the reset gave the allowance back');
  });
});

describe('startWatchdog', () => {
  it('fires every -watchdog_interval on the given timers, and stops', () => {
    const time = new FakeTimers(0);
    const trips: string[] = [];
    let now = 0;
    const stop = startWatchdog(defaultRunConfig().watchdog, time, () => now, {
      trip: (k) => trips.push(k),
      warn: () => {},
      fatal: () => {},
    });
    now = 400;
    time.advance(400);
    // The loop was stalled: the next firing comes 900 ms after the last one.
    now = 1300;
    time.advance(400);
    assert.deepEqual(trips, ['minor']);
    stop();
    assert.equal(time.pendingCount, 0);
  });

  it('-watchdog_interval 0 starts nothing', () => {
    const time = new FakeTimers(0);
    startWatchdog({ ...defaultRunConfig().watchdog, intervalMs: 0 }, time, () => 0, {
      trip: () => {},
      warn: () => {},
      fatal: () => {},
    });
    assert.equal(time.pendingCount, 0);
  });
});
