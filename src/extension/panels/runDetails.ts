import { formatNumber } from '../../common/format';
import type { RunDetails } from '../../protocol/run';
import type { Store } from '../../store/store';

/** Everything the run details panel shows, as one snapshot; undefined when the run is gone. */
export function collectRunDetails(store: Store, runId: string): RunDetails | undefined {
  const run = store.runs.get(runId);
  if (!run) return undefined;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
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
    artifacts: store.runs.artifacts(run.id),
  };
}
