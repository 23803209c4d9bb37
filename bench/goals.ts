import type { Goal } from './report';

/**
 * Issue 17's targets by result name, at the goal's volume (scale 10). A bench may set its
 * result's own `goal`, which wins; `npm run bench -- scale` fills the rest from here.
 */
export const GOALS: Readonly<Record<string, Goal>> = {
  'tree.expand_100k': { op: '<', value: 50 },
  'tree.memory_100k': { op: '<', value: 50 },
  'compare.series_10m': { op: '<', value: 5 },
  'compare.zoom_10k': { op: '<', value: 10 },
  'compare.open_100x1m': { op: '<', value: 300 },
  'compare.open_100x1m_bytes': { op: '<', value: 5 },
  'compare.open_100x1m_table_fps': { op: '>=', value: 60 },
  'compare.open_100x1m_charts_fps': { op: '>=', value: 60 },
  'ingest.mlflow': { op: '>=', value: 0.85, of: 'ratio' },
  'ingest.mlflow_rss': { op: '<', value: 300 },
  'store.size_100m': { op: '<', value: 1.5, of: 'ratio' },
  'registry.scan_20000': { op: '<', value: 2, of: 'ratio' },
  'registry.refresh_1': { op: '<', value: 50 },
  'activation.time_100k': { op: '<', value: 50 },
};
