import type { Store } from '../src/store/store';

/** The experiment of runs named alike, as a sweep that names every trial the same. */
export const RUNS_NAMED_ALIKE = { experiment: 'same-name-450', runs: 450, name: 'trial' } as const;

/**
 * Writes 450 finished runs named "trial" in one experiment, told apart only by their seed (their
 * lr is the same), as a training script writing its own store would; more than two pages of the
 * Experiments view.
 */
export function writeRunsNamedAlike(store: Store): void {
  const { experiment, runs, name } = RUNS_NAMED_ALIKE;
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: experiment, origin: { source: 'native', id: experiment, path: null } });
    for (let i = 0; i < runs; i++) {
      const id = `many-${String(i).padStart(3, '0')}`;
      store.runs.upsert({ id, experimentId, name, status: 'finished', deleted: false, startTime: 1_700_000_000_000 + i * 1000, endTime: null, git: null, command: null, parentRunId: null, origin: { source: 'native', id, path: null } });
      store.runs.setParams(id, { lr: '0.01', seed: String(i) });
    }
  });
}
