import * as path from 'node:path';
import type { Artifact, Run, RunStatus } from '../../core/types';
import { gitStateOf } from '../mlflowConventions';
import type { RunRecord } from '../runRecord';
import type { IngestContext } from '../types';
import { runArtifacts } from './artifacts';
import type { ExperimentFolder } from './experiments';
import { runInputs } from './inputs';
import { readKeyValues } from './keyValues';
import type { Meta } from '../../core/mlflowMeta';

/** MLflow's RunStatus enum, as meta.yaml stores it (a code), and by name as some writers do. */
const STATUSES: ReadonlyMap<string, RunStatus> = new Map([
  ['1', 'running'],
  ['2', 'scheduled'],
  ['3', 'finished'],
  ['4', 'failed'],
  ['5', 'killed'],
  ['RUNNING', 'running'],
  ['SCHEDULED', 'scheduled'],
  ['FINISHED', 'finished'],
  ['FAILED', 'failed'],
  ['KILLED', 'killed'],
]);

/** Where a run folder sits: its experiment, read, and the experiment's logged models by run. */
export interface RunPlace {
  folder: ExperimentFolder;
  loggedModels: ReadonlyMap<string, Artifact[]>;
}

/** A run's status; MLflow reads a missing status as RUNNING. Null (with a diagnostic) when unknown. */
function runStatus(ctx: IngestContext, metaFile: string, meta: Meta): RunStatus | null {
  const text = meta.text('status');
  if (text === null) return 'running';
  const status = STATUSES.get(text.toUpperCase());
  if (!status) ctx.diagnostics.error(metaFile, `unknown run status "${text}"; run skipped`);
  return status ?? null;
}

/**
 * Everything about one run folder but its metrics: the run row (its id is MLflow's), params,
 * tags, artifacts and dataset inputs. Null, with a diagnostic, when the folder is not a usable run.
 */
export function readRunRecord(ctx: IngestContext, place: RunPlace, runDir: string, meta: Meta): RunRecord | null {
  const metaFile = path.join(runDir, 'meta.yaml');
  const id = meta.text('run_id') || meta.text('run_uuid');
  if (!id) {
    ctx.diagnostics.error(metaFile, 'no run_id; skipped');
    return null;
  }
  const status = runStatus(ctx, metaFile, meta);
  if (status === null) return null;
  const tags = readKeyValues(ctx, path.join(runDir, 'tags'));
  const { experiment } = place.folder;
  const run: Run = {
    id,
    experimentId: experiment.id,
    // MLflow 1.x kept the name only in the mlflow.runName tag; 0.x had a `name` field.
    name: meta.text('run_name') || tags['mlflow.runName'] || meta.text('name') || id,
    status,
    deleted: experiment.deleted || meta.text('lifecycle_stage') === 'deleted',
    startTime: meta.integer('start_time'),
    endTime: meta.integer('end_time'),
    git: gitStateOf(tags),
    command: command(tags, meta),
    parentRunId: tags['mlflow.parentRunId'] || null,
    origin: { source: 'mlflow', id, path: experiment.origin.path },
  };
  return {
    run,
    params: readKeyValues(ctx, path.join(runDir, 'params')),
    tags,
    artifacts: [...runArtifacts(ctx, runDir, meta.text('artifact_uri')), ...(place.loggedModels.get(id) ?? [])],
    inputs: runInputs(ctx, runDir, place.folder.dir),
  };
}

/**
 * What was run: the source file or project. A project's entry point makes it `mlflow run`, the
 * command that re-runs it.
 */
function command(tags: Record<string, string>, meta: Meta): string | null {
  const source = tags['mlflow.source.name'] || meta.text('source_name');
  if (!source) return null;
  const entryPoint = tags['mlflow.project.entryPoint'] || meta.text('entry_point_name');
  return entryPoint ? `mlflow run ${source} -e ${entryPoint}` : source;
}
