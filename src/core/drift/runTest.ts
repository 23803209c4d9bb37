/** One test on one column's two sides: its statistic, p-value (if any) and verdict. */

import { givesPValue } from './options';
import { alignCategories, alignNumbers, type AlignedCounts } from './stats/aligned';
import { binCounts, binNumbers } from './stats/binning';
import { chiSquareTest } from './stats/chiSquare';
import { jensenShannonDistance, populationStabilityIndex } from './stats/divergence';
import { ksTest } from './stats/ks';
import { wassersteinNormed } from './stats/wasserstein';
import { zTest } from './stats/zTest';
import type { CategoryCounts, StatTestName, WeightedValues } from './types';

/** A column's values on both sides, as numbers or as counts per category. */
export type ColumnPair =
  | { kind: 'numerical'; reference: WeightedValues; current: WeightedValues }
  | { kind: 'categorical'; reference: CategoryCounts; current: CategoryCounts };

export interface TestOutcome {
  statistic: number;
  pValue: number | null;
  drift: boolean;
}

/** Counts per distinct value, for the tests that work on counts. */
export function alignedCounts(pair: ColumnPair): AlignedCounts {
  return pair.kind === 'numerical' ? alignNumbers(pair.reference, pair.current) : alignCategories(pair.reference, pair.current);
}

function measure(test: StatTestName, pair: ColumnPair): { statistic: number; pValue: number | null } {
  switch (test) {
    case 'ks':
    case 'wasserstein':
      if (pair.kind !== 'numerical') throw new Error(`${test} needs numbers`);
      return test === 'ks' ? ksTest(pair.reference, pair.current) : { statistic: wassersteinNormed(pair.reference, pair.current), pValue: null };
    case 'chisquare':
      return chiSquareTest(alignedCounts(pair));
    case 'z':
      return zTest(alignedCounts(pair));
    case 'jensenshannon':
    case 'psi': {
      // Evidently fills empty bins for PSI only; SciPy's Jensen–Shannon takes zeros as they are.
      const fill = test === 'psi';
      const shares = pair.kind === 'numerical' ? binNumbers(pair.reference, pair.current, fill) : binCounts(alignedCounts(pair), fill);
      return { statistic: test === 'psi' ? populationStabilityIndex(shares) : jensenShannonDistance(shares), pValue: null };
    }
  }
}

export function runTest(test: StatTestName, pair: ColumnPair, threshold: number): TestOutcome {
  const { statistic, pValue } = measure(test, pair);
  if (givesPValue(test)) {
    const p = pValue ?? Number.NaN;
    // Evidently's KS says drift at p ≤ threshold; its chi-squared and z at p < threshold.
    return { statistic, pValue: p, drift: test === 'ks' ? p <= threshold : p < threshold };
  }
  return { statistic, pValue: null, drift: statistic >= threshold };
}
