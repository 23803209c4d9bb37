/**
 * Evidently's two-proportion z-test (`proportions_diff_z_stat_ind`): the share of values other
 * than the first key (in sorted order) in each side, pooled; two-sided p.
 */

import { sum, type AlignedCounts } from './aligned';
import type { PValueResult } from './chiSquare';
import { normalTwoSidedP } from './gamma';

export function zTest(counts: AlignedCounts): PValueResult {
  // Both sides hold the one same value: Evidently's p is 1.
  if (counts.keys.length < 2) return { statistic: 0, pValue: 1 };
  const n1 = sum(counts.reference);
  const n2 = sum(counts.current);
  const p1 = (n1 - counts.reference[0]) / n1;
  const p2 = (n2 - counts.current[0]) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: normalTwoSidedP(statistic) };
}
