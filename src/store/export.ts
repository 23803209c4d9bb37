import type { AuditEntry, Experiment, GitState, Origin, Run, RunStatus } from '../core/types';
import { isAnnotated, type RunAnnotation } from './runAnnotations';
import type { Store } from './store';

export const EXPORT_FORMAT = 'model-ledger-export';
export const EXPORT_VERSION = 1;

/** JSON cannot hold NaN or ±Infinity: the export spells them as strings (docs/export-format.md). */
export type ExportNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface ExportedRun {
  id: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  deleted: boolean;
  startTime: number | null;
  endTime: number | null;
  git: GitState | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, { count: number; last: ExportNumber; min: number | null; max: number | null }>;
  origin: Origin;
  /** What a user changed (rename, note, pin, deletion), which only the store holds; absent when nothing. */
  annotations?: RunAnnotation;
}

export interface ExportedVersion {
  version: string;
  runId: string | null;
  commit: string | null;
  artifact: { path: string; sha256: string | null; size: number | null } | null;
  /** Where an imported registry (MLflow) said the artifact was; absent for the git registry. */
  artifactSource?: string;
  stages: string[];
  createdAt: number;
  createdBy: string | null;
}

export interface LedgerExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  experiments: Experiment[];
  runs: ExportedRun[];
  models: { name: string; description: string | null; versions: ExportedVersion[] }[];
  audit: AuditEntry[];
}

export function exportNumber(value: number): ExportNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** The whole store, deleted records included (flagged), in a stable order. */
export function exportStore(store: Store): LedgerExport {
  const runs = [...store.runs.iterateAll()].map((run) => exportRun(store, run));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    experiments: store.experiments.list({ includeDeleted: true }),
    runs,
    models: exportModels(store),
    audit: store.audit.list(),
  };
}

export function exportRun(store: Store, run: Run): ExportedRun {
  // A null prototype keeps a metric named __proto__ an ordinary key.
  const metrics: ExportedRun['metrics'] = Object.create(null);
  for (const [key, s] of store.metrics.summaries(run.id)) {
    metrics[key] = { count: s.count, last: exportNumber(s.last), min: s.min, max: s.max };
  }
  const annotations = store.runAnnotations.annotations(run.id);
  return {
    id: run.id,
    experimentId: run.experimentId,
    name: run.name,
    status: run.status,
    deleted: run.deleted,
    startTime: run.startTime,
    endTime: run.endTime,
    git: run.git,
    params: store.runs.params(run.id),
    tags: store.runs.tags(run.id),
    metrics,
    origin: run.origin,
    ...(isAnnotated(annotations) ? { annotations } : {}),
  };
}

export function exportModels(store: Store): LedgerExport['models'] {
  return store.models.withVersions().map((model) => ({
    name: model.name,
    description: model.description,
    versions: model.versions.map((v) => ({
      version: v.version,
      runId: v.runId,
      commit: v.commit,
      artifact: v.artifact,
      ...(v.artifactSource === null ? {} : { artifactSource: v.artifactSource }),
      stages: v.stages,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
    })),
  }));
}
