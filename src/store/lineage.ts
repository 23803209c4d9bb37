import type Database from 'better-sqlite3';
import { metricsAgainstRegistered, roleOfInput } from '../core/lineage/evaluation';
import type { Evaluation, VersionDataset } from '../core/lineage/types';
import type { LinkedVersion } from '../core/lineage/linkedVersion';
import type { DatasetRole } from '../core/tagMessage';
import type { ModelVersion } from '../core/types';
import type { MetricQueries } from './metrics';
import type { RunQueries } from './runs';
import { RUN_IS_SHOWN } from './runs';
import { StatementCache } from './statementCache';

interface DatasetRow {
  path: string;
  sha256: string | null;
  role: DatasetRole;
  profile: string | null;
}

/** The data versions were trained and evaluated on, and the runs that evaluate them (migration 9). */
export class LineageQueries {
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly runs: RunQueries,
    private readonly metrics: MetricQueries,
  ) {
    this.statements = new StatementCache(db);
  }

  /**
   * A version's datasets: those its tag lists (training first, then evaluation), then the source
   * run's logged inputs the tag does not list (a version registered before the list existed, an
   * MLflow version), as training data unless the run logged them as evaluation data.
   */
  datasets(version: Pick<ModelVersion, 'model' | 'version' | 'runId'>): VersionDataset[] {
    const tagged = this.statements
      .get<[string, string], DatasetRow>(
        `SELECT path, sha256, role, profile FROM version_datasets WHERE model_name = ? AND version = ?
         ORDER BY role = 'evaluation', path`,
      )
      .all(version.model, version.version);
    const inputs = version.runId === null ? [] : this.runs.inputs(version.runId);
    const logged = new Set(inputs.map((i) => i.path));
    const listed = new Set(tagged.map((d) => d.path));
    return [
      ...tagged.map((d) => ({ ...d, inTag: true, loggedByRun: logged.has(d.path) })),
      ...inputs
        .filter((i) => !listed.has(i.path))
        .map((i) => ({ path: i.path, sha256: i.sha256, role: roleOfInput(i), profile: null, inTag: false, loggedByRun: true })),
    ];
  }

  /** Links a run to the version it evaluates, or unlinks it (null). Call inside a store write. */
  setEvaluates(runId: string, ref: LinkedVersion | null): void {
    if (ref === null) {
      this.statements.get('DELETE FROM run_evaluates WHERE run_id = ?').run(runId);
      return;
    }
    this.statements
      .get(
        `INSERT INTO run_evaluates (run_id, model, version) VALUES (?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET model = excluded.model, version = excluded.version`,
      )
      .run(runId, ref.model, ref.version);
  }

  evaluates(runId: string): LinkedVersion | undefined {
    return this.statements.get<[string], LinkedVersion>('SELECT model, version FROM run_evaluates WHERE run_id = ?').get(runId);
  }

  /** How many shown (not deleted) runs evaluate the version: a row's count without building each evaluation. */
  evaluationCount(model: string, version: string): number {
    return this.statements
      .get<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM run_evaluates e JOIN runs r ON r.id = e.run_id WHERE e.model = ? AND e.version = ? AND ${RUN_IS_SHOWN}`,
      )
      .get(model, version)!.n;
  }

  /**
   * The shown runs that evaluate a version, oldest first (by start time; runs with none last), each
   * with its inputs and its metrics against those the version was registered with.
   */
  evaluations(version: Pick<ModelVersion, 'model' | 'version' | 'metrics'>): Evaluation[] {
    const ids = this.statements
      .get<[string, string], { id: string }>(
        `SELECT r.id FROM run_evaluates e JOIN runs r ON r.id = e.run_id
         WHERE e.model = ? AND e.version = ? AND ${RUN_IS_SHOWN} ORDER BY r.start_time IS NULL, r.start_time, r.id`,
      )
      .all(version.model, version.version);
    return ids.flatMap(({ id }) => {
      const run = this.runs.get(id);
      if (!run) return [];
      const last = new Map([...this.metrics.summaries(id)].map(([key, s]) => [key, s.last]));
      return [{ run, inputs: this.runs.inputs(id), metrics: metricsAgainstRegistered(version.metrics, last) }];
    });
  }
}
