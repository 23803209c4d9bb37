/** Jensen–Shannon distance and the population stability index over binned shares. */

import type { BinnedShares } from './binning';

/** SciPy's `jensenshannon(p, q)` with the natural logarithm: both normalized, then √(JS divergence). */
export function jensenShannonDistance(shares: BinnedShares): number {
  const p = normalize(shares.reference);
  const q = normalize(shares.current);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    divergence += relativeEntropy(p[i], m) + relativeEntropy(q[i], m);
  }
  return Math.sqrt(Math.max(0, divergence) / 2);
}

/** Σ (reference − current) · ln(reference / current), over shares with no zeros left. */
export function populationStabilityIndex(shares: BinnedShares): number {
  let index = 0;
  for (let i = 0; i < shares.reference.length; i++) {
    const r = shares.reference[i];
    const c = shares.current[i];
    index += (r - c) * Math.log(r / c);
  }
  return index;
}

/** SciPy's `rel_entr`: x ln(x/y), 0 where x is 0. */
function relativeEntropy(x: number, y: number): number {
  if (x === 0) return 0;
  return x * Math.log(x / y);
}

function normalize(values: Float64Array): Float64Array {
  let total = 0;
  for (const value of values) total += value;
  return values.map((value) => value / total);
}
