// Runs written into a local store the way an importer writes them, for the team store's tests and
// benchmarks: an experiment shared by id (as two clones of one repository give), params, tags, an
// input, and metric series of a chosen length.
import type { MetricPoint, Run } from '../src/core/types';
import type { Store } from '../src/store/store';

export interface TeamRunSpec {
  id: string;
  experimentId?: string;
  name?: string;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** Points per metric key (steps 0, 1, …; one second apart). */
  metrics?: Record<string, number>;
  startTime?: number;
}

/** A value for step `step` of metric `key`: a noisy decay, with a NaN now and then. */
export function metricValue(key: string, step: number): number {
  if (step % 1009 === 13) return Number.NaN;
  return (1 / (1 + step / 500)) * (1 + 0.05 * Math.sin(step + key.length));
}

export function metricPoints(key: string, count: number, startTime: number): MetricPoint[] {
  return Array.from({ length: count }, (_, step) => ({ key, step, timestamp: startTime + step * 1000, value: metricValue(key, step) }));
}

export function writeTeamRun(store: Store, spec: TeamRunSpec): Run {
  const startTime = spec.startTime ?? 1_760_000_000_000;
  const experimentId = spec.experimentId ?? 'exp-shared';
  const run: Run = {
    id: spec.id,
    experimentId,
    name: spec.name ?? spec.id,
    status: 'finished',
    deleted: false,
    startTime,
    endTime: startTime + 3_600_000,
    git: { commit: 'a'.repeat(40), branch: 'main', dirty: false },
    command: 'python train.py',
    parentRunId: null,
    origin: { source: 'native', id: spec.id, path: '.modelledger/runs' },
  };
  store.write(() => {
    store.db
      .prepare(
        `INSERT INTO experiments (id, name, deleted, origin_source, origin_id, origin_path, created_at)
         VALUES (?, 'shared experiment', 0, 'native', ?, '.modelledger/runs', ?) ON CONFLICT DO NOTHING`,
      )
      .run(experimentId, experimentId, startTime);
    store.runs.upsert(run);
    store.runs.replaceParams(run.id, spec.params ?? { lr: '0.01', layers: '4' });
    store.runs.replaceTags(run.id, spec.tags ?? { team: 'vision' });
    store.runs.replaceInputs(run.id, [{ path: 'data/train.csv', sha256: 'b'.repeat(64), context: 'training' }]);
    for (const [key, count] of Object.entries(spec.metrics ?? { loss: 100 })) store.metrics.append(run.id, metricPoints(key, count, startTime));
  });
  return run;
}
