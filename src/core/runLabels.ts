/** What tells a run apart from the others a view shows beside it. */
export interface RunToLabel {
  id: string;
  name: string;
  params: Readonly<Record<string, string>>;
}

/**
 * A run's name, and what separates it from the runs beside it that share the name (null when
 * none does): `lr=0.1, depth=6`, else its short id. Views show the qualifier after the name, as
 * VS Code adds a folder to same-named editor tabs.
 */
export interface RunLabel {
  name: string;
  qualifier: string | null;
}

/** At most this many differing params name a run; more would not fit a tree row or a column header. */
const MAX_PARAMS = 2;
/** A longer param value is cut to this many characters and an ellipsis. */
const MAX_VALUE = 24;

/**
 * Labels for runs shown together (a tree's page, a comparison, a quick pick). Runs with a unique
 * name get no qualifier. Among runs sharing a name, up to two params that tell them apart qualify
 * each run (`lr=0.1, depth=6`, missing values as `lr=—`); runs those params still do not tell
 * apart, or that have no differing param, are qualified by their short id (`#3f2a9c1d`).
 */
export function runLabels(runs: readonly RunToLabel[]): Map<string, RunLabel> {
  const labels = new Map<string, RunLabel>();
  const byName = new Map<string, RunToLabel[]>();
  for (const run of runs) byName.set(run.name, [...(byName.get(run.name) ?? []), run]);
  for (const [name, group] of byName) {
    if (group.length === 1) {
      labels.set(group[0]!.id, { name, qualifier: null });
      continue;
    }
    const keys = differingParams(group);
    const byParams = new Map(group.map((run) => [run.id, keys.map((k) => `${k}=${shortValue(run.params[k])}`).join(', ')]));
    const counts = new Map<string, number>();
    for (const text of byParams.values()) counts.set(text, (counts.get(text) ?? 0) + 1);
    for (const run of group) {
      const params = byParams.get(run.id)!;
      const id = `#${shortRunId(run.id)}`;
      const qualifier = params === '' ? id : counts.get(params)! > 1 ? `${params}, ${id}` : params;
      labels.set(run.id, { name, qualifier });
    }
  }
  return labels;
}

/**
 * The short form of a run id: MLflow's and the run log's hex ids by their first 8 characters, a
 * DVCLive run (`dvclive:<folder>`) by the last part of its folder.
 */
export function shortRunId(id: string): string {
  const tail = id.split(/[:/\\]/).filter((part) => part !== '').pop() ?? id;
  return tail === id ? id.slice(0, 8) : tail;
}

/**
 * Params that tell the group's runs apart, chosen greedily: each adds the most distinct
 * combinations to those chosen before (ties by name), until every run is told apart or nothing
 * more helps.
 */
function differingParams(group: readonly RunToLabel[]): string[] {
  const keys = [...new Set(group.flatMap((run) => Object.keys(run.params)))].sort();
  const combinations = (chosen: readonly string[]) => new Set(group.map((run) => JSON.stringify(chosen.map((k) => run.params[k] ?? null)))).size;
  const chosen: string[] = [];
  let told = 1;
  while (chosen.length < MAX_PARAMS && told < group.length) {
    let best: string | undefined;
    for (const key of keys) {
      if (chosen.includes(key)) continue;
      const count = combinations([...chosen, key]);
      if (count > told) [best, told] = [key, count];
    }
    if (best === undefined) break;
    chosen.push(best);
  }
  return chosen;
}

function shortValue(value: string | undefined): string {
  if (value === undefined) return '—';
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
}
