// What a push sends of one local run, read from the workspace's store, and the digest that tells a
// run unchanged since its last complete push.
import { createHash } from 'node:crypto';
import type { DatasetInput, Run } from '../core/types';
import type { Store } from '../store/store';

export interface ExperimentRecord {
  id: string;
  name: string;
  deleted: boolean;
  originSource: string;
  originId: string | null;
  originPath: string | null;
  createdAt: number;
}

/** A field users change about a run, with when and by whom it last changed here (from the audit log). */
export interface AnnotatedField<T> {
  value: T;
  at: number | null;
  by: string | null;
}

export interface LocalAnnotations {
  /** The user's name for the run; null: the imported one. */
  name: AnnotatedField<string | null>;
  note: AnnotatedField<string | null>;
  /** When the user deleted the run; null: not deleted by the user. */
  deletedAt: AnnotatedField<number | null>;
}

export interface LocalAuditEntry {
  hash: string;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  beforeJson: string | null;
  afterJson: string | null;
}

export interface LocalRun {
  /** As imported: the user's rename and deletion are in `annotations`. */
  run: Run;
  experiment: ExperimentRecord;
  params: Record<string, string>;
  tags: Record<string, string>;
  inputs: DatasetInput[];
  annotations: LocalAnnotations;
  /** Point counts per metric key. */
  series: Map<string, number>;
  /** The run's audit entries written here (not those a pull copied from the team store), pins left out. */
  audit: LocalAuditEntry[];
  /** Whether the run was pulled from a team store (then only its annotations and audit entries are pushed). */
  pulled: boolean;
}

/** Audit actions that change an annotation a push sends, by field. */
export const FIELD_ACTIONS = { name: ['run.rename'], note: ['run.note'], deletedAt: ['run.delete', 'run.restore'] } as const;
export type AnnotationField = keyof typeof FIELD_ACTIONS;

/** Pins stay personal: their audit entries never leave the workspace (nor change what a push sends). */
const PERSONAL_ACTIONS = ['run.pin', 'run.unpin'] as const;

/** The ids of the runs a push considers: every run but those whose import is unfinished (pushed once complete). */
export function pushableRunIds(store: Store): string[] {
  return store.db
    .prepare<[], { id: string }>('SELECT id FROM runs WHERE id NOT IN (SELECT run_id FROM runs_importing) ORDER BY rowid')
    .all()
    .map((row) => row.id);
}

export function readLocalRun(store: Store, runId: string): LocalRun | undefined {
  const run = store.runs.getImported(runId);
  if (!run) return undefined;
  const db = store.db;
  const placement = db.prepare<[string], { pulled_from: string | null }>('SELECT pulled_from FROM runs WHERE id = ?').get(runId)!;
  const experiment = db
    .prepare<[string], { id: string; name: string; deleted: number; origin_source: string; origin_id: string | null; origin_path: string | null; created_at: number }>(
      'SELECT id, name, deleted, origin_source, origin_id, origin_path, created_at FROM experiments WHERE id = ?',
    )
    .get(run.experimentId)!;
  const annotation = db
    .prepare<[string], { display_name: string | null; note: string | null; deleted_at: number | null }>('SELECT display_name, note, deleted_at FROM run_annotations WHERE run_id = ?')
    .get(runId);
  const audit = db
    .prepare<[string], { hash: string; at: number; actor: string | null; action: string; target: string; before_json: string | null; after_json: string | null }>(
      `SELECT hash, at, actor, action, target, before_json, after_json FROM audit_log
       WHERE target = ? AND hash NOT IN (SELECT local_hash FROM team_pulled_audit) AND action NOT IN (${PERSONAL_ACTIONS.map((a) => `'${a}'`).join(', ')}) ORDER BY id`,
    )
    .all(runId)
    .map((row) => ({ hash: row.hash, at: row.at, actor: row.actor, action: row.action, target: row.target, beforeJson: row.before_json, afterJson: row.after_json }));
  // The last change of each field, pulled entries included: a teammate's later rename wins here too.
  const lastChange = (actions: readonly string[]) =>
    db
      .prepare<[string], { at: number; actor: string | null }>(
        `SELECT at, actor FROM audit_log WHERE target = ? AND action IN (${actions.map((a) => `'${a}'`).join(', ')}) ORDER BY at DESC, id DESC LIMIT 1`,
      )
      .get(runId);
  const field = <T>(value: T, actions: readonly string[]): AnnotatedField<T> => {
    const change = lastChange(actions);
    return { value, at: change?.at ?? null, by: change?.actor ?? null };
  };
  return {
    run,
    experiment: {
      id: experiment.id,
      name: experiment.name,
      deleted: experiment.deleted === 1,
      originSource: experiment.origin_source,
      originId: experiment.origin_id,
      originPath: experiment.origin_path,
      createdAt: experiment.created_at,
    },
    params: store.runs.params(runId),
    tags: store.runs.tags(runId),
    inputs: store.runs.inputs(runId),
    annotations: {
      name: field(annotation?.display_name ?? null, FIELD_ACTIONS.name),
      note: field(annotation?.note ?? null, FIELD_ACTIONS.note),
      deletedAt: field(annotation?.deleted_at ?? null, FIELD_ACTIONS.deletedAt),
    },
    series: new Map(db.prepare<[string], [string, number]>('SELECT key, count FROM metric_series WHERE run_id = ? ORDER BY key').raw().all(runId)),
    audit,
    pulled: placement.pulled_from !== null,
  };
}

/** A digest of everything a push sends of the run, point counts included. */
export function fingerprintOf(local: LocalRun): string {
  const { run, series, ...rest } = local;
  const content = JSON.stringify({ ...rest, run: { ...run, importing: undefined }, series: [...series] });
  return createHash('sha256').update(content).digest('hex');
}
