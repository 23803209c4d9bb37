/** A small experiment whose every sort order and filter result is known by hand, for the sidebar's store tests. */
import { DEFAULT_RUN_QUERY, type RunFilterSpec, type RunQuery, type RunSortField } from '../../../src/core/runQuery';
import type { RunStatus } from '../../../src/core/types';
import type { RunListPage } from '../../../src/store/runListing';
import type { Store } from '../../../src/store/store';

export interface RunSpec {
  id: string;
  name: string;
  start: number | null;
  status: RunStatus;
  params: Record<string, string>;
  /** Last values; NaN is a legal last value. */
  metrics: Record<string, number>;
  deleted?: boolean;
}

/**
 * Ties and gaps on purpose: id-3 and id-4 start together, id-1 and id-4 share acc 0.9, id-4's
 * loss is NaN, id-5 has no start time, id-6 is deleted at its source.
 */
export const HAND_RUNS: RunSpec[] = [
  { id: 'id-1', name: 'alpha', start: 1000, status: 'finished', params: { lr: '0.01', batch: '128', opt: 'adam' }, metrics: { acc: 0.9, loss: 0.3 } },
  { id: 'id-2', name: 'Beta', start: 2000, status: 'failed', params: { lr: '0.1', batch: '16', opt: 'sgd' }, metrics: { acc: 0.8, loss: 0.5 } },
  { id: 'id-3', name: 'gamma 100%', start: 3000, status: 'running', params: { lr: '0.01', batch: 'big' }, metrics: { acc: 0.95 } },
  { id: 'id-4', name: 'delta_x', start: 3000, status: 'finished', params: { lr: '1e-3', batch: '64' }, metrics: { acc: 0.9, loss: Number.NaN } },
  { id: 'id-5', name: 'eps "quoted"', start: null, status: 'killed', params: {}, metrics: { loss: 0.1 } },
  { id: 'id-6', name: "o'brien", start: 500, status: 'finished', params: { batch: '2' }, metrics: { acc: 0.7 }, deleted: true },
];

/** Writes the runs into an experiment through the store's write API, as an importer would; returns the experiment id. */
export function writeRuns(store: Store, experiment: string, runs: readonly RunSpec[]): string {
  return store.write(() => {
    const experimentId = store.experiments.upsert({ name: experiment, origin: { source: 'native', id: experiment, path: null } });
    for (const spec of runs) {
      store.runs.upsert({
        id: spec.id,
        experimentId,
        name: spec.name,
        status: spec.status,
        deleted: spec.deleted ?? false,
        startTime: spec.start,
        endTime: null,
        git: null,
        command: null,
        parentRunId: null,
        origin: { source: 'native', id: spec.id, path: null },
      });
      store.runs.replaceParams(spec.id, spec.params);
      store.metrics.append(
        spec.id,
        Object.entries(spec.metrics).map(([key, value]) => ({ key, step: 0, timestamp: spec.start ?? 0, value })),
      );
    }
    return experimentId;
  });
}

export function sortedBy(field: RunSortField, descending: boolean): RunQuery {
  return { sort: { field, descending }, filter: DEFAULT_RUN_QUERY.filter };
}

export function filtered(filter: Partial<RunFilterSpec>, query: RunQuery = DEFAULT_RUN_QUERY): RunQuery {
  return { sort: query.sort, filter: { ...query.filter, ...filter } };
}

export const ALL: RunListPage = { offset: 0, limit: -1, keyMetric: null };

/** The ids of a whole listing. */
export function ids(store: Store, experimentId: string, query: RunQuery, page: RunListPage = ALL): string[] {
  return store.runList.listRuns(experimentId, query, page).runs.map((listed) => listed.run.id);
}

/** The ids of a listing read page by page, with each page's total. */
export function idsByPages(store: Store, experimentId: string, query: RunQuery, pageSize: number): { ids: string[]; totals: Set<number> } {
  const result: string[] = [];
  const totals = new Set<number>();
  for (let offset = 0; ; offset += pageSize) {
    const page = store.runList.listRuns(experimentId, query, { offset, limit: pageSize, keyMetric: null });
    totals.add(page.total);
    result.push(...page.runs.map((listed) => listed.run.id));
    if (page.runs.length < pageSize) return { ids: result, totals };
  }
}
