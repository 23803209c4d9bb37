import type { Run } from '../../../src/core/types';
import type { Store } from '../../../src/store/store';

/** Writes one experiment with one run the way an importer would, and returns the run's id. */
export function addRun(store: Store, overrides: Partial<Run> & { experiment?: string } = {}): string {
  const { experiment = 'exp', ...runFields } = overrides;
  return store.write(() => {
    const experimentId = store.experiments.upsert({ name: experiment, origin: { source: 'native', id: null, path: null } });
    const id = runFields.id ?? `run-${Math.random().toString(16).slice(2)}`;
    store.runs.upsert({
      id,
      experimentId,
      name: 'a run',
      status: 'finished',
      deleted: false,
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_060_000,
      git: null,
      command: null,
      parentRunId: null,
      origin: { source: 'native', id, path: null },
      ...runFields,
    });
    return id;
  });
}
