import type { DriftCheckSummary as HealthCheck } from '../core/health/types';
import type { DriftReport, StatTestName } from '../core/drift/types';
import { StatementCache } from './statementCache';
import type { Store } from './store';

/** One check to keep. */
export interface NewDriftCheck {
  model: string;
  stage: string;
  version: string | null;
  batchPath: string;
  batchSha256: string;
  batchStamp: string;
  report: DriftReport;
}

export interface ColumnScore {
  name: string;
  test: StatTestName;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  score: number | null;
  drift: boolean;
}

/** A kept check without its report: what time series and tables show. */
export interface DriftCheckSummary {
  id: number;
  model: string;
  stage: string;
  version: string | null;
  reference: string;
  batchPath: string;
  batchSha256: string;
  checkedAt: number;
  rows: number;
  driftShare: number;
  shareThreshold: number;
  datasetDrift: boolean;
  columns: ColumnScore[];
}

/** A check as the health rules and model cards read it: its verdict and the columns found drifted. */
export function checkVerdict(check: DriftCheckSummary): HealthCheck {
  return {
    checkedAt: check.checkedAt,
    batch: check.batchPath,
    datasetDrift: check.datasetDrift,
    driftShare: check.driftShare,
    shareThreshold: check.shareThreshold,
    driftedColumns: check.columns.filter((c) => c.drift).map((c) => ({ name: c.name, score: c.score ?? 0 })),
  };
}

interface CheckRow {
  id: number;
  model_name: string;
  stage: string;
  version: string | null;
  reference: string;
  batch_path: string;
  batch_sha256: string;
  checked_at: number;
  rows: number;
  drift_share: number;
  share_threshold: number;
  dataset_drift: number;
}

interface ColumnRow {
  check_id: number;
  name: string;
  test: StatTestName;
  statistic: number | null;
  p_value: number | null;
  threshold: number;
  score: number | null;
  drift: number;
}

const SUMMARY_COLUMNS = 'id, model_name, stage, version, reference, batch_path, batch_sha256, checked_at, rows, drift_share, share_threshold, dataset_drift';

/**
 * Drift checks of monitored batches (migration 10): each batch's content is checked once per
 * watched stage, and the checks of a model read back as time series.
 */
export class DriftCheckQueries {
  private readonly statements: StatementCache;

  constructor(private readonly store: Store) {
    this.statements = new StatementCache(store.db);
  }

  /** The sha256 a batch file had when last seen at this stamp, or undefined when it is new or has changed since. */
  seenAtStamp(model: string, stage: string, path: string, stamp: string): string | undefined {
    return this.statements
      .get<[string, string, string, string], { sha256: string }>('SELECT sha256 FROM drift_batch_files WHERE model_name = ? AND stage = ? AND path = ? AND stamp = ?')
      .get(model, stage, path, stamp)?.sha256;
  }

  /** The check of this content for this stage, if one was kept. */
  checkOf(model: string, stage: string, sha256: string): DriftCheckSummary | undefined {
    const row = this.statements.get<[string, string, string], CheckRow>(`SELECT ${SUMMARY_COLUMNS} FROM drift_checks WHERE model_name = ? AND stage = ? AND batch_sha256 = ?`).get(model, stage, sha256);
    return row && this.withColumns([row])[0];
  }

  /** Records that a file at this stamp holds content already checked (a copy, a touched file). */
  markSeen(model: string, stage: string, path: string, stamp: string, sha256: string): void {
    this.store.write(() => this.upsertSeen(model, stage, path, stamp, sha256));
  }

  /**
   * Keeps a check and its columns in one transaction, with its file as seen. Returns its id, or
   * null when the same content was checked for the stage meanwhile (another process, the watcher
   * and the CLI at once): the first check stands.
   */
  record(check: NewDriftCheck): number | null {
    const { model, stage, report } = check;
    return this.store.write(() => {
      this.upsertSeen(model, stage, check.batchPath, check.batchStamp, check.batchSha256);
      const inserted = this.statements
        .get<unknown[], { id: number }>(
          `INSERT INTO drift_checks (model_name, stage, version, reference, batch_path, batch_sha256, batch_stamp, checked_at, rows, drift_share, share_threshold, dataset_drift, report)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_name, stage, batch_sha256) DO NOTHING RETURNING id`,
        )
        .get(model, stage, check.version, report.reference.label, check.batchPath, check.batchSha256, check.batchStamp, report.checkedAt, report.rows.current, report.driftShare, report.shareThreshold, report.datasetDrift ? 1 : 0, JSON.stringify(report));
      if (!inserted) return null;
      const insertColumn = this.statements.get('INSERT INTO drift_check_columns (check_id, name, test, statistic, p_value, threshold, score, drift) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const c of report.columns) insertColumn.run(inserted.id, c.name, c.test, c.statistic, c.pValue, c.threshold, c.score, c.drift ? 1 : 0);
      return inserted.id;
    });
  }

  /** A model's checks, oldest first (the last `limit` of them), for one stage or all. */
  series(model: string, options: { stage?: string; limit?: number } = {}): DriftCheckSummary[] {
    const limit = options.limit ?? -1;
    const rows =
      options.stage === undefined
        ? this.statements.get<[string, number], CheckRow>(`SELECT * FROM (SELECT ${SUMMARY_COLUMNS} FROM drift_checks WHERE model_name = ? ORDER BY checked_at DESC, id DESC LIMIT ?) ORDER BY checked_at, id`).all(model, limit)
        : this.statements
            .get<[string, string, number], CheckRow>(`SELECT * FROM (SELECT ${SUMMARY_COLUMNS} FROM drift_checks WHERE model_name = ? AND stage = ? ORDER BY checked_at DESC, id DESC LIMIT ?) ORDER BY checked_at, id`)
            .all(model, options.stage, limit);
    return this.withColumns(rows);
  }

  /** The latest check of each watched stage of a model. */
  latest(model: string, stage: string): DriftCheckSummary | undefined {
    return this.series(model, { stage, limit: 1 })[0];
  }

  /** The whole report of a check, as the drift report panel opens it. */
  report(id: number): DriftReport | undefined {
    const row = this.statements.get<[number], { report: string }>('SELECT report FROM drift_checks WHERE id = ?').get(id);
    return row && (JSON.parse(row.report) as DriftReport);
  }

  /** The models with kept checks. */
  models(): string[] {
    return this.statements.get<[], { model_name: string }>('SELECT DISTINCT model_name FROM drift_checks ORDER BY model_name').all().map((r) => r.model_name);
  }

  private upsertSeen(model: string, stage: string, path: string, stamp: string, sha256: string): void {
    this.statements
      .get('INSERT INTO drift_batch_files (model_name, stage, path, stamp, sha256) VALUES (?, ?, ?, ?, ?) ON CONFLICT (model_name, stage, path) DO UPDATE SET stamp = excluded.stamp, sha256 = excluded.sha256')
      .run(model, stage, path, stamp, sha256);
  }

  private withColumns(rows: CheckRow[]): DriftCheckSummary[] {
    if (rows.length === 0) return [];
    const columns = new Map<number, ColumnScore[]>(rows.map((r) => [r.id, []]));
    const columnRows = this.statements
      .get<[string], ColumnRow>('SELECT * FROM drift_check_columns WHERE check_id IN (SELECT value FROM json_each(?)) ORDER BY check_id, score DESC, name')
      .all(JSON.stringify(rows.map((r) => r.id)));
    for (const c of columnRows) {
      columns.get(c.check_id)!.push({ name: c.name, test: c.test, statistic: c.statistic, pValue: c.p_value, threshold: c.threshold, score: c.score, drift: c.drift === 1 });
    }
    return rows.map((r) => ({
      id: r.id,
      model: r.model_name,
      stage: r.stage,
      version: r.version,
      reference: r.reference,
      batchPath: r.batch_path,
      batchSha256: r.batch_sha256,
      checkedAt: r.checked_at,
      rows: r.rows,
      driftShare: r.drift_share,
      shareThreshold: r.share_threshold,
      datasetDrift: r.dataset_drift === 1,
      columns: columns.get(r.id)!,
    }));
  }
}
