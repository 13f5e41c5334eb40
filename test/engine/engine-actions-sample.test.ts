// The distributions of `sample` and `<pause distribution>`: with GSL's parameter meanings, each
// draw's mean and spread match the closed forms. Seeded, so the numbers never change between
// runs; the tolerances are a few standard errors of 40,000 draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pauseFromSample, sampleDistribution } from '../../src/engine/action-sample.ts';
import { SeededRng } from '../../src/engine/index.ts';
import type { Distribution } from '../../src/scenario/index.ts';

const N = 40_000;

function moments(d: Distribution): { mean: number; sd: number; min: number } {
  const rng = new SeededRng(7);
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  for (let i = 0; i < N; i++) {
    const x = sampleDistribution(d, rng);
    sum += x;
    sq += x * x;
    if (x < min) min = x;
  }
  const mean = sum / N;
  return { mean, sd: Math.sqrt(sq / N - mean * mean), min };
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );
}

const gammaFn = (z: number): number => {
  // Lanczos approximation (g = 7), enough digits for expected values here.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gammaFn(1 - z));
  const x = z - 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
};

test('fixed and uniform', () => {
  assert.equal(sampleDistribution({ kind: 'fixed', value: 12.5 }, new SeededRng(1)), 12.5);
  const u = moments({ kind: 'uniform', min: 10, max: 20 });
  near(u.mean, 15, 0.05, 'uniform mean');
  near(u.sd, 10 / Math.sqrt(12), 0.05, 'uniform sd');
  assert.ok(u.min >= 10);
});

test('normal: mean + N(0, stdev); lognormal: exp(N(mean, stdev))', () => {
  const n = moments({ kind: 'normal', mean: 100, stdev: 15 });
  near(n.mean, 100, 0.3, 'normal mean');
  near(n.sd, 15, 0.3, 'normal sd');
  const ln = moments({ kind: 'lognormal', mean: 1, stdev: 0.5 });
  near(ln.mean, Math.exp(1 + 0.125), 0.03, 'lognormal mean');
});

test('exponential by its mean; weibull(lambda scale, k shape); gamma(k shape, theta scale)', () => {
  const e = moments({ kind: 'exponential', mean: 50 });
  near(e.mean, 50, 0.8, 'exponential mean');
  near(e.sd, 50, 1, 'exponential sd');
  const w = moments({ kind: 'weibull', lambda: 10, k: 2 });
  near(w.mean, 10 * gammaFn(1.5), 0.05, 'weibull mean');
  const g = moments({ kind: 'gamma', k: 3, theta: 2 });
  near(g.mean, 6, 0.06, 'gamma mean');
  near(g.sd, Math.sqrt(3) * 2, 0.06, 'gamma sd');
  const small = moments({ kind: 'gamma', k: 0.5, theta: 1 });
  near(small.mean, 0.5, 0.02, 'gamma mean, shape below 1');
});

test('pareto(k shape, x_m scale) and gpareto(shape, scale, location)', () => {
  const p = moments({ kind: 'pareto', k: 3, xm: 2 });
  near(p.mean, (3 * 2) / (3 - 1), 0.05, 'pareto mean');
  assert.ok(p.min >= 2, 'never below x_m');
  const gp = moments({ kind: 'gpareto', shape: 0.2, scale: 4, location: 10 });
  near(gp.mean, 10 + 4 / (1 - 0.2), 0.1, 'gpareto mean');
  assert.ok(gp.min >= 10);
  const exp = moments({ kind: 'gpareto', shape: 0, scale: 4, location: 0 });
  near(exp.mean, 4, 0.08, 'gpareto with shape 0 is exponential');
});

test('negbin(n, p): failures before the n-th success', () => {
  const nb = moments({ kind: 'negbin', n: 4, p: 0.25 });
  near(nb.mean, (4 * 0.75) / 0.25, 0.2, 'negbin mean');
  near(nb.sd, Math.sqrt((4 * 0.75) / 0.0625), 0.2, 'negbin sd');
  const rng = new SeededRng(3);
  for (let i = 0; i < 100; i++) {
    assert.ok(Number.isInteger(sampleDistribution({ kind: 'negbin', n: 4, p: 0.25 }, rng)));
  }
});

test('the same seed gives the same draws (a -seed run replays)', () => {
  const d: Distribution = { kind: 'normal', mean: 0, stdev: 1 };
  const a = new SeededRng(42);
  const b = new SeededRng(42);
  for (let i = 0; i < 10; i++) assert.equal(sampleDistribution(d, a), sampleDistribution(d, b));
});

test('pauseFromSample: truncated whole ms, below 1 (or NaN) is 0, capped at INT_MAX', () => {
  assert.equal(pauseFromSample(69.9), 69);
  assert.equal(pauseFromSample(0.99), 0);
  assert.equal(pauseFromSample(-5), 0);
  assert.equal(pauseFromSample(Number.NaN), 0);
  assert.equal(pauseFromSample(1e12), 2147483647);
});
