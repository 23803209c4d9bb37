// team.zoom_fetch: full resolution of a 10,000-point window of a pulled series from the team store
// (what the compare panel asks when zoomed in past the coarse levels), against the same window read
// from a local store that holds the series' points.
import { openTeamClient } from '../src/team/connect';
import { fetchPoints } from '../src/team/points';
import { Store } from '../src/store/store';
import { median, percentile, type BenchResult } from './report';
import type { TeamBenchDatabase } from './teamServer';
import { LONG_RUN } from './teamWorkspace';

const WINDOW = 10_000;
const FETCHES = 30;

/** Window starts spread over the series, the same for both sides. */
const windowStarts = (): number[] => Array.from({ length: FETCHES }, (_, i) => Math.floor(((i * 7919) % FETCHES) / FETCHES * (LONG_RUN.points - WINDOW)));

export async function benchTeamZoom(team: TeamBenchDatabase, workspace: string): Promise<BenchResult> {
  const store = Store.open(workspace, { readonly: true });
  const local: number[] = [];
  try {
    const seriesId = store.db.prepare<[string, string], { id: number }>('SELECT id FROM metric_series WHERE run_id = ? AND key = ?').get(LONG_RUN.id, LONG_RUN.key)!.id;
    const read = store.db.prepare<[number, number, number]>('SELECT step, timestamp, value FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ? ORDER BY step');
    for (const from of windowStarts()) {
      const start = performance.now();
      const rows = read.all(seriesId, from, from + WINDOW - 1);
      local.push(performance.now() - start);
      if (rows.length !== WINDOW) throw new Error(`team.zoom_fetch read ${rows.length} local points, not ${WINDOW}`);
    }
  } finally {
    store.close();
  }

  const client = await openTeamClient(team.url);
  const remote: number[] = [];
  try {
    for (const from of windowStarts()) {
      const start = performance.now();
      const answer = await fetchPoints(client, { runId: LONG_RUN.id, key: LONG_RUN.key, fromStep: from, toStep: from + WINDOW - 1, maxPoints: WINDOW });
      remote.push(performance.now() - start);
      if (answer.points.length !== WINDOW || answer.truncated) throw new Error(`team.zoom_fetch fetched ${answer.points.length} points, not ${WINDOW}`);
    }
  } finally {
    await client.end();
  }
  const value = median(remote);
  const baseline = median(local);
  return {
    name: 'team.zoom_fetch',
    value,
    unit: 'ms',
    baseline,
    ratio: value / baseline,
    note:
      `fetchPoints of ${WINDOW.toLocaleString('en-US')} points from one series of ${LONG_RUN.points.toLocaleString('en-US')} among the store's others, median of ${FETCHES} windows ` +
      `(p95 ${percentile(remote, 0.95).toFixed(1)} ms); goal under 100 ms; baseline: the same windows from a local store holding the points (SQLite)`,
  };
}
