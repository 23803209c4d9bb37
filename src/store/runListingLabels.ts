import { runLabels, type RunLabel } from '../core/runLabels';
import type { RunListQueries } from './runListing';

/** A run as a view names it. */
export interface NamedRun {
  id: string;
  name: string;
}

/**
 * At most this many same-named runs of an experiment are weighed when one run is named alone (a tab
 * title): more would cost a read of their params on every redraw and tell little more.
 */
const MAX_SAME_NAMED = 1000;

/**
 * Labels for runs shown together (core/runLabels.ts). Params are read only for the runs whose name
 * another of them shares, in one query; `known` keeps params read before (a tree's earlier pages),
 * so each page reads only its own.
 */
export function labelRuns(list: RunListQueries, runs: readonly NamedRun[], known = new Map<string, Readonly<Record<string, string>>>()): Map<string, RunLabel> {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.name, (counts.get(run.name) ?? 0) + 1);
  const shared = runs.filter((run) => counts.get(run.name)! > 1);
  const missing = shared.filter((run) => !known.has(run.id)).map((run) => run.id);
  if (missing.length > 0) for (const [id, params] of list.paramsOf(missing)) known.set(id, params);
  const labels = runLabels(shared.map((run) => ({ ...run, params: known.get(run.id)! })));
  return new Map(runs.map((run) => [run.id, labels.get(run.id) ?? { name: run.name, qualifier: null }]));
}

/**
 * A run's label where it is named alone, such as its details tab: what tells it apart from the
 * runs of its experiment shown under the same name.
 */
export function labelInExperiment(list: RunListQueries, run: NamedRun & { experimentId: string }): RunLabel {
  const same = list.sameNamedRuns(run.experimentId, run.name, MAX_SAME_NAMED);
  if (!same.some((r) => r.id === run.id)) same.push({ id: run.id, name: run.name }); // deleted, or past the limit
  return labelRuns(list, same).get(run.id)!;
}
