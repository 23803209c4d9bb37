/**
 * What a drift check can be told (the `drift` part of `.modelledger/monitor.yaml`), and the
 * defaults it falls back to: Evidently's.
 */

import { UserError } from '../errors';
import type { StatTestName } from './types';

export interface ColumnDriftOptions {
  test?: StatTestName;
  threshold?: number;
}

export interface DriftOptions {
  /** Per column: the test to run instead of the default, and its threshold. */
  columns?: Record<string, ColumnDriftOptions>;
  /** Dataset drift when the share of drifted columns is at least this (default 0.5). */
  shareThreshold?: number;
  /** Columns whose drift alone makes a version unhealthy; read by the health rules, not by the check. */
  important?: string[];
  /** When the check ran, milliseconds since the epoch (default now). */
  checkedAt?: number;
}

export const DEFAULT_SHARE_THRESHOLD = 0.5;

export const STAT_TESTS: readonly StatTestName[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'];

/** Tests whose verdict is a p-value below the threshold; the others compare a distance with it. */
export function givesPValue(test: StatTestName): boolean {
  return test === 'ks' || test === 'chisquare' || test === 'z';
}

export const DEFAULT_THRESHOLDS: Readonly<Record<StatTestName, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

/** PSI's customary bands: below 0.1 no significant change, 0.1–0.25 moderate, above 0.25 significant. */
export const PSI_BANDS = { moderate: 0.1, significant: 0.25 } as const;

/** Refuses options a check cannot honour, naming the column and what to write instead. */
export function validateDriftOptions(options: DriftOptions): void {
  const share = options.shareThreshold;
  if (share !== undefined && !(Number.isFinite(share) && share > 0 && share <= 1)) {
    throw new UserError(`drift shareThreshold must be a number in (0, 1], not ${JSON.stringify(share)}`);
  }
  for (const [column, override] of Object.entries(options.columns ?? {})) {
    if (override.test !== undefined && !STAT_TESTS.includes(override.test)) {
      throw new UserError(`drift column "${column}": unknown test ${JSON.stringify(override.test)}; use one of ${STAT_TESTS.join(', ')}`);
    }
    const threshold = override.threshold;
    if (threshold !== undefined && !(Number.isFinite(threshold) && threshold >= 0)) {
      throw new UserError(`drift column "${column}": threshold must be a non-negative number, not ${JSON.stringify(threshold)}`);
    }
  }
}
