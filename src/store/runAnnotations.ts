import type Database from 'better-sqlite3';
import { UserError } from '../core/errors';
import { runNameProblem, runNoteProblem } from '../core/runAnnotationRules';
import type { AuditLog } from './audit';

export interface RunAnnotation {
  pinned: boolean;
  note: string | null;
  /** The imported name when the user renamed the run. */
  originalName: string | null;
  /** When the user deleted the run (ms since the epoch); null unless deleted by the user. */
  deletedAt: number | null;
  /** Who deleted it (the git actor), when known. */
  deletedBy: string | null;
}

export function isAnnotated(annotation: RunAnnotation): boolean {
  return annotation.pinned || annotation.note !== null || annotation.originalName !== null || annotation.deletedAt !== null;
}

interface AnnotationRow {
  imported_name: string;
  display_name: string | null;
  note: string | null;
  pinned: number;
  deleted_at: number | null;
  deleted_by: string | null;
}

type AnnotationFields = Omit<AnnotationRow, 'imported_name'>;

/** Runs `work` as one write transaction of the store. */
type Write = <T>(work: () => T) => T;

/**
 * What users change about runs (rename, note, pin, delete), kept apart from the imported columns
 * so a re-import never undoes it. Each call is one transaction with one audit entry per run it changes;
 * a call that changes nothing writes nothing.
 */
export class RunAnnotationWrites {
  constructor(
    private readonly db: Database.Database,
    private readonly write: Write,
    private readonly audit: AuditLog,
  ) {}

  annotations(runId: string): RunAnnotation {
    const row = this.requireRow(runId);
    return {
      pinned: row.pinned === 1,
      note: row.note,
      originalName: row.display_name === null ? null : row.imported_name,
      deletedAt: row.deleted_at,
      deletedBy: row.deleted_by,
    };
  }

  setPinned(runIds: readonly string[], pinned: boolean, actor: string | null): void {
    const flag = pinned ? 1 : 0;
    const update = (row: AnnotationRow) => (row.pinned === flag ? undefined : { pinned: flag });
    this.change(runIds, actor, pinned ? 'run.pin' : 'run.unpin', update, (row) => ({ pinned: row.pinned === 1 }));
  }

  /** Shows the run under `name` (trimmed; 1..200 characters, no control characters); null goes back to the imported name. */
  rename(runId: string, name: string | null, actor: string | null): void {
    const problem = name === null ? undefined : runNameProblem(name);
    if (problem) throw new UserError(problem);
    const wanted = name === null ? null : name.trim();
    this.change([runId], actor, 'run.rename', (row) => {
      const displayName = wanted === row.imported_name ? null : wanted;
      return displayName === row.display_name ? undefined : { display_name: displayName };
    }, (row) => ({ name: row.display_name ?? row.imported_name }));
  }

  /** A note of up to 10,000 characters; null or blank removes it. */
  setNote(runId: string, note: string | null, actor: string | null): void {
    const wanted = note === null || note.trim() === '' ? null : note;
    const problem = wanted === null ? undefined : runNoteProblem(wanted);
    if (problem) throw new UserError(problem);
    this.change([runId], actor, 'run.note', (row) => (row.note === wanted ? undefined : { note: wanted }), (row) => ({ note: row.note }));
  }

  /** Hides the runs from the views (undone by restore); their data stays in the store. */
  softDelete(runIds: readonly string[], actor: string | null): void {
    const at = Date.now();
    this.change(runIds, actor, 'run.delete', (row) => (row.deleted_at === null ? { deleted_at: at, deleted_by: actor } : undefined), deletionOf);
  }

  /** Undoes softDelete; a run deleted at its source stays deleted. */
  restore(runIds: readonly string[], actor: string | null): void {
    this.change(runIds, actor, 'run.restore', (row) => (row.deleted_at === null ? undefined : { deleted_at: null, deleted_by: null }), deletionOf);
  }

  /**
   * Applies `update` to each run's annotation and audits what changed. Every id is checked before
   * anything is written, so an unknown id leaves the store as it was.
   */
  private change(
    runIds: readonly string[],
    actor: string | null,
    action: string,
    update: (row: AnnotationRow) => Partial<AnnotationFields> | undefined,
    audited: (row: AnnotationRow) => unknown,
  ): void {
    this.write(() => {
      const rows = [...new Set(runIds)].map((runId) => ({ runId, row: this.requireRow(runId) }));
      for (const { runId, row } of rows) {
        const changes = update(row);
        if (!changes) continue;
        const next = { ...row, ...changes };
        this.save(runId, next);
        this.audit.append({ actor, action, target: runId, before: audited(row), after: audited(next) });
      }
    });
  }

  private save(runId: string, fields: AnnotationFields): void {
    if (fields.display_name === null && fields.note === null && fields.pinned === 0 && fields.deleted_at === null) {
      this.db.prepare('DELETE FROM run_annotations WHERE run_id = ?').run(runId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO run_annotations (run_id, display_name, note, pinned, deleted_at, deleted_by)
         VALUES (@runId, @display_name, @note, @pinned, @deleted_at, @deleted_by)
         ON CONFLICT (run_id) DO UPDATE SET display_name = excluded.display_name, note = excluded.note, pinned = excluded.pinned,
           deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by`,
      )
      .run({ runId, display_name: fields.display_name, note: fields.note, pinned: fields.pinned, deleted_at: fields.deleted_at, deleted_by: fields.deleted_by });
  }

  private requireRow(runId: string): AnnotationRow {
    const row = this.db
      .prepare<[string], AnnotationRow>(
        `SELECT r.name AS imported_name, a.display_name, a.note, ifnull(a.pinned, 0) AS pinned, a.deleted_at, a.deleted_by
         FROM runs r LEFT JOIN run_annotations a ON a.run_id = r.id WHERE r.id = ?`,
      )
      .get(runId);
    if (!row) throw new UserError(`No run with id "${runId}" in this store.`);
    return row;
  }
}

function deletionOf(row: AnnotationFields): unknown {
  return { deleted: row.deleted_at !== null };
}

