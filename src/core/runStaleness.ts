import type { RunStatus } from './types';

/** How long a running run may go without new data before it shows as stale: the setting's default. */
export const DEFAULT_STALE_RUN_HOURS = 24;

const HOUR_MS = 3_600_000;

/** The setting's hours as milliseconds; 0 (or a value that is not a positive number) turns staleness off. */
export function staleAfterMs(hours: unknown): number {
  return typeof hours === 'number' && Number.isFinite(hours) && hours > 0 ? hours * HOUR_MS : 0;
}

/**
 * A run still marked running whose last data (its start, or its newest metric point) is older than
 * `staleAfterMs`: MLflow leaves a run RUNNING forever when its process dies. A run with no known
 * time (null, or a DVCLive time of 0) is never stale, since nothing says how old it is.
 */
export function isStaleRun(status: RunStatus, lastUpdate: number | null, now: number, staleAfter: number): boolean {
  return status === 'running' && staleAfter > 0 && lastUpdate !== null && lastUpdate > 0 && now - lastUpdate > staleAfter;
}

/** When a running run turns stale if nothing new arrives; null when it never will (no known time, or staleness off). */
export function staleAt(status: RunStatus, lastUpdate: number | null, staleAfter: number): number | null {
  return status === 'running' && staleAfter > 0 && lastUpdate !== null && lastUpdate > 0 ? lastUpdate + staleAfter : null;
}
