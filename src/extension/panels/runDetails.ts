import { formatNumber } from '../../common/format';
import { isStaleRun } from '../../core/runStaleness';
import type { RunDetails } from '../../protocol/run';
import { labelInExperiment } from '../../store/runListingLabels';
import type { Store } from '../../store/store';

/**
 * Everything the run details panel shows, as one snapshot; undefined when the run is gone.
 * `staleAfter` (ms, 0: never) is when a running run with no new data counts as stale.
 */
export function collectRunDetails(store: Store, runId: string, staleAfter: number, now = Date.now()): RunDetails | undefined {
  const run = store.runs.get(runId);
  if (!run) return undefined;
  const lastUpdate = run.status === 'running' ? store.runs.lastUpdate(run.id) : null;
  return {
    id: run.id,
    name: run.name,
    qualifier: labelInExperiment(store.runList, run).qualifier,
    status: run.status,
    stale: isStaleRun(run.status, lastUpdate, now, staleAfter),
    lastUpdate,
    experiment: store.experiments.get(run.experimentId)?.name ?? run.experimentId,
    startTime: run.startTime,
    endTime: run.endTime,
    commit: run.git?.commit ?? null,
    branch: run.git?.branch ?? null,
    dirty: run.git?.dirty ?? false,
    command: run.command,
    source: run.origin.source,
    params: Object.entries(store.runs.params(run.id)),
    tags: Object.entries(store.runs.tags(run.id)),
    metrics: [...store.metrics.summaries(run.id)].map(([key, s]) => ({
      key,
      count: s.count,
      last: formatNumber(s.last),
      min: formatNumber(s.min),
      max: formatNumber(s.max),
    })),
  };
}
