import type Database from 'better-sqlite3';
import type { Store } from '../../store/store';
import { importedExperimentId } from '../runRecord';
import type { SourceSchema } from './sourceSchema';

export interface SourceExperiment {
  experiment_id: number | string;
  name: string;
  lifecycle_stage: string | null;
}

export function readExperiments(db: Database.Database, schema: SourceSchema): SourceExperiment[] {
  return db
    .prepare<[], SourceExperiment>(
      `SELECT experiment_id, name, ${schema.column('experiments', 'lifecycle_stage', 'NULL')} FROM experiments ORDER BY experiment_id`,
    )
    .all();
}

/** Writes the experiments and returns the store's experiment id for each MLflow experiment id. Call inside a store write. */
export function saveExperiments(store: Store, experiments: readonly SourceExperiment[], dbRelPath: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const experiment of experiments) {
    const idInSource = String(experiment.experiment_id);
    const id = store.experiments.upsert({
      id: importedExperimentId('mlflow-db', dbRelPath, idInSource),
      name: experiment.name,
      deleted: experiment.lifecycle_stage === 'deleted',
      origin: { source: 'mlflow-db', id: idInSource, path: dbRelPath },
    });
    ids.set(idInSource, id);
  }
  return ids;
}
