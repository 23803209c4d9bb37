import type { SeriesPoints } from '../src/store/metrics';
import { Store } from '../src/store/store';

const BASE_TIME = 1_700_000_000_000;
/** Points per appendSeries call, as the MLflow importer flushes them. */
const BATCH = 100_000;
/** Points per write: an importer commits a big file in pieces. */
const PER_WRITE = 1_000_000;

/** A noisy decaying loss with rare NaNs: cheap to recompute, different per run. */
function value(run: number, i: number): number {
  if (i % 99_991 === 17) return Number.NaN;
  const noise = Math.sin(i * 12.9898 + run * 78.233) * 43_758.5453;
  return 1 / (1 + i / 50_000) + 0.05 * (noise - Math.floor(noise));
}

/** A store with one experiment, to which runs of one `loss` series each are added. */
export function benchStore(dir: string): { store: Store; experimentId: string } {
  const store = Store.open(dir);
  const experimentId = store.write(() => store.experiments.upsert({ name: 'scale', origin: { source: 'native', id: null, path: null } }));
  return { store, experimentId };
}

/** A run whose `loss` has `points` points at steps 0, 1, …, written through appendSeries as importers write. */
export function addRun(store: Store, experimentId: string, r: number, points: number): string {
  const id = `run${r}`;
  store.write(() => {
    store.runs.upsert({
      id, experimentId, name: `run ${r}`, status: 'finished', deleted: false, startTime: BASE_TIME, endTime: BASE_TIME + points * 100,
      git: { commit: `${r % 10}`.repeat(40), branch: 'main', dirty: false }, command: null, parentRunId: null, origin: { source: 'native', id: null, path: null },
    });
    store.runs.setParams(id, { lr: String(0.001 * (r + 1)), batch_size: String(32 << r % 4), optimizer: r % 2 ? 'adam' : 'sgd', seed: String(r) });
  });
  const batch: SeriesPoints = { steps: new Float64Array(BATCH), timestamps: new Float64Array(BATCH), values: new Float64Array(BATCH), length: 0 };
  for (let start = 0; start < points; start += PER_WRITE) {
    store.write(() => {
      for (let s = start; s < Math.min(points, start + PER_WRITE); s += BATCH) {
        batch.length = Math.min(BATCH, points - s);
        for (let j = 0; j < batch.length; j++) {
          batch.steps[j] = s + j;
          batch.timestamps[j] = BASE_TIME + (s + j) * 100;
          batch.values[j] = value(r, s + j);
        }
        store.metrics.appendSeries(id, 'loss', batch);
      }
    });
  }
  return id;
}
