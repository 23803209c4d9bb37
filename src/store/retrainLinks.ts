import type Database from 'better-sqlite3';
import type { LinkedVersion } from '../core/lineage/linkedVersion';
import { StatementCache } from './statementCache';

/** Which version each run retrains ("Retrain from Version…" links the run it starts). */
export class RetrainLinks {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Records (or, with null, forgets) the version `runId` retrains. Call inside a write. */
  set(runId: string, ref: LinkedVersion | null): void {
    if (ref === null) {
      this.statements.get('DELETE FROM run_retrains WHERE run_id = ?').run(runId);
      return;
    }
    this.statements.get('INSERT OR REPLACE INTO run_retrains (run_id, model, version) VALUES (?, ?, ?)').run(runId, ref.model, ref.version);
  }

  /** The version `runId` retrains; undefined when it retrains none. */
  of(runId: string): LinkedVersion | undefined {
    return this.statements.get<[string], LinkedVersion>('SELECT model, version FROM run_retrains WHERE run_id = ?').get(runId);
  }

  /** The runs that retrain `model` `version`, by id. */
  runsRetraining(ref: LinkedVersion): string[] {
    return this.statements
      .get<[string, string], { run_id: string }>('SELECT run_id FROM run_retrains WHERE model = ? AND version = ? ORDER BY run_id')
      .all(ref.model, ref.version)
      .map((r) => r.run_id);
  }

  /** Every link, the newest runs first (by start time, then id). */
  all(): (LinkedVersion & { runId: string })[] {
    return this.statements
      .get<[], LinkedVersion & { runId: string }>(
        'SELECT l.run_id AS runId, l.model, l.version FROM run_retrains l JOIN runs r ON r.id = l.run_id ORDER BY r.start_time DESC, l.run_id',
      )
      .all();
  }
}
