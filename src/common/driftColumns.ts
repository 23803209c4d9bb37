/** How the drift report panel and its exports order and name a report's columns (both sides of the webview use it). */

interface Scored {
  name: string;
  score: number;
}

/** The most drifted first (score, comparable across tests); equal scores by name, so the order is stable. */
export function byDriftScore<T extends Scored>(columns: readonly T[]): T[] {
  return [...columns].sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A test by the name statisticians know it, from Evidently's short name. */
export function statTestTitle(test: string): string {
  const titles: Record<string, string> = {
    ks: 'Kolmogorov–Smirnov',
    chisquare: 'chi-squared',
    z: 'two-proportion z',
    wasserstein: 'Wasserstein (normed)',
    jensenshannon: 'Jensen–Shannon',
    psi: 'PSI',
  };
  return titles[test] ?? test;
}

/** Shares as percentages, to one decimal where it matters: 0.5 → "50%", 0.125 → "12.5%". */
export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** Each bar's share of its side: the two sides are compared as distributions, whatever their sizes. */
export function sharesOf(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}
