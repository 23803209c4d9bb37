import type { MetricSummary } from './types';

/**
 * Folds a point into a metric summary. The latest point is the one with the greatest
 * (step, timestamp), as MLflow defines it; a later-written point wins a tie.
 * Non-finite values count and can be the latest, but never a min or max.
 */
export function foldPoint(
  summary: MetricSummary & { lastTimestamp: number },
  step: number,
  timestamp: number,
  value: number,
): void {
  summary.count += 1;
  if (step > summary.lastStep || (step === summary.lastStep && timestamp >= summary.lastTimestamp)) {
    summary.lastStep = step;
    summary.lastTimestamp = timestamp;
    summary.last = value;
  }
  if (Number.isFinite(value)) {
    if (summary.min === null || value < summary.min) summary.min = value;
    if (summary.max === null || value > summary.max) summary.max = value;
  }
}

export function emptySummary(): MetricSummary & { lastTimestamp: number } {
  return { count: 0, last: Number.NaN, lastStep: Number.NEGATIVE_INFINITY, lastTimestamp: Number.NEGATIVE_INFINITY, min: null, max: null };
}
