import { isRunStatus, type RunStatus } from '../../core/types';
import { gitStateOf } from '../mlflowConventions';
import type { RunRecord } from '../runRecord';
import type { SourceRunRows } from './readRuns';

/** MLflow's rows of one run as Model Ledger's run record. Throws on a run it cannot represent. */
export function toRunRecord(rows: SourceRunRows, experimentId: string, dbRelPath: string): RunRecord {
  const { run, tags } = rows;
  return {
    run: {
      id: run.run_uuid,
      experimentId,
      // runs.name is filled since MLflow 1.29; older runs carry their name only in the mlflow.runName tag.
      name: run.name || tags['mlflow.runName'] || run.run_uuid,
      status: runStatus(run.status),
      deleted: run.lifecycle_stage === 'deleted',
      startTime: run.start_time,
      endTime: run.end_time,
      git: gitStateOf(tags, run.source_version),
      command: null,
      parentRunId: tags['mlflow.parentRunId'] || null,
      origin: { source: 'mlflow-db', id: run.run_uuid, path: dbRelPath },
    },
    params: rows.params,
    tags,
    artifacts: rows.loggedModels,
    inputs: rows.inputs,
  };
}

function runStatus(status: string | null): RunStatus {
  const lower = status?.toLowerCase();
  if (!isRunStatus(lower)) throw new Error(`status ${JSON.stringify(status)} is not an MLflow run status`);
  return lower;
}

