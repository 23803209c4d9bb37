import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GeneratedStoreShape {
  runs: number;
  metrics: number;
  steps: number;
}

/** The value of a generated point: cheap to recompute, so the raw baseline needs no copy in memory. */
export function pointValue(run: number, metric: number, step: number): number {
  return Math.sin(run * 0.37 + metric * 1.3 + step * 0.01) * (1 + metric);
}

export const BASE_TIME = 1_700_000_000_000;

/** Writes an MLflow file store (as MLflow 2.x writes it) of runs x metrics x steps points under `workspace/mlruns`. */
export function generateMlflowStore(workspace: string, shape: GeneratedStoreShape): string {
  const store = path.join(workspace, 'mlruns');
  const experiment = path.join(store, '1');
  fs.mkdirSync(experiment, { recursive: true });
  fs.writeFileSync(path.join(experiment, 'meta.yaml'), `artifact_location: file://${experiment}\ncreation_time: ${BASE_TIME}\nexperiment_id: '1'\nlast_update_time: ${BASE_TIME}\nlifecycle_stage: active\nname: bench\n`);
  // Every file's lines share their timestamps and steps: written once, so a line costs one number's digits.
  const heads = Array.from({ length: shape.steps }, (_, s) => `${BASE_TIME + s * 1000} `);
  const tails = Array.from({ length: shape.steps }, (_, s) => ` ${s}`);
  const lines: string[] = new Array(shape.steps);
  for (let r = 0; r < shape.runs; r++) {
    const id = r.toString(16).padStart(32, '0');
    const run = path.join(experiment, id);
    for (const sub of ['metrics', 'params', 'tags', 'artifacts']) fs.mkdirSync(path.join(run, sub), { recursive: true });
    fs.writeFileSync(
      path.join(run, 'meta.yaml'),
      `artifact_uri: file://${run}/artifacts\nend_time: ${BASE_TIME + shape.steps * 1000}\nentry_point_name: ''\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: run-${r}\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: ${BASE_TIME}\nstatus: 3\ntags: []\nuser_id: bench\n`,
    );
    fs.writeFileSync(path.join(run, 'params', 'lr'), String(0.001 * (r + 1)));
    fs.writeFileSync(path.join(run, 'tags', 'mlflow.runName'), `run-${r}`);
    for (let m = 0; m < shape.metrics; m++) {
      for (let s = 0; s < shape.steps; s++) lines[s] = heads[s]! + pointValue(r, m, s) + tails[s]!;
      fs.writeFileSync(path.join(run, 'metrics', `metric_${m}`), lines.join('\n') + '\n');
    }
  }
  return store;
}
