/** What the report panel draws for a column: both sides' shares over the same bins or categories. */

import type { ColumnPair } from './runTest';
import { alignCategories } from './stats/aligned';
import { histogramCounts, sturgesEdges } from './stats/histogram';
import type { Distribution } from './types';

/** Beyond this many categories the rest are drawn as one bar. */
export const MOST_CATEGORIES_DRAWN = 30;

function shares(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return Array.from(counts, (count) => (total > 0 ? count / total : 0));
}

export function distributionOf(pair: ColumnPair): Distribution {
  if (pair.kind === 'numerical') {
    const edges = sturgesEdges(pair.reference, pair.current);
    return {
      kind: 'histogram',
      edges: Array.from(edges),
      reference: shares(histogramCounts(pair.reference, edges)),
      current: shares(histogramCounts(pair.current, edges)),
    };
  }
  const aligned = alignCategories(pair.reference, pair.current);
  const reference = shares(aligned.reference);
  const current = shares(aligned.current);
  const order = aligned.keys.map((_, i) => i).sort((a, b) => reference[b] + current[b] - (reference[a] + current[a]));
  const shown = order.slice(0, MOST_CATEGORIES_DRAWN);
  const rest = order.slice(MOST_CATEGORIES_DRAWN);
  const restShare = (side: number[]) => rest.reduce((total, i) => total + side[i], 0);
  return {
    kind: 'categories',
    categories: [...shown.map((i) => aligned.keys[i]), ...(rest.length ? [`(${rest.length} others)`] : [])],
    reference: [...shown.map((i) => reference[i]), ...(rest.length ? [restShare(reference)] : [])],
    current: [...shown.map((i) => current[i]), ...(rest.length ? [restShare(current)] : [])],
  };
}
