/**
 * Draws from the distributions of `<pause distribution=...>` and the `sample` action, with the
 * parameter meanings SIPp passes to GSL (gsl_ran_*): normal = mean + N(0, stdev); lognormal =
 * exp(N(mean, stdev)); exponential by its mean; weibull(lambda = scale, k = shape);
 * pareto(k = shape, x_m = scale); gpareto(shape, scale, location); gamma(k = shape,
 * theta = scale); negbin(n, p) = failures before the n-th success. Every draw comes from the
 * run's Rng, so `-seed` replays them.
 */
import type { Distribution } from '../scenario/index.ts';
import type { Rng } from './rng.ts';

/** (0, 1]: never 0, so logarithms and negative powers stay finite. */
function open01(rng: Rng): number {
  return 1 - rng.next();
}

/** Standard normal by Box-Muller (one of the pair; the other is dropped to stay stateless). */
function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(open01(rng))) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape k, scale 1) by Marsaglia and Tsang; k < 1 through the k + 1 boost. */
function gammaUnit(rng: Rng, k: number): number {
  if (k < 1) return gammaUnit(rng, k + 1) * Math.pow(open01(rng), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = open01(rng);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(mu): multiplication for small means, a normal approximation for large ones. */
function poisson(rng: Rng, mu: number): number {
  if (mu > 500) return Math.max(0, Math.round(mu + Math.sqrt(mu) * gaussian(rng)));
  const limit = Math.exp(-mu);
  let n = 0;
  let prod = rng.next();
  while (prod > limit) {
    n++;
    prod *= rng.next();
  }
  return n;
}

export function sampleDistribution(d: Distribution, rng: Rng): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + rng.next() * (d.max - d.min);
    case 'normal':
      return d.mean + d.stdev * gaussian(rng);
    case 'lognormal':
      return Math.exp(d.mean + d.stdev * gaussian(rng));
    case 'exponential':
      return -d.mean * Math.log(open01(rng));
    case 'weibull':
      return d.lambda * Math.pow(-Math.log(open01(rng)), 1 / d.k);
    case 'pareto':
      return d.xm * Math.pow(open01(rng), -1 / d.k);
    case 'gpareto': {
      const u = open01(rng);
      if (d.shape === 0) return d.location - d.scale * Math.log(u);
      return d.location + (d.scale * (Math.pow(u, -d.shape) - 1)) / d.shape;
    }
    case 'gamma':
      return d.theta * gammaUnit(rng, d.k);
    case 'negbin':
      // A Poisson whose mean is Gamma(n, (1 - p) / p) distributed (GSL's construction).
      return d.p === 1 ? 0 : poisson(rng, gammaUnit(rng, d.n) * ((1 - d.p) / d.p));
  }
}

/** SIPp's pause from a distribution: below 1 ms is no pause, and the value is truncated. */
export function pauseFromSample(ms: number): number {
  if (!(ms >= 1)) return 0;
  return ms > 2147483647 ? 2147483647 : Math.trunc(ms);
}
