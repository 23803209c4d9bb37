/**
 * Evidently's default test for a column (`_get_default_stattest`): by the reference's size and
 * the number of distinct values both sides have together.
 */

import type { StatTestName } from './types';

const SMALL_REFERENCE = 1000;
const FEW_VALUES = 5;

export type TestedKind = 'numerical' | 'categorical';

export function defaultTest(kind: TestedKind, referenceSize: number, distinctValues: number): StatTestName {
  const smallCategoricalTest: StatTestName = distinctValues > 2 ? 'chisquare' : 'z';
  if (referenceSize <= SMALL_REFERENCE) {
    if (kind === 'categorical' || distinctValues <= FEW_VALUES) return smallCategoricalTest;
    return 'ks';
  }
  if (kind === 'categorical' || distinctValues <= FEW_VALUES) return 'jensenshannon';
  return 'wasserstein';
}

/** Tests that need the numbers themselves, not counts per value. */
export function needsNumbers(test: StatTestName): boolean {
  return test === 'ks' || test === 'wasserstein';
}
