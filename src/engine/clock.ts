import { nowMs } from '../platform/index.ts';

/** Milliseconds on a monotonic clock; injected so timer and rate tests run on a fake clock. */
export interface Clock {
  now(): number;
}

export const MONOTONIC_CLOCK: Clock = {
  now: nowMs,
};

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  private t: number;
  constructor(startMs = 0) {
    this.t = startMs;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
