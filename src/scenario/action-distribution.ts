/**
 * SIPp's parse_distribution: the `distribution=` attribute and its parameters, shared by
 * `<pause>`/`<timewait>` (which also accept the old shorthand forms) and the `sample` action.
 */
import type { Distribution, PauseDuration } from './model.ts';
import type { ElementReader } from './element-reader.ts';

type Reader = (r: ElementReader) => Distribution;

const DISTRIBUTIONS: Readonly<Record<string, Reader>> = {
  fixed: (r) => ({ kind: 'fixed', value: r.requiredDouble('value') }),
  uniform: (r) => ({ kind: 'uniform', min: r.requiredDouble('min'), max: r.requiredDouble('max') }),
  normal: (r) => ({ kind: 'normal', mean: r.requiredDouble('mean'), stdev: positive(r, 'stdev') }),
  lognormal: (r) => ({
    kind: 'lognormal',
    mean: r.requiredDouble('mean'),
    stdev: positive(r, 'stdev'),
  }),
  exponential: (r) => ({ kind: 'exponential', mean: positive(r, 'mean') }),
  weibull: (r) => ({ kind: 'weibull', lambda: positive(r, 'lambda'), k: positive(r, 'k') }),
  pareto: (r) => ({ kind: 'pareto', k: positive(r, 'k'), xm: positive(r, 'x_m') }),
  gpareto: (r) => ({
    kind: 'gpareto',
    shape: r.requiredDouble('shape'),
    scale: positive(r, 'scale'),
    location: r.requiredDouble('location'),
  }),
  gamma: (r) => ({ kind: 'gamma', k: positive(r, 'k'), theta: positive(r, 'theta') }),
  negbin: (r) => {
    const p = r.requiredDouble('p');
    if (!(p > 0 && p <= 1)) r.fail(`p="${r.str('p')}" must be in (0, 1]`);
    return { kind: 'negbin', n: positive(r, 'n'), p };
  },
};

/** The distribution names SIPp knows, for error messages. */
export const DISTRIBUTION_NAMES = Object.keys(DISTRIBUTIONS);

/**
 * A scale or shape parameter: GSL would return NaN or loop for a non-positive one, which SIPp
 * would then sleep on; refused at load time instead.
 */
function positive(r: ElementReader, name: string): number {
  const v = r.requiredDouble(name);
  if (!(v > 0)) r.fail(`${name}="${r.str(name)}" must be greater than 0`);
  return v;
}

/** `distribution="..."` with its parameters (the `sample` action: the attribute is required). */
export function readDistribution(
  r: ElementReader,
  name = r.required('distribution'),
): Distribution {
  const read = Object.hasOwn(DISTRIBUTIONS, name) ? DISTRIBUTIONS[name] : undefined;
  if (read === undefined) {
    return r.fail(`unknown distribution "${name}" (one of ${DISTRIBUTION_NAMES.join(', ')})`);
  }
  const d = read(r);
  if (d.kind === 'uniform' && d.max < d.min) r.fail('uniform distribution: max is below min');
  return d;
}

/**
 * SIPp's old-style shorthands: `normal="..."` (and exponential, lognormal, weibull, pareto,
 * gamma) only pick the distribution, whose parameters are still read from mean/stdev/...;
 * `min`/`max` alone mean uniform.
 */
const LEGACY_SHORTHANDS = ['normal', 'exponential', 'lognormal', 'weibull', 'pareto', 'gamma'];

/** SIPp's parse_distribution(oldstyle = true), for `<pause>` and `<timewait>`. */
export function readPauseDuration(r: ElementReader): PauseDuration {
  const variable = r.varName('variable');
  if (variable !== undefined) return { kind: 'variable', name: variable };
  let name = r.str('distribution');
  if (name === undefined) {
    name = LEGACY_SHORTHANDS.find((n) => r.has(n));
    if (name === undefined) {
      if (r.has('min') || r.has('max')) name = 'uniform';
      else if (r.has('milliseconds'))
        return { kind: 'fixed', ms: r.double('milliseconds') as number };
      else return { kind: 'default' };
    }
  }
  const d = readDistribution(r, name);
  if (r.bool('sanity_check', true)) checkPauseFits(r, d);
  if (d.kind === 'fixed') return { kind: 'fixed', ms: d.value };
  if (d.kind === 'uniform') return { kind: 'uniform', minMs: d.min, maxMs: d.max };
  return { kind: 'distribution', distribution: d };
}

const INT_MAX = 2147483647;

/**
 * SIPp refuses a pause whose 99th percentile does not fit in an int of milliseconds (unless
 * sanity_check="false"); checked here for the distributions whose quantile has a closed form.
 */
function checkPauseFits(r: ElementReader, d: Distribution): void {
  let p99: number;
  switch (d.kind) {
    case 'fixed':
      p99 = d.value;
      break;
    case 'uniform':
      p99 = d.min + 0.99 * (d.max - d.min);
      break;
    case 'normal':
      p99 = d.mean + 2.326348 * d.stdev;
      break;
    case 'lognormal':
      p99 = Math.exp(d.mean + 2.326348 * d.stdev);
      break;
    case 'exponential':
      p99 = -d.mean * Math.log(0.01);
      break;
    case 'weibull':
      p99 = d.lambda * Math.pow(-Math.log(0.01), 1 / d.k);
      break;
    case 'pareto':
      p99 = d.xm * Math.pow(0.01, -1 / d.k);
      break;
    default:
      return;
  }
  if (p99 > INT_MAX) {
    r.fail(
      `the pause's 99th percentile (${p99.toFixed(0)} ms) exceeds ${INT_MAX} ms`,
      'use a smaller pause, or sanity_check="false"',
    );
  }
}

/**
 * How the scenario screen names a pause drawn from a distribution (SIPp's textDescr, as its
 * screen shows them): each parameter through SIPp's time_string, which `format` implements for
 * whole milliseconds; a fraction below 10 s shows two decimals. The generalized Pareto is
 * labelled `P` as SIPp does.
 */
export function distributionText(d: Distribution, format: (ms: number) => string): string {
  const t = (ms: number): string =>
    ms < 10_000 && !Number.isInteger(ms) ? `${ms.toFixed(2)}ms` : format(ms);
  switch (d.kind) {
    case 'fixed':
      return t(d.value);
    case 'uniform':
      return `${t(d.min)}/${t(d.max)}`;
    case 'normal':
      return `N(${t(d.mean)},${t(d.stdev)})`;
    case 'lognormal':
      return `LN(${t(d.mean)},${t(d.stdev)})`;
    case 'exponential':
      return `Exp(${t(d.mean)})`;
    case 'weibull':
      return `Wb(${t(d.lambda)},${t(d.k)})`;
    case 'pareto':
      return `P(${t(d.k)},${t(d.xm)})`;
    case 'gpareto':
      return `P(${t(d.shape)},${t(d.scale)},${t(d.location)})`;
    case 'gamma':
      return `G(${t(d.k)},${t(d.theta)})`;
    case 'negbin':
      return `NB(${t(d.n)},${t(d.p)})`;
  }
}
