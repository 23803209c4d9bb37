import type { Store } from '../../store/store';
import type { MetricsSummary } from './metricsJson';

/**
 * Makes the run's metric series match its sources: a metric that metrics.json has but no tsv
 * (DVCLive logs some with plot=False, e.g. Ultralytics' model/GFLOPs) gets one point, its value
 * at the summary's step; a series with neither a tsv nor a summary value any more is removed.
 * A point already as it should be is left alone, so a re-import writes nothing.
 * Call inside a store write, after the tsv series are imported.
 */
export function syncSummaryMetrics(store: Store, runId: string, summary: MetricsSummary, tsvKeys: ReadonlySet<string>, timestamp: number): void {
  const known = store.metrics.summaries(runId);
  for (const [key, value] of summary.values) {
    if (tsvKeys.has(key)) continue;
    const stored = known.get(key);
    if (stored && stored.count === 1 && stored.lastStep === summary.step && Object.is(stored.last, value)) continue;
    store.metrics.deleteSeries(runId, key);
    store.metrics.append(runId, [{ key, step: summary.step, timestamp, value }]);
  }
  for (const key of known.keys()) {
    if (!tsvKeys.has(key) && !summary.values.has(key)) store.metrics.deleteSeries(runId, key);
  }
}
